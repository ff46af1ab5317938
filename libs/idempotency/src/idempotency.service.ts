import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, Repository } from 'typeorm';
import { ApiError, conflict, ErrorCode, newId } from '@relay/common';
import { TransactionRunner } from '@relay/database';
import { IdempotencyKey } from './idempotency-key.entity';

/** How long a key is remembered (contract §7). */
export const KEY_TTL_MS = 24 * 60 * 60 * 1000;
/**
 * A claim older than this without a response belongs to a process that died mid-request (no
 * request runs this long: statements time out at 15 s); a retry may then take the key over.
 */
export const IN_FLIGHT_LEASE_MS = 60_000;
const PURGE_EVERY_MS = 10 * 60 * 1000;

export interface IdempotencyScope {
  workspaceId: string;
  principalId: string;
  key: string;
  method: string;
  path: string;
}

export type Claim = { kind: 'claimed'; id: string } | { kind: 'replay'; status: number; body: unknown };

/**
 * Idempotency keys in the database, so they hold across instances and restarts. The claim is
 * an INSERT … ON CONFLICT DO NOTHING that the unique (workspace, principal, key, method, path) index
 * arbitrates: of two concurrent requests exactly one inserts; the other sees its row.
 */
@Injectable()
export class IdempotencyService {
  private readonly logger = new Logger('Idempotency');
  private lastPurge = 0;

  constructor(
    @InjectRepository(IdempotencyKey) private readonly keys: Repository<IdempotencyKey>,
    private readonly tx: TransactionRunner,
  ) {}

  async claim(scope: IdempotencyScope, hash: string): Promise<Claim> {
    this.purgeExpiredNowAndThen();
    // Twice at most: once more after clearing an expired or abandoned claim.
    for (let round = 0; round < 2; round++) {
      const now = Date.now();
      const id = newId('idk');
      await this.tx.run((manager) =>
        manager
          .createQueryBuilder()
          .insert()
          .into(IdempotencyKey)
          .values({
            id,
            ...scope,
            requestHash: hash,
            responseStatus: null,
            responseBody: null,
            createdAt: new Date(now),
            expiresAt: new Date(now + KEY_TTL_MS),
          })
          .orIgnore()
          .execute(),
      );
      const row = await this.keys.findOneBy(scope);
      if (!row) continue;
      if (row.id === id) return { kind: 'claimed', id };
      const abandoned = row.responseStatus === null && row.createdAt.getTime() < now - IN_FLIGHT_LEASE_MS;
      if (row.expiresAt.getTime() <= now || abandoned) {
        await this.tx.run((manager) => manager.delete(IdempotencyKey, { id: row.id }));
        continue;
      }
      if (row.requestHash !== hash) {
        throw new ApiError(ErrorCode.IdempotencyMismatch, 'this Idempotency-Key was already used with a different request body', [
          { field: 'Idempotency-Key', message: 'reused with a different body' },
        ]);
      }
      if (row.responseStatus === null) throw inFlight();
      return { kind: 'replay', status: row.responseStatus, body: row.responseBody === null ? undefined : JSON.parse(row.responseBody) };
    }
    throw inFlight();
  }

  /** Stores the outcome to replay for the next 24 h. */
  async complete(id: string, status: number, body: unknown): Promise<void> {
    await this.tx.run((manager) =>
      manager.update(IdempotencyKey, { id }, { responseStatus: status, responseBody: body === undefined ? null : JSON.stringify(body) }),
    );
  }

  /** Forgets the claim: the request did not get a result worth replaying, so a retry may run. */
  async release(id: string): Promise<void> {
    await this.tx.run((manager) => manager.delete(IdempotencyKey, { id }));
  }

  private purgeExpiredNowAndThen(): void {
    const now = Date.now();
    if (now - this.lastPurge < PURGE_EVERY_MS) return;
    this.lastPurge = now;
    this.tx
      .run((manager) => manager.delete(IdempotencyKey, { expiresAt: LessThan(new Date(now)) }))
      .catch((error: Error) => this.logger.warn(`expired idempotency keys not purged: ${error.message}`));
  }
}

function inFlight(): ApiError {
  return conflict('a request with this Idempotency-Key is still in progress; retry shortly', [
    { field: 'Idempotency-Key', message: 'in flight' },
  ]);
}
