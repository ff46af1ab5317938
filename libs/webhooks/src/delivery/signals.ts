/** In-process signal: deliveries were made due (a test ping, a redelivery); wakes the dispatcher now. */
export const DELIVERIES_DUE = 'relay.webhooks.deliveries_due';

/** Which process hosts delivery: the API (only when WEBHOOK_DELIVERY=embedded) or a worker (always). */
export type DeliveryRole = 'api' | 'worker';
export const DELIVERY_ROLE = Symbol('DELIVERY_ROLE');
