import { iso } from '@relay/common';
import { DeliveryResponse } from './dto/delivery.response';
import { WebhookResponse } from './dto/webhook.response';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookEndpoint } from './webhook-endpoint.entity';

export function toWebhookResponse(endpoint: WebhookEndpoint): WebhookResponse {
  return {
    id: endpoint.id,
    url: endpoint.url,
    events: endpoint.events,
    description: endpoint.description,
    active: endpoint.active,
    disabled_reason: endpoint.disabledReason,
    previous_secret_expires_at:
      endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > new Date() ? iso(endpoint.previousSecretExpiresAt) : null,
    created_at: iso(endpoint.createdAt),
    updated_at: iso(endpoint.updatedAt),
  };
}

/** What every delivery shows after its own and its target's ids, whichever kind of target it goes to. */
export function deliveryState(delivery: WebhookDelivery): Omit<DeliveryResponse, 'id' | 'webhook_id'> {
  return {
    event_id: delivery.eventId,
    event_type: delivery.eventType,
    status: delivery.status,
    attempts: delivery.attempts,
    last_response_status: delivery.lastResponseStatus,
    last_error: delivery.lastError,
    next_attempt_at: iso(delivery.nextAttemptAt),
    created_at: iso(delivery.createdAt),
    updated_at: iso(delivery.updatedAt),
  };
}

export function toDeliveryResponse(delivery: WebhookDelivery): DeliveryResponse {
  return { id: delivery.id, webhook_id: delivery.endpointId!, ...deliveryState(delivery) };
}
