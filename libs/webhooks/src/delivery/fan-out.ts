import { Injectable } from '@nestjs/common';
import { OutboxBatch, OutboxReader } from '@relay/events';
import { WebhookDelivery } from '../webhook-delivery.entity';
import { DeliveryTarget, DeliveryTargets } from './delivery-target';

const EVENTS_PER_BATCH = 100;
const ROWS_PER_INSERT = 200;

/**
 * Turns events into deliveries. Each kind of target (webhook endpoints, notification channels)
 * is its own outbox consumer, with its own checkpoint: its deliveries are written in the
 * transaction that moves the checkpoint, so each kind sees every event exactly once (the
 * unique (event, target) indexes back that up).
 */
@Injectable()
export class FanOut {
  constructor(
    private readonly outbox: OutboxReader,
    private readonly targets: DeliveryTargets,
  ) {}

  /** Fans out one batch of each kind's next events: how many were taken in all, and whether any kind's are held back. */
  async runBatch(): Promise<OutboxBatch> {
    const all: OutboxBatch = { taken: 0, heldBack: false };
    const horizon = await this.outbox.horizonNow();
    for (const target of this.targets.all()) {
      const batch = await this.outbox.follow(
        target.kind,
        EVENTS_PER_BATCH,
        (manager, events, now) => this.deliver(target, manager, events, now),
        horizon,
      );
      all.taken += batch.taken;
      all.heldBack ||= batch.heldBack;
    }
    return all;
  }

  private async deliver(
    target: DeliveryTarget,
    manager: Parameters<DeliveryTarget['fanOut']>[0],
    events: Parameters<DeliveryTarget['fanOut']>[1],
    now: Date,
  ): Promise<void> {
    const rows: WebhookDelivery[] = await target.fanOut(manager, events, now);
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
      await manager
        .createQueryBuilder()
        .insert()
        .into(WebhookDelivery)
        .values(rows.slice(i, i + ROWS_PER_INSERT))
        .orIgnore()
        .execute();
    }
  }
}
