import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Authentication, effectivePermissions, PrincipalResolver } from '@relay/auth';
import { User } from '@relay/users';
import { ApiKey } from './api-key.entity';
import { hashesMatch, hashSecret, KEY_PREFIX } from './api-key-secret';

// last_used_at is advisory: written at most once a minute per key, to keep reads read-only.
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Resolves a bearer secret to a principal with one indexed query (key ⋈ user). The user's role
 * and status are read on every request, so a demotion or deactivation bites on the next one.
 */
@Injectable()
export class ApiKeyAuthenticator implements PrincipalResolver {
  private readonly logger = new Logger('ApiKeys');

  constructor(@InjectRepository(ApiKey) private readonly keys: Repository<ApiKey>) {}

  async resolve(secret: string): Promise<Authentication> {
    if (!secret.startsWith(KEY_PREFIX) && secret.length < 20) return { failure: 'unknown' };
    const hash = hashSecret(secret);
    const row = await this.keys
      .createQueryBuilder('k')
      .innerJoinAndMapOne('k.user', User, 'u', 'u.id = k.userId AND u.workspaceId = k.workspaceId')
      .where('k.secretHash = :hash', { hash })
      .getOne();
    const key = row as (ApiKey & { user: User }) | null;
    if (!key || !hashesMatch(key.secretHash, hash)) return { failure: 'unknown' };
    const now = Date.now();
    if (key.revokedAt) return { failure: 'revoked' };
    if (key.expiresAt && key.expiresAt.getTime() <= now) return { failure: 'expired' };
    if (!key.user.active) return { failure: 'user_deactivated' };
    if (!key.lastUsedAt || now - key.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) this.touch(key.id, now);
    return {
      principal: {
        keyId: key.id,
        userId: key.userId,
        workspaceId: key.workspaceId,
        role: key.user.role,
        scopes: key.scopes,
        permissions: effectivePermissions(key.user.role, key.scopes),
      },
    };
  }

  private touch(id: string, now: number): void {
    this.keys.update({ id }, { lastUsedAt: new Date(now) }).catch((error: Error) => this.logger.warn(`last_used_at not updated: ${error.message}`));
  }
}
