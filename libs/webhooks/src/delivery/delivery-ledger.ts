import { Injectable } from '@nestjs/common';
import { In, IsNull, Not } from 'typeorm';
import { RelayConfig } from '@relay/common';
import { TransactionRunner } from '@relay/database';
import { WebhookDelivery } from '../webhook-delivery.entity';
import { WebhookEndpoint } from '../webhook-endpoint.entity';
import { retryDelayMs, shouldDisable } from './backoff';

/**
 * How long a claim owns a delivery: comfortably longer than a send can take (vetting + the 10 s
 * timeout), and short enough that a delivery claimed by a process that crashed is retried soon.
 */
export const LEASE_MS = 30_000;

export interface AttemptOutcome {
  ok: boolean;
  /** HTTP status, or null when no response came back. */
  status: number | null;
  error: string | null;
}

/**
 * The delivery state machine in the database: claim due deliveries, then record each
 * attempt's outcome (retry with backoff, succeed, fail, or disable a long-failing endpoint).
 */
@Injectable()
export class DeliveryLedger {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly config: RelayConfig,
  ) {}

  /**
   * Takes up to `limit` due deliveries of active endpoints: sets a lease and counts the attempt,
   * then commits before anything is sent. On PostgreSQL `FOR UPDATE SKIP LOCKED` makes
   * concurrent workers take disjoint rows, and the lease keeps them off a row being sent.
   * A process that dies mid-send leaves the lease to expire; the delivery is then retried.
   */
  claimDue(limit: number): Promise<WebhookDelivery[]> {
    return this.tx.run(async (manager) => {
      const now = Date.now();
      const due = manager
        .createQueryBuilder(WebhookDelivery, 'd')
        .innerJoin(WebhookEndpoint, 'w', 'w.id = d.endpointId AND w.active = :active', { active: true })
        .where('d.status = :pending', { pending: 'pending' })
        .andWhere('d.nextAttemptAt <= :now', { now })
        .andWhere('(d.lockedUntil IS NULL OR d.lockedUntil < :now)', { now })
        .orderBy('d.nextAttemptAt', 'ASC')
        .limit(limit);
      if (this.tx.isPostgres) due.setLock('pessimistic_write', undefined, ['d']).setOnLocked('skip_locked');
      const claimed = await due.getMany();
      if (claimed.length === 0) return [];
      const lockedUntil = new Date(now + LEASE_MS);
      await manager
        .createQueryBuilder()
        .update(WebhookDelivery)
        .set({ lockedUntil, updatedAt: new Date(now), attempts: () => 'attempts + 1' })
        .where({ id: In(claimed.map((d) => d.id)) })
        .execute();
      return claimed.map((d) => Object.assign(d, { attempts: d.attempts + 1, lockedUntil }));
    });
  }

  /** Records the attempt a claim made; returns the retry delay in ms when one was scheduled. */
  record(delivery: WebhookDelivery, outcome: AttemptOutcome): Promise<number | null> {
    return this.tx.run(async (manager) => {
      const now = new Date();
      if (outcome.ok) {
        await manager.update(WebhookDelivery, { id: delivery.id }, {
          status: 'succeeded', lastResponseStatus: outcome.status, lastError: null, nextAttemptAt: null, lockedUntil: null, updatedAt: now,
        });
        await manager.update(WebhookEndpoint, { id: delivery.endpointId, failingSince: Not(IsNull()) }, { failingSince: null });
        return null;
      }
      const delay = retryDelayMs(delivery.attempts, this.config.webhooks.retryDelaysSeconds);
      await manager.update(WebhookDelivery, { id: delivery.id }, {
        status: delay === null ? 'failed' : 'pending',
        lastResponseStatus: outcome.status,
        lastError: (outcome.error ?? 'failed').slice(0, 1000),
        nextAttemptAt: delay === null ? null : new Date(now.getTime() + delay),
        lockedUntil: null,
        updatedAt: now,
      });
      const endpoint = await manager.findOneBy(WebhookEndpoint, { id: delivery.endpointId });
      if (endpoint && !endpoint.failingSince) {
        await manager.update(WebhookEndpoint, { id: endpoint.id }, { failingSince: now });
      } else if (endpoint?.active && shouldDisable(endpoint.failingSince, now)) {
        await manager.update(WebhookEndpoint, { id: endpoint.id }, {
          active: false,
          disabledReason: `disabled by Relay on ${now.toISOString()}: every delivery failed for 5 days (last error: ${outcome.error ?? 'failed'})`.slice(0, 500),
          updatedAt: now,
        });
      }
      return delay;
    });
  }
}
