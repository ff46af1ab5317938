import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import type { Principal } from '@relay/auth';
import { conflict, iso, newId, notFound, validationFailed } from '@relay/common';
import { TransactionRunner } from '@relay/database';
import { EventOutbox, SYSTEM_ACTOR, userActor } from '@relay/events';
import type { Actor } from '@relay/events';
import { User, UsersService } from '@relay/users';
import { InviteResponse } from './dto/invite.response';
import { hashPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password-hasher';
import { sessionEvents } from './sessions.events';
import { generateToken, hashToken } from './session-token';
import { UserInvite } from './user-invite.entity';
import { UserSession } from './user-session.entity';

const INVITE_TTL_MS = 7 * 24 * 3_600_000;
export const INVITE_PATH = '/app/invite/';

/**
 * Passwords (contract §13): one-time invite links an admin creates, the password they set, and
 * the CLI's `user:set-password`. A new password ends every session of the user.
 */
@Injectable()
export class InvitesService {
  constructor(
    @InjectRepository(UserInvite) private readonly invites: Repository<UserInvite>,
    private readonly users: UsersService,
    private readonly tx: TransactionRunner,
    private readonly outbox: EventOutbox,
  ) {}

  /** `POST /users/{id}/invite`: the user must be in the caller's workspace (else 404). */
  async invite(principal: Principal, userId: string): Promise<InviteResponse> {
    const user = await this.users.get(principal, userId);
    return this.createInvite(user.workspaceId, user.id);
  }

  /**
   * A fresh invite link for a user (the first-start bootstrap prints the admin's). Replaces any
   * earlier invite of the user: only the newest link works.
   */
  createInvite(workspaceId: string, userId: string): Promise<InviteResponse> {
    return this.tx.run(async (manager) => {
      await manager.delete(UserInvite, { userId });
      const token = generateToken();
      const now = new Date();
      const expiresAt = new Date(now.getTime() + INVITE_TTL_MS);
      await manager.insert(UserInvite, { id: newId('inv'), workspaceId, userId, tokenHash: hashToken(token), createdAt: now, expiresAt });
      return { url: `${INVITE_PATH}${token}`, expires_at: iso(expiresAt) };
    });
  }

  /** `POST /auth/invites/{token}`: sets the password once; an unknown, used or expired token is 404. */
  async accept(token: string, password: string): Promise<void> {
    const tokenHash = hashToken(token);
    const live = (invite: UserInvite | null): invite is UserInvite => invite !== null && invite.expiresAt.getTime() > Date.now();
    // Hash outside the transaction (it takes a while), and only for a link that works.
    if (!live(await this.invites.findOneBy({ tokenHash }))) throw notFound('invite');
    const hash = await hashPassword(password);
    await this.tx.run(async (manager) => {
      const invite = await manager.findOneBy(UserInvite, { tokenHash });
      if (!live(invite)) throw notFound('invite');
      // Used once: a second request with the same link finds nothing.
      await manager.delete(UserInvite, { id: invite.id });
      const user = await this.users.findIn(manager, invite.workspaceId, invite.userId);
      if (!user || !user.active) throw notFound('invite');
      // The invited person acts: no key, no session yet.
      await this.storePassword(manager, userActor(user.id), user, hash);
    });
  }

  /**
   * For the CLI (`user:set-password --email E`): sets a user's password directly. Without a
   * workspace id the email must name exactly one user. Throws ApiError (404, 409, 400).
   */
  async setPassword(email: string, password: string, workspaceId?: string): Promise<User> {
    if (password.length < PASSWORD_MIN_LENGTH || password.length > PASSWORD_MAX_LENGTH) {
      throw validationFailed('password', `must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters`);
    }
    const matches = await this.users.findByEmail(email, workspaceId);
    if (matches.length === 0) throw notFound('user', 'email');
    if (matches.length > 1)
      throw conflict('this email has a user in several workspaces: name the workspace', [{ field: 'workspace_id', message: 'required' }]);
    const hash = await hashPassword(password);
    return this.tx.run(async (manager) => {
      const user = await this.users.findIn(manager, matches[0].workspaceId, matches[0].id);
      if (!user) throw notFound('user', 'email');
      await manager.delete(UserInvite, { userId: user.id });
      // An operator at the CLI: Relay itself, not a user of the workspace.
      return this.storePassword(manager, SYSTEM_ACTOR, user, hash);
    });
  }

  private async storePassword(manager: EntityManager, actor: Actor, user: User, hash: string): Promise<User> {
    const saved = await this.users.setPasswordHashIn(manager, user, hash);
    // sessions_not_before already ends them; deleting them also clears the user's session list.
    await manager.delete(UserSession, { userId: user.id });
    await sessionEvents.passwordSet(this.outbox, this.users, manager, actor, saved);
    return saved;
  }
}
