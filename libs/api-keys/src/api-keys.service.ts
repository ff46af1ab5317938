import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { forbidden, KeysetPaginator, newId, notFound, Page, validationFailed } from '@relay/common';
import { TransactionRunner } from '@relay/database';
import { isPermission, KEY_REACH, Permission } from '@relay/auth';
import type { Principal } from '@relay/auth';
import { ApiKey } from './api-key.entity';
import { assertKeyQuota, KEY_CREATION_WINDOW_MS } from './api-key-quota';
import { displayPrefix, generateSecret, hashSecret } from './api-key-secret';
import { CreateApiKeyDto } from './dto/create-api-key.dto';
import { ListApiKeysQuery } from './dto/list-api-keys.query';

export interface IssuedKey {
  apiKey: ApiKey;
  secret: string;
}

/**
 * API keys: `api_keys:read`/`write` let a key list, create and revoke its user's own keys, and
 * an admin's every key of the workspace (KEY_REACH). A key can never be minted wider, or
 * longer-lived, than the key that mints it.
 */
@Injectable()
export class ApiKeysService {
  constructor(
    @InjectRepository(ApiKey) private readonly keys: Repository<ApiKey>,
    private readonly tx: TransactionRunner,
    private readonly paginator: KeysetPaginator,
  ) {}

  list(principal: Principal, query: ListApiKeysQuery): Promise<Page<ApiKey>> {
    const qb = this.keys.createQueryBuilder('k').where('k.workspaceId = :ws', { ws: principal.workspaceId });
    const seesAll = KEY_REACH[principal.role] === 'workspace';
    if (!seesAll) qb.andWhere('k.userId = :me', { me: principal.userId });
    if (query.user_id) qb.andWhere('k.userId = :user', { user: query.user_id });
    return this.paginator.paginate(qb, query, 'api_keys', { user_id: query.user_id, own: !seesAll && principal.userId });
  }

  async create(principal: Principal, dto: CreateApiKeyDto): Promise<IssuedKey> {
    const scopes = this.scopesFor(principal, dto.scopes);
    const expiresAt = this.expiryFor(principal, dto.expires_at);
    return this.tx.run(async (manager) => {
      const now = Date.now();
      // Row-locks the user's live keys on PostgreSQL (the calling key among them), so two
      // concurrent creations for one user are counted one after the other.
      const where = 'workspace_id = ? AND user_id = ? AND (revoked_at IS NULL OR created_at > ?)';
      const held = await this.tx.select(
        manager,
        ApiKey,
        where,
        [principal.workspaceId, principal.userId, now - KEY_CREATION_WINDOW_MS],
        true,
      );
      assertKeyQuota(held, now);
      return this.issueIn(manager, { workspaceId: principal.workspaceId, userId: principal.userId, name: dto.name, scopes, expiresAt });
    });
  }

  /** Creates a key inside the caller's transaction; `secret` lets bootstrap use a given key. */
  async issueIn(
    manager: EntityManager,
    input: { workspaceId: string; userId: string; name: string; scopes?: Permission[] | null; expiresAt?: Date | null; secret?: string },
  ): Promise<IssuedKey> {
    const secret = input.secret ?? generateSecret();
    const now = new Date();
    const apiKey = await manager.save(ApiKey, {
      id: newId('key'),
      workspaceId: input.workspaceId,
      userId: input.userId,
      name: input.name,
      prefix: displayPrefix(secret),
      secretHash: hashSecret(secret),
      scopes: input.scopes ?? null,
      createdAt: now,
      updatedAt: now,
      lastUsedAt: null,
      expiresAt: input.expiresAt ?? null,
      revokedAt: null,
    });
    return { apiKey, secret };
  }

  async revoke(principal: Principal, id: string): Promise<void> {
    await this.tx.run(async (manager) => {
      const key = await manager.findOneBy(ApiKey, { id, workspaceId: principal.workspaceId });
      // Another user's key is invisible (404) unless the caller may manage every key.
      if (!key || (key.userId !== principal.userId && KEY_REACH[principal.role] !== 'workspace')) throw notFound('api key');
      if (key.revokedAt) return;
      const now = new Date();
      await manager.update(ApiKey, { id: key.id }, { revokedAt: now, updatedAt: now });
    });
  }

  /**
   * A child key never outlives the calling key: without `expires_at` it expires with it, and
   * `null` (never) is only for a calling key that never expires either.
   */
  private expiryFor(principal: Principal, requested: string | null | undefined): Date | null {
    if (requested === undefined) return principal.expiresAt;
    if (requested === null) {
      if (principal.expiresAt)
        throw validationFailed(
          'expires_at',
          `must not be later than the calling key's own expiry (${principal.expiresAt.toISOString()}); null means never`,
        );
      return null;
    }
    const expiresAt = new Date(requested);
    if (expiresAt.getTime() <= Date.now()) throw validationFailed('expires_at', 'must be in the future');
    if (principal.expiresAt && expiresAt > principal.expiresAt) {
      throw validationFailed('expires_at', `must not be later than the calling key's own expiry (${principal.expiresAt.toISOString()})`);
    }
    return expiresAt;
  }

  /** Requested scopes must be known and held by the calling key; none requested inherits its scopes. */
  private scopesFor(principal: Principal, requested: string[] | undefined): Permission[] | null {
    if (requested === undefined) return principal.scopes ? [...principal.scopes] : null;
    const unknown = requested.filter((scope) => !isPermission(scope));
    if (unknown.length) throw validationFailed('scopes', `contains unknown permissions: ${unknown.join(', ')}`);
    const scopes = [...new Set(requested)] as Permission[];
    const notHeld = scopes.filter((scope) => !principal.permissions.has(scope));
    if (notHeld.length) throw forbidden(`cannot grant permissions this key does not hold: ${notHeld.join(', ')}`);
    return scopes;
  }
}
