import type { Actor } from './actor';

/** Contract §6 event types, §10's `team.*`, §11's `rule.*` and `automation.*` (`automation.triggered` is only ever addressed to one endpoint), §12's `notification_channel.disabled` and §13's `user.*` (audit). `ping` is only ever sent by POST /webhooks/{id}/test. */
export const EVENT_TYPES = [
  'ticket.created',
  'ticket.updated',
  'ticket.status_changed',
  'ticket.deleted',
  'ticket.assigned',
  'conversation.created',
  'customer.created',
  'customer.updated',
  'customer.deleted',
  'notification_channel.disabled',
  'user.signed_in',
  'user.password_set',
  'team.created',
  'team.updated',
  'team.deleted',
  'rule.created',
  'rule.updated',
  'rule.deleted',
  'automation.triggered',
  'automation.action_failed',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** What a webhook can receive: the domain events plus the `ping` of a test send. */
export type WebhookEventType = EventType | 'ping';

export function isEventType(name: string): name is EventType {
  return (EVENT_TYPES as readonly string[]).includes(name);
}

/** `{ field: { from, to } }` for *.updated and *.status_changed. */
export type Changes = Record<string, { from: unknown; to: unknown }>;

/**
 * The payload (`data`) of each event type: the resource exactly as the API returns it. One map,
 * filled in by the module that owns each event, next to the code that appends it:
 *
 *     declare module '@relay/events' {
 *       interface EventPayloads { 'ticket.created': TicketResponse; … }
 *     }
 *
 * so this lib knows no module above it, yet `EventOutbox.append` refuses a payload of the wrong
 * shape, a type nobody declared a payload for, and a consumer reading an event gets its type.
 */
export interface EventPayloads {
  /** A test send, addressed to one webhook endpoint or notification channel. */
  ping: { webhook_id: string; message: string } | { channel_id: string; message: string };
}

/** The payload of `type`; `never` until its owner declares it in EventPayloads. */
export type EventPayload<T extends WebhookEventType> = T extends keyof EventPayloads ? EventPayloads[T] : never;

/** Facts about how an event came about that are not the resource (§10, §11); omitted when absent. */
export type EventContext = Record<string, unknown>;

/**
 * An event to append: for each type, its own payload, and always who caused it, so no write
 * path can append an event without saying whose it is.
 */
export type DomainEvent<T extends EventType = EventType> = {
  [K in T]: {
    workspaceId: string;
    actor: Actor;
    type: K;
    data: EventPayload<K>;
    changes?: Changes;
    context?: EventContext;
  };
}[T];

/** Whether `event` is of `type`, narrowing its `data` to that type's payload. */
export function isEventOf<T extends WebhookEventType, E extends { type: WebhookEventType; data: object }>(
  event: E,
  type: T,
): event is E & { type: T; data: EventPayload<T> } {
  return event.type === type;
}

/** The in-process signal emitted after a transaction that appended events commits. */
export const EVENTS_APPENDED = 'relay.events.appended';

/** Field-by-field from/to of what changed between two API representations. */
export function diff<T extends object>(before: T, after: T, fields: (keyof T)[]): Changes {
  const changes: Changes = {};
  for (const field of fields) {
    const from = before[field];
    const to = after[field];
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[String(field)] = { from, to };
  }
  return changes;
}
