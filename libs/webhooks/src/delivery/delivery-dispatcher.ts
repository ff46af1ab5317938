import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { EventRecord } from '@relay/events';
import { WebhookDelivery } from '../webhook-delivery.entity';
import { DeliveryLedger } from './delivery-ledger';
import { DeliveryTargets } from './delivery-target';
import { FanOut } from './fan-out';

const CLAIM_BATCH = 20;

/** How soon to look again for events the sync horizon held back (see OutboxBatch.heldBack). */
const HELD_BACK_RETRY_MS = 25;

/**
 * One pass of delivery: fan out every undispatched event, then claim, send and record due
 * deliveries until none are left. Sending happens outside any transaction.
 */
@Injectable()
export class DeliveryDispatcher {
  constructor(
    private readonly fanOut: FanOut,
    private readonly ledger: DeliveryLedger,
    private readonly targets: DeliveryTargets,
    @InjectRepository(EventRecord) private readonly events: Repository<EventRecord>,
  ) {}

  /** Returns the soonest retry or paced send (ms from now) scheduled during the pass, if any. */
  async drain(shouldStop: () => boolean): Promise<number | null> {
    let soonest: number | null = null;
    while (!shouldStop()) {
      const batch = await this.fanOut.runBatch();
      if (batch.heldBack) soonest = HELD_BACK_RETRY_MS;
      if (batch.taken === 0) break;
    }
    while (!shouldStop()) {
      const claimed = await this.ledger.claimDue(CLAIM_BATCH);
      if (claimed.length === 0) break;
      const delays = await this.sendAll(claimed);
      for (const delay of delays) if (delay !== null && (soonest === null || delay < soonest)) soonest = delay;
    }
    return soonest;
  }

  private async sendAll(claimed: WebhookDelivery[]): Promise<(number | null)[]> {
    const events = await this.events.findBy({ id: In([...new Set(claimed.map((d) => d.eventId))]) });
    const eventById = new Map(events.map((e) => [e.id, e]));
    const byKind = new Map<WebhookDelivery['targetKind'], WebhookDelivery[]>();
    for (const delivery of claimed) byKind.set(delivery.targetKind, [...(byKind.get(delivery.targetKind) ?? []), delivery]);
    const results = await Promise.all(
      [...byKind.values()].map(async (group) => {
        // Claims are made per registered kind, so the group's kind is hosted here.
        const outcomes = await this.targets.of(group[0])!.attempt(group, eventById);
        // A null outcome: the target or event cascade-deleted with the delivery after the claim.
        return Promise.all(group.map((delivery, i) => (outcomes[i] ? this.ledger.record(delivery, outcomes[i]!) : null)));
      }),
    );
    return results.flat();
  }
}
