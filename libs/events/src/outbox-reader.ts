import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { SyncHorizon, TransactionRunner } from '@relay/database';
import { EventRecord } from './event.entity';

/**
 * What a consumer does with a batch of events, inside the transaction that moves its checkpoint
 * past them: record what it will do (rows it processes later), never the doing itself (no I/O).
 */
export type OutboxHandler = (manager: EntityManager, events: EventRecord[], now: Date) => Promise<void>;

export interface OutboxBatch {
  /** How many events the consumer took. */
  taken: number;
  /**
   * Events wait above the horizon (PostgreSQL): a transaction older than them still runs, and
   * its end signals nothing if it wrote no event, so the caller should look again shortly.
   */
  heldBack: boolean;
}

const HELD_BACK = 'SELECT 1 AS held FROM events WHERE created_at >= ? AND dispatched_at IS NULL LIMIT 1';

/**
 * Lets several consumers (webhook fan-out, notification channels, next automation and jobs)
 * each follow the outbox from their own checkpoint (`outbox_checkpoints`), in (created_at, id)
 * order, exactly once each:
 * - No event is skipped. On PostgreSQL writers commit out of order, so a batch keeps only events
 *   stamped below the sync horizon (SyncHorizon: no transaction still running can commit one
 *   there); on SQLite writers commit one at a time in stamp order, and the batch runs with the
 *   write lock held, so it keeps those stamped before its own clock reading.
 * - None is taken twice: the batch and its checkpoint commit together, and on PostgreSQL
 *   concurrent workers of one consumer queue on the checkpoint's row lock.
 * Events addressed to one target (a test `ping`, born dispatched) are no consumer's.
 */
@Injectable()
export class OutboxReader {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly horizon: SyncHorizon,
  ) {}

  /**
   * The horizon for one round of `follow` calls: read before their transactions, every event
   * stamped below it has committed by then, and each batch's snapshot comes later still. An
   * older reading only holds events back a round, so consumers that run together share one.
   */
  horizonNow(): Promise<number | undefined> {
    return this.horizon.current();
  }

  /** Hands `consumer`'s next events (at most `limit`) to `handle`; `horizon` from horizonNow(). */
  async follow(consumer: string, limit: number, handle: OutboxHandler, horizon?: number): Promise<OutboxBatch> {
    if (horizon === undefined) horizon = await this.horizonNow();
    return this.tx.run(async (manager) => {
      const below = horizon ?? Date.now();
      const [checkpoint] = await this.tx.query<{ created_at: number | string; event_id: string }>(
        manager,
        `SELECT created_at, event_id FROM outbox_checkpoints WHERE consumer = ?${this.tx.isPostgres ? ' FOR UPDATE' : ''}`,
        [consumer],
      );
      // A consumer new to this database follows from now on: history is GET /events'.
      if (!checkpoint) {
        await this.tx.query(
          manager,
          'INSERT INTO outbox_checkpoints (consumer, created_at, event_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
          [consumer, below, ''],
        );
        return { taken: 0, heldBack: false };
      }
      const after = Number(checkpoint.created_at);
      const events = await manager
        .createQueryBuilder(EventRecord, 'e')
        .where('(e.createdAt > :after OR (e.createdAt = :after AND e.id > :id))', { after, id: checkpoint.event_id })
        .andWhere('e.createdAt < :below', { below })
        .andWhere('e.dispatchedAt IS NULL')
        .orderBy('e.createdAt', 'ASC')
        .addOrderBy('e.id', 'ASC')
        .limit(limit)
        .getMany();
      const heldBack = horizon !== undefined && events.length < limit && (await this.tx.query(manager, HELD_BACK, [horizon])).length > 0;
      if (events.length === 0) return { taken: 0, heldBack };
      await handle(manager, events, new Date());
      const last = events[events.length - 1];
      await this.tx.query(manager, 'UPDATE outbox_checkpoints SET created_at = ?, event_id = ? WHERE consumer = ?', [
        last.createdAt.getTime(),
        last.id,
        consumer,
      ]);
      return { taken: events.length, heldBack };
    });
  }
}
