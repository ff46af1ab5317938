import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { forbidden, KeysetPaginator, newId, notFound, Page, validationFailed } from '@relay/common';
import { TransactionRunner } from '@relay/database';
import { isPermission, Permission } from '@relay/auth';
import type { Principal } from '@relay/auth';
import { ApiKey } from './api-key.entity';
import { displayPrefix, generateSecret, hashSecret } from './api-key-secret';
import { CreateApiKeyDto } from './dto/create-api-key.dto';
import { ListApiKeysQuery } from './dto/list-api-keys.query';

export interface IssuedKey {
  apiKey: ApiKey;
  secret: string;
}

/**
 * API keys: every user creates, lists and revokes their own; `api_keys:read`/`write` (admins)
 * extend that to every key of the workspace. A key can never be minted wider than the key
 * that mints it.
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
    const seesAll = principal.permissions.has('api_keys:read');
    if (!seesAll) qb.andWhere('k.userId = :me', { me: principal.userId });
    if (query.user_id) qb.andWhere('k.userId = :user', { user: query.user_id });
    return this.paginator.paginate(qb, query, 'api_keys', { user_id: query.user_id, own: !seesAll && principal.userId });
  }

  async create(principal: Principal, dto: CreateApiKeyDto): Promise<IssuedKey> {
    const scopes = this.scopesFor(principal, dto.scopes);
    const expiresAt = dto.expires_at ? new Date(dto.expires_at) : null;
    if (expiresAt && expiresAt.getTime() <= Date.now()) throw validationFailed('expires_at', 'must be in the future');
    return this.tx.run((manager) =>
      this.issueIn(manager, { workspaceId: principal.workspaceId, userId: principal.userId, name: dto.name, scopes, expiresAt }),
    );
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
      if (!key || (key.userId !== principal.userId && !principal.permissions.has('api_keys:write'))) throw notFound('api key');
      if (key.revokedAt) return;
      const now = new Date();
      await manager.update(ApiKey, { id: key.id }, { revokedAt: now, updatedAt: now });
    });
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
