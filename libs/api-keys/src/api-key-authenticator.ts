import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Authentication, effectivePermissions, Permission, PrincipalResolver, Role } from '@relay/auth';
import { isSqliteBusy, TransactionRunner } from '@relay/database';
import { hashesMatch, hashSecret, KEY_PREFIX } from './api-key-secret';

// last_used_at is advisory: written at most once a minute per key, to keep reads read-only.
const LAST_USED_RESOLUTION_MS = 60_000;

// One fixed-text statement on the unique secret_hash index, prepared once: it runs on every
// authenticated request.
const LOOKUP =
  'SELECT k.id, k.workspace_id, k.user_id, k.secret_hash, k.scopes, k.last_used_at, k.expires_at, k.revoked_at, u.role, u.active ' +
  'FROM api_keys k INNER JOIN users u ON u.id = k.user_id AND u.workspace_id = k.workspace_id WHERE k.secret_hash = ?';
const TOUCH = 'UPDATE api_keys SET last_used_at = ? WHERE id = ?';

interface KeyRow {
  id: string;
  workspace_id: string;
  user_id: string;
  secret_hash: string;
  scopes: string | null;
  last_used_at: number | string | null;
  expires_at: number | string | null;
  revoked_at: number | string | null;
  role: Role;
  active: boolean | number;
}

/**
 * Resolves a bearer secret to a principal with one indexed query (key ⋈ user). Nothing is
 * cached: the key's revocation and the user's role and status are read on every request, so a
 * revocation, demotion or deactivation bites on the next one, whichever process serves it.
 */
@Injectable()
export class ApiKeyAuthenticator implements PrincipalResolver {
  private readonly logger = new Logger('ApiKeys');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
  ) {}

  async resolve(secret: string): Promise<Authentication> {
    if (!secret.startsWith(KEY_PREFIX) && secret.length < 20) return { failure: 'unknown' };
    const hash = hashSecret(secret);
    const [key] = await this.tx.query<KeyRow>(this.dataSource.manager, LOOKUP, [hash]);
    if (!key || !hashesMatch(key.secret_hash, hash)) return { failure: 'unknown' };
    const now = Date.now();
    if (key.revoked_at !== null) return { failure: 'revoked' };
    if (key.expires_at !== null && Number(key.expires_at) <= now) return { failure: 'expired' };
    if (!key.active) return { failure: 'user_deactivated' };
    if (key.last_used_at === null || now - Number(key.last_used_at) > LAST_USED_RESOLUTION_MS) this.touch(key.id, now);
    const scopes = key.scopes === null ? null : (JSON.parse(key.scopes) as Permission[] | null);
    return {
      principal: {
        keyId: key.id,
        userId: key.user_id,
        workspaceId: key.workspace_id,
        role: key.role,
        scopes,
        permissions: effectivePermissions(key.role, scopes),
        expiresAt: key.expires_at === null ? null : new Date(Number(key.expires_at)),
      },
    };
  }

  /**
   * Best-effort, outside any transaction: on SQLite it fails at once while another process holds
   * the write lock (the connection never waits on the event loop), and is skipped, quietly: a
   * later request writes it.
   */
  private touch(id: string, now: number): void {
    this.tx.query(this.dataSource.manager, TOUCH, [now, id]).catch((error: Error) => {
      if (!isSqliteBusy(error)) this.logger.warn(`last_used_at not updated: ${error.message}`);
    });
  }
}
