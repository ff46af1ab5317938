import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { EventRecord, toEventPayload } from '@relay/events';
import { WebhookDelivery } from '../webhook-delivery.entity';
import { WebhookEndpoint } from '../webhook-endpoint.entity';
import { DeliveryLedger } from './delivery-ledger';
import { DeliverySender } from './delivery-sender';
import { FanOut } from './fan-out';

const CLAIM_BATCH = 20;

/**
 * One pass of delivery: fan out every undispatched event, then claim, send and record due
 * deliveries until none are left. Sending happens outside any transaction.
 */
@Injectable()
export class DeliveryDispatcher {
  constructor(
    private readonly fanOut: FanOut,
    private readonly ledger: DeliveryLedger,
    private readonly sender: DeliverySender,
    @InjectRepository(WebhookEndpoint) private readonly endpoints: Repository<WebhookEndpoint>,
    @InjectRepository(EventRecord) private readonly events: Repository<EventRecord>,
  ) {}

  /** Returns the soonest retry (ms from now) scheduled during the pass, if any. */
  async drain(shouldStop: () => boolean): Promise<number | null> {
    while (!shouldStop() && (await this.fanOut.runBatch()) > 0);
    let soonest: number | null = null;
    while (!shouldStop()) {
      const claimed = await this.ledger.claimDue(CLAIM_BATCH);
      if (claimed.length === 0) break;
      const delays = await this.sendAll(claimed);
      for (const delay of delays) if (delay !== null && (soonest === null || delay < soonest)) soonest = delay;
    }
    return soonest;
  }

  private async sendAll(claimed: WebhookDelivery[]): Promise<(number | null)[]> {
    const [endpoints, events] = await Promise.all([
      this.endpoints.findBy({ id: In([...new Set(claimed.map((d) => d.endpointId))]) }),
      this.events.findBy({ id: In([...new Set(claimed.map((d) => d.eventId))]) }),
    ]);
    const endpointById = new Map(endpoints.map((e) => [e.id, e]));
    const eventById = new Map(events.map((e) => [e.id, e]));
    return Promise.all(
      claimed.map(async (delivery) => {
        const endpoint = endpointById.get(delivery.endpointId);
        const event = eventById.get(delivery.eventId);
        // Both cascade-delete with the delivery; a miss means it vanished after the claim.
        if (!endpoint || !event) return null;
        const outcome = await this.sender.send(endpoint, toEventPayload(event));
        return this.ledger.record(delivery, outcome);
      }),
    );
  }
}
