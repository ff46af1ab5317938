import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { TransactionRunner } from '@relay/database';
import { EventRecord } from '@relay/events';
import { WebhookDelivery } from '../webhook-delivery.entity';
import { WebhookEndpoint } from '../webhook-endpoint.entity';
import { newDelivery, subscribes } from './new-delivery';

const EVENTS_PER_BATCH = 100;
const ROWS_PER_INSERT = 200;

/**
 * Turns outbox events into deliveries: one row per matching active endpoint, written in the
 * same transaction that marks the events dispatched, so an event is fanned out exactly once
 * (the unique (event, endpoint) index backs that up if two processes ever race).
 */
@Injectable()
export class FanOut {
  constructor(private readonly tx: TransactionRunner) {}

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

      const workspaceIds = [...new Set(events.map((e) => e.workspaceId))];
      const endpoints = await manager.find(WebhookEndpoint, { where: { workspaceId: In(workspaceIds), active: true } });
      const now = new Date();
      const rows: WebhookDelivery[] = [];
      for (const event of events) {
        for (const endpoint of endpoints) {
          // An endpoint created after the event (a backlog after downtime) did not ask for it.
          const wanted = endpoint.workspaceId === event.workspaceId && subscribes(endpoint, event.type) && endpoint.createdAt <= event.createdAt;
          if (wanted) rows.push(newDelivery(endpoint, event, now));
        }
      }
      for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
        await manager.createQueryBuilder().insert().into(WebhookDelivery).values(rows.slice(i, i + ROWS_PER_INSERT)).orIgnore().execute();
      }
      await manager.update(EventRecord, { id: In(events.map((e) => e.id)) }, { dispatchedAt: now });
      return events.length;
    });
  }
}
