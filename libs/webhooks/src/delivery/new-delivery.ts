import { newId } from '@relay/common';
import type { EventRecord } from '@relay/events';
import { WebhookDelivery } from '../webhook-delivery.entity';
import type { WebhookEndpoint } from '../webhook-endpoint.entity';

/** A delivery of `event` to `endpoint`, due now. */
export function newDelivery(endpoint: WebhookEndpoint, event: EventRecord, now: Date): WebhookDelivery {
  return Object.assign(new WebhookDelivery(), {
    id: newId('whd'),
    workspaceId: endpoint.workspaceId,
    endpointId: endpoint.id,
    eventId: event.id,
    eventType: event.type,
    status: 'pending',
    attempts: 0,
    lastResponseStatus: null,
    lastError: null,
    nextAttemptAt: now,
    lockedUntil: null,
    createdAt: now,
    updatedAt: now,
  } satisfies WebhookDelivery);
}

/** Whether an endpoint's `events` list covers this event type. */
export function subscribes(endpoint: Pick<WebhookEndpoint, 'events'>, type: string): boolean {
  return endpoint.events.includes('*') || endpoint.events.includes(type);
}
