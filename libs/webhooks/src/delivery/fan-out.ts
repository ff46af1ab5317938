import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { TransactionRunner } from '@relay/database';
import { EventRecord } from '@relay/events';
import { WebhookDelivery } from '../webhook-delivery.entity';
import { DeliveryTargets } from './delivery-target';

const EVENTS_PER_BATCH = 100;
const ROWS_PER_INSERT = 200;

/**
 * The outbox's consumer: turns events into deliveries for every kind of target (webhook
 * endpoints, notification channels), written in the same transaction that marks the events
 * dispatched, so each kind sees every event exactly once (the unique (event, target) indexes
 * back that up if two processes ever race).
 */
@Injectable()
export class FanOut {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly targets: DeliveryTargets,
  ) {}

  /** Fans out one batch of undispatched events; returns how many events it took. */
  runBatch(): Promise<number> {
    return this.tx.run(async (manager) => {
      const pending = manager
        .createQueryBuilder(EventRecord, 'e')
        .where('e.dispatchedAt IS NULL')
        .orderBy('e.createdAt', 'ASC')
        .addOrderBy('e.id', 'ASC')
        .limit(EVENTS_PER_BATCH);
      // Concurrent workers take disjoint batches instead of queueing behind each other.
      if (this.tx.isPostgres) pending.setLock('pessimistic_write').setOnLocked('skip_locked');
      const events = await pending.getMany();
      if (events.length === 0) return 0;

      const now = new Date();
      const rows: WebhookDelivery[] = [];
      for (const target of this.targets.all()) rows.push(...(await target.fanOut(manager, events, now)));
      for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
        await manager.createQueryBuilder().insert().into(WebhookDelivery).values(rows.slice(i, i + ROWS_PER_INSERT)).orIgnore().execute();
      }
      await manager.update(EventRecord, { id: In(events.map((e) => e.id)) }, { dispatchedAt: now });
      return events.length;
    });
  }
}
