import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Authentication, effectivePermissions, Role, SessionResolver } from '@relay/auth';
import { RelayConfig } from '@relay/common';
import { isSqliteBusy, TransactionRunner } from '@relay/database';
import { hashToken } from './session-token';

// last_seen_at is advisory: written at most once a minute per session, to keep reads read-only.
const LAST_SEEN_RESOLUTION_MS = 60_000;

const LOOKUP =
  'SELECT s.id, s.workspace_id, s.user_id, s.created_at, s.last_seen_at, s.expires_at, u.role, u.active, u.sessions_not_before ' +
  'FROM user_sessions s INNER JOIN users u ON u.id = s.user_id AND u.workspace_id = s.workspace_id WHERE s.token_hash = ?';
const TOUCH = 'UPDATE user_sessions SET last_seen_at = ? WHERE id = ?';

interface SessionRow {
  id: string;
  workspace_id: string;
  user_id: string;
  created_at: number | string;
  last_seen_at: number | string;
  expires_at: number | string;
  role: Role;
  active: boolean | number;
  sessions_not_before: number | string | null;
}

/**
 * Resolves a session cookie to a principal with one indexed query (session ⋈ user), like an API
 * key of the user with no scopes: the role and status are read on every request, and a password
 * change or deactivation (users.sessions_not_before) ends every older session.
 */
@Injectable()
export class SessionAuthenticator implements SessionResolver {
  private readonly logger = new Logger('Sessions');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly config: RelayConfig,
  ) {}

  async resolve(token: string): Promise<Authentication> {
    const [session] = await this.tx.query<SessionRow>(this.dataSource.manager, LOOKUP, [hashToken(token)]);
    if (!session) return { failure: 'session_ended' };
    const now = Date.now();
    const lastSeen = Number(session.last_seen_at);
    const ended =
      !session.active ||
      Number(session.expires_at) <= now ||
      lastSeen + this.config.sessions.idleMs <= now ||
      (session.sessions_not_before !== null && Number(session.created_at) <= Number(session.sessions_not_before));
    if (ended) return { failure: 'session_ended' };
    if (now - lastSeen > LAST_SEEN_RESOLUTION_MS) this.touch(session.id, now);
    return {
      principal: {
        keyId: session.id,
        sessionId: session.id,
        userId: session.user_id,
        workspaceId: session.workspace_id,
        role: session.role,
        scopes: null,
        permissions: effectivePermissions(session.role, null),
        expiresAt: new Date(Number(session.expires_at)),
      },
    };
  }

  /** Best-effort, outside any transaction (as for API keys' last_used_at): a later request writes it. */
  private touch(id: string, now: number): void {
    this.tx.query(this.dataSource.manager, TOUCH, [now, id]).catch((error: Error) => {
      if (!isSqliteBusy(error)) this.logger.warn(`last_seen_at not updated: ${error.message}`);
    });
  }
}
