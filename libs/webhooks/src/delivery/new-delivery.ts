import { SequentialIds } from '@relay/common';
import type { EventRecord } from '@relay/events';
import { DeliveryTargetKind, TARGET_COLUMN, WebhookDelivery } from '../webhook-delivery.entity';

/**
 * Fan-out makes deliveries in event order; sequential ids keep that order among deliveries due
 * at the same instant, which is how they are claimed (DeliveryLedger).
 */
const deliveryIds = new SequentialIds('whd');

/** A delivery of `event` to the target `targetId` of this kind, due now. */
export function newDelivery(
  kind: DeliveryTargetKind,
  target: { id: string; workspaceId: string },
  event: EventRecord,
  now: Date,
): WebhookDelivery {
  return Object.assign(new WebhookDelivery(), {
    id: deliveryIds.next(now.getTime()).id,
    workspaceId: target.workspaceId,
    targetKind: kind,
    endpointId: null,
    channelId: null,
    [TARGET_COLUMN[kind]]: target.id,
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
export function subscribes(endpoint: { events: string[] }, type: string): boolean {
  return endpoint.events.includes('*') || endpoint.events.includes(type);
}
