/** Contract §6 event types, §12's `notification_channel.disabled` and §13's `user.*` (audit). `ping` is only ever sent by POST /webhooks/{id}/test. */
export const EVENT_TYPES = [
  'ticket.created',
  'ticket.updated',
  'ticket.status_changed',
  'ticket.deleted',
  'conversation.created',
  'customer.created',
  'customer.updated',
  'customer.deleted',
  'notification_channel.disabled',
  'user.signed_in',
  'user.password_set',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** What a webhook can receive: the domain events plus the `ping` of a test send. */
export type WebhookEventType = EventType | 'ping';

export function isEventType(name: string): name is EventType {
  return (EVENT_TYPES as readonly string[]).includes(name);
}

/** `{ field: { from, to } }` for *.updated and *.status_changed. */
export type Changes = Record<string, { from: unknown; to: unknown }>;

export interface DomainEvent {
  workspaceId: string;
  type: EventType;
  /** The resource exactly as the API returns it (its response DTO). */
  data: object;
  changes?: Changes;
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
