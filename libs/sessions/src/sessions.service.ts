import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AttemptLimiter, csrfTokenFor } from '@relay/auth';
import type { Principal } from '@relay/auth';
import { ApiError, ErrorCode, KeysetPaginator, ListQueryDto, newId, notFound, Page, RelayConfig } from '@relay/common';
import { TransactionRunner } from '@relay/database';
import { EventOutbox, userActor } from '@relay/events';
import { User, UsersService } from '@relay/users';
import { CurrentSessionResponse, SessionResponse } from './dto/session.response';
import { SignInDto } from './dto/sign-in.dto';
import { hashPassword, verifyPassword } from './password-hasher';
import { toSessionResponse } from './session.mapper';
import { sessionEvents } from './sessions.events';
import { generateToken, hashToken } from './session-token';
import { UserSession } from './user-session.entity';

export const SIGN_IN_WINDOW_MS = 15 * 60_000;

/** Where a sign-in comes from, as the HTTP edge saw it. */
export interface ClientInfo {
  ip: string;
  userAgent?: string;
}

/** Browser sessions of people (contract §13): sign in, the caller's own sessions, sign out. */
@Injectable()
export class SessionsService implements OnModuleInit {
  /** Verified when the email matches nobody, so both failures cost the same time. */
  private dummyHash!: string;

  constructor(
    @InjectRepository(UserSession) private readonly sessions: Repository<UserSession>,
    private readonly users: UsersService,
    private readonly tx: TransactionRunner,
    private readonly outbox: EventOutbox,
    private readonly limiter: AttemptLimiter,
    private readonly config: RelayConfig,
    private readonly paginator: KeysetPaginator,
  ) {}

  async onModuleInit(): Promise<void> {
    this.dummyHash = await hashPassword(generateToken());
  }

  /** The new session's response and the token the cookie carries. */
  async signIn(dto: SignInDto, client: ClientInfo): Promise<{ session: CurrentSessionResponse; token: string }> {
    const email = dto.email.toLowerCase();
    const subjects = [`sign-in:ip:${client.ip}`, `sign-in:email:${email}`];
    const limit = this.config.sessions.attemptsPer15Min;
    await this.limiter.assertAllowed(subjects, limit, SIGN_IN_WINDOW_MS, 'sign-ins');
    const user = await this.matchPassword(email, dto.password, dto.workspace_id);
    if (!user) {
      await this.limiter.recordFailure(subjects, limit, SIGN_IN_WINDOW_MS);
      // One message for an unknown email and a wrong password: it must not reveal who has an account.
      throw new ApiError(ErrorCode.Unauthorized, 'wrong email or password');
    }
    const token = generateToken();
    const now = new Date();
    const session = await this.tx.run(async (manager) => {
      const created = await manager.save(UserSession, {
        id: newId('ses'),
        workspaceId: user.workspaceId,
        userId: user.id,
        tokenHash: hashToken(token),
        ip: client.ip.slice(0, 64),
        userAgent: client.userAgent?.slice(0, 500) ?? null,
        createdAt: now,
        lastSeenAt: now,
        expiresAt: new Date(now.getTime() + this.config.sessions.maxAgeMs),
      });
      // The person signing in, before any session or key authenticates them.
      await sessionEvents.signedIn(this.outbox, this.users, manager, userActor(user.id), user);
      return created;
    });
    return { session: this.toCurrent(session, token), token };
  }

  /** Always verifies at least one hash, so an unknown email answers as slowly as a wrong password. */
  private async matchPassword(email: string, password: string, workspaceId?: string): Promise<User | null> {
    const candidates = await this.users.findSignInCandidates(email, workspaceId);
    if (candidates.length === 0) {
      await verifyPassword(this.dummyHash, password);
      return null;
    }
    for (const candidate of candidates) if (await verifyPassword(candidate.passwordHash!, password)) return candidate;
    return null;
  }

  async current(principal: Principal, token: string | null): Promise<CurrentSessionResponse> {
    const session = await this.findOwn(principal, principal.sessionId);
    if (!token) throw notFound('session');
    return this.toCurrent(session, token);
  }

  list(principal: Principal, query: ListQueryDto): Promise<Page<UserSession>> {
    const now = Date.now();
    const qb = this.sessions
      .createQueryBuilder('s')
      .where('s.workspaceId = :ws AND s.userId = :user', { ws: principal.workspaceId, user: principal.userId })
      .andWhere('s.expiresAt > :now AND s.lastSeenAt > :idleSince', { now, idleSince: now - this.config.sessions.idleMs });
    return this.paginator.paginate(
      qb,
      query,
      'user_sessions',
      {},
      {
        keyset: (sort) => ({ value: sort === 'updated_at' ? 's.lastSeenAt' : 's.createdAt', id: 's.id' }),
      },
    );
  }

  toResponse(session: UserSession): SessionResponse {
    return toSessionResponse(session, this.config.sessions.idleMs);
  }

  async revoke(principal: Principal, id: string | undefined): Promise<void> {
    const session = await this.findOwn(principal, id);
    await this.sessions.delete({ id: session.id });
  }

  /** A session of the caller's user that has not ended, else 404 (another user's id included). */
  private async findOwn(principal: Principal, id: string | undefined): Promise<UserSession> {
    const session =
      id === undefined ? null : await this.sessions.findOneBy({ id, workspaceId: principal.workspaceId, userId: principal.userId });
    if (!session || !this.isLive(session, Date.now())) throw notFound('session');
    return session;
  }

  private isLive(session: UserSession, now: number): boolean {
    return session.expiresAt.getTime() > now && session.lastSeenAt.getTime() + this.config.sessions.idleMs > now;
  }

  private toCurrent(session: UserSession, token: string): CurrentSessionResponse {
    return {
      ...toSessionResponse(session, this.config.sessions.idleMs),
      user_id: session.userId,
      workspace_id: session.workspaceId,
      csrf_token: csrfTokenFor(token),
    };
  }
}
