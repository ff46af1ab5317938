import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository, SelectQueryBuilder } from 'typeorm';
import { EventRecord, toEventPayload } from '@relay/events';
import type { EventResponse } from '@relay/events';
import { WebhookDelivery } from '../webhook-delivery.entity';
import { WebhookEndpoint } from '../webhook-endpoint.entity';
import { signDelivery, SigningKeys } from '../webhook-secret';
import { DeliverySender } from './delivery-sender';
import { AttemptOutcome, DeliveryTarget, DeliveryTargets } from './delivery-target';
import { newDelivery, subscribes } from './new-delivery';
import { heldAgainstDeletion, recordTargetHealth } from './target-health';

/**
 * How long one endpoint's claimed deliveries go one after another before the rest go at once.
 * Short, because a claim's deliveries to every endpoint are recorded, and the next claim made,
 * only once its slowest endpoint is done: with half the lease as the budget, a receiver taking
 * ~1 s an answer would hold every other endpoint's deliveries up to ~15 s a batch (worked out
 * from the code; `bench:webhooks --slow-ms 1000` measures it), and a send begun just before the
 * budget ran out plus the rest at once (each up to SEND_TIMEOUT_MS) could outlast the lease, so
 * another worker could claim deliveries still being sent. Now the batch
 * ends within SEQUENCE_BUDGET_MS + 2 × SEND_TIMEOUT_MS (< LEASE_MS); an endpoint answering in
 * under ~50 ms still gets a whole claim in order.
 */
export const SEQUENCE_BUDGET_MS = 1_000;

/**
 * Webhook endpoints as a delivery target: every matching active endpoint gets the event,
 * signed per Standard Webhooks with the event id as `webhook-id` (stable across retries, so
 * receivers can dedupe); 2xx is success, anything else is retried.
 */
@Injectable()
export class WebhookTarget implements DeliveryTarget {
  readonly kind = 'webhook' as const;
  readonly entity = WebhookEndpoint;

  constructor(
    targets: DeliveryTargets,
    private readonly sender: DeliverySender,
    @InjectRepository(WebhookEndpoint) private readonly endpoints: Repository<WebhookEndpoint>,
  ) {
    targets.register(this);
  }

  async fanOut(manager: EntityManager, events: EventRecord[], now: Date): Promise<WebhookDelivery[]> {
    const workspaceIds = [...new Set(events.map((e) => e.workspaceId))];
    const endpoints = await manager.find(WebhookEndpoint, {
      where: { workspaceId: In(workspaceIds), active: true },
      ...heldAgainstDeletion(manager),
    });
    const rows: WebhookDelivery[] = [];
    for (const event of events) {
      for (const endpoint of endpoints) {
        // An endpoint created after the event (a backlog after downtime) did not ask for it.
        const wanted =
          endpoint.workspaceId === event.workspaceId && subscribes(endpoint, event.type) && endpoint.createdAt <= event.createdAt;
        if (wanted) rows.push(newDelivery('webhook', endpoint, event, now));
      }
    }
    return rows;
  }

  claimable(claim: SelectQueryBuilder<WebhookDelivery>): void {
    claim.innerJoin(WebhookEndpoint, 'w', 'w.id = d.endpointId AND w.active = :active', { active: true });
  }

  async attempt(deliveries: WebhookDelivery[], events: ReadonlyMap<string, EventRecord>): Promise<(AttemptOutcome | null)[]> {
    const endpoints = await this.endpoints.findBy({ id: In([...new Set(deliveries.map((d) => d.endpointId!))]) });
    const endpointById = new Map(endpoints.map((e) => [e.id, e]));
    // One endpoint's deliveries go one after another, in claim order (append order, §9), and
    // different endpoints in parallel. Once the endpoint fails (its retry is out of order anyway)
    // or the sequence has run SEQUENCE_BUDGET_MS, the rest go at once.
    const outcomes: (AttemptOutcome | null)[] = deliveries.map(() => null);
    const queues = new Map<string, number[]>();
    deliveries.forEach((delivery, i) => queues.set(delivery.endpointId!, [...(queues.get(delivery.endpointId!) ?? []), i]));
    const started = Date.now();
    await Promise.all(
      [...queues.entries()].map(async ([endpointId, indexes]) => {
        const endpoint = endpointById.get(endpointId);
        if (!endpoint) return;
        const send = async (i: number) => {
          const event = events.get(deliveries[i].eventId);
          if (event) outcomes[i] = await sendSigned(this.sender, endpoint, toEventPayload(event));
          return outcomes[i]?.ok ?? true;
        };
        let next = 0;
        while (next < indexes.length && Date.now() - started < SEQUENCE_BUDGET_MS && (await send(indexes[next]))) next++;
        if (next < indexes.length && outcomes[indexes[next]] !== null) next++;
        await Promise.all(indexes.slice(next).map(send));
      }),
    );
    return outcomes;
  }

  async afterAttempt(manager: EntityManager, delivery: WebhookDelivery, outcome: AttemptOutcome, now: Date): Promise<null> {
    await recordTargetHealth(manager, WebhookEndpoint, delivery.endpointId!, outcome, now);
    return null;
  }
}

/** One signed attempt to an endpoint: 2xx within the timeout is success, anything else a failure to retry. */
export async function sendSigned(
  sender: DeliverySender,
  endpoint: { url: string } & SigningKeys,
  payload: EventResponse,
): Promise<AttemptOutcome> {
  const body = JSON.stringify(payload);
  const sentAt = new Date();
  const result = await sender.post(
    endpoint.url,
    {
      'user-agent': 'Relay-Webhooks/1.0',
      'webhook-id': payload.id,
      'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
      'webhook-signature': signDelivery(endpoint, payload.id, sentAt, body),
    },
    body,
  );
  if (result.status === null) return { ok: false, status: null, error: result.error };
  const ok = result.status >= 200 && result.status < 300;
  return { ok, status: result.status, error: ok ? null : `receiver answered HTTP ${result.status}` };
}
