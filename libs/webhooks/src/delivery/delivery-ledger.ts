import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { RelayConfig } from '@relay/common';
import { TransactionRunner } from '@relay/database';
import { TARGET_COLUMN, WebhookDelivery } from '../webhook-delivery.entity';
import { retryDelayMs } from './backoff';
import { AttemptOutcome, DeliveryTarget, DeliveryTargets } from './delivery-target';
import { holdTarget } from './target-health';

/**
 * How long a claim owns a delivery: comfortably longer than a send can take (vetting + the 10 s
 * timeout), and short enough that a delivery claimed by a process that crashed is retried soon.
 */
export const LEASE_MS = 30_000;

export type { AttemptOutcome } from './delivery-target';

/**
 * The delivery state machine in the database, for every kind of target: claim due deliveries,
 * then record each attempt's outcome (succeed, retry with backoff, wait as the receiver asked,
 * fail), leaving the target's own bookkeeping to its kind.
 */
@Injectable()
export class DeliveryLedger {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly config: RelayConfig,
    private readonly targets: DeliveryTargets,
  ) {}

  /**
   * Takes up to `limit` due deliveries that their kind lets go now: sets a lease and counts the
   * attempt, then commits before anything is sent. On PostgreSQL `FOR UPDATE SKIP LOCKED` makes
   * concurrent workers take disjoint rows, and the lease keeps them off a row being sent.
   * A process that dies mid-send leaves the lease to expire; the delivery is then retried.
   */
  claimDue(limit: number): Promise<WebhookDelivery[]> {
    return this.tx.run(async (manager) => {
      const now = Date.now();
      const claimed: WebhookDelivery[] = [];
      for (const target of this.targets.all()) {
        if (claimed.length >= limit) break;
        claimed.push(...(await this.dueOf(target, manager, now, limit - claimed.length)));
      }
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

  /**
   * Records the attempt a claim made; returns in how many ms something it scheduled is due.
   * Nothing is recorded for a target deleted meanwhile: its deliveries went with it.
   */
  record(delivery: WebhookDelivery, outcome: AttemptOutcome): Promise<number | null> {
    const target = this.targets.of(delivery)!;
    return this.tx.run(async (manager) => {
      // The target first, then the delivery: a DELETE of the target locks in that order too
      // (its cascade), where the other order deadlocked with it on PostgreSQL.
      if (!(await holdTarget(manager, target.entity, { id: delivery[TARGET_COLUMN[delivery.targetKind]]! }))) return null;
      const now = new Date();
      let due: number | null = null;
      if (outcome.ok) {
        await manager.update(
          WebhookDelivery,
          { id: delivery.id },
          {
            status: 'succeeded',
            lastResponseStatus: outcome.status,
            lastError: null,
            nextAttemptAt: null,
            lockedUntil: null,
            updatedAt: now,
          },
        );
      } else {
        // Waiting as the receiver asked is not an attempt: the claim's count is given back.
        const waiting = outcome.retryAfterMs !== undefined;
        due = waiting
          ? outcome.retryAfterMs!
          : outcome.final || outcome.disableReason
            ? null
            : retryDelayMs(delivery.attempts, this.config.webhooks.retryDelaysSeconds);
        await manager.update(
          WebhookDelivery,
          { id: delivery.id },
          {
            status: due === null ? 'failed' : 'pending',
            attempts: waiting ? delivery.attempts - 1 : delivery.attempts,
            lastResponseStatus: outcome.status,
            lastError: (outcome.error ?? 'failed').slice(0, 1000),
            nextAttemptAt: due === null ? null : new Date(now.getTime() + due),
            lockedUntil: null,
            updatedAt: now,
          },
        );
      }
      const paced = await target.afterAttempt(manager, delivery, outcome, now);
      return paced === null ? due : due === null ? paced : Math.min(due, paced);
    });
  }

  private dueOf(target: DeliveryTarget, manager: EntityManager, now: number, limit: number): Promise<WebhookDelivery[]> {
    const due = manager
      .createQueryBuilder(WebhookDelivery, 'd')
      .where('d.targetKind = :kind', { kind: target.kind })
      .andWhere('d.status = :pending', { pending: 'pending' })
      .andWhere('d.nextAttemptAt <= :now', { now })
      .andWhere('(d.lockedUntil IS NULL OR d.lockedUntil < :now)', { now })
      .orderBy('d.nextAttemptAt', 'ASC')
      .addOrderBy('d.id', 'ASC')
      .limit(limit);
    target.claimable(due, now);
    if (this.tx.isPostgres) due.setLock('pessimistic_write', undefined, ['d']).setOnLocked('skip_locked');
    return due.getMany();
  }
}
