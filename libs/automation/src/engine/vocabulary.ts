import { ACTOR_TYPES } from '@relay/events';
import { TICKET_CHANNELS, TICKET_PRIORITIES, TICKET_STATUSES } from '@relay/tickets';

/** Contract §11: what starts a pass. `manual` runs only through `POST /rules/{id}/run`. */
export const RULE_EVENTS = ['ticket.created', 'ticket.updated', 'conversation.created', 'manual'] as const;
export type RuleEvent = (typeof RULE_EVENTS)[number];

export const FIELD_TYPES = ['text', 'enum', 'tags', 'id'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export const CONVERSATION_TYPES = ['reply', 'note'] as const;
export const AUTHOR_TYPES = ['user', 'customer', 'automation'] as const;

interface FieldSpec {
  type: FieldType;
  /** The values an enum field takes. */
  values?: readonly string[];
  /** The events on which the field has a value; every event when absent. */
  events?: readonly RuleEvent[];
  /** The name of the ticket change that `changed`/`changed_from`/`changed_to` read, if any. */
  change?: 'status' | 'priority' | 'assignee_id' | 'team_id' | 'tags';
}

/** The condition fields of contract §11. */
export const FIELDS: Record<string, FieldSpec> = {
  'ticket.subject': { type: 'text' },
  'customer.email': { type: 'text' },
  'customer.email_domain': { type: 'text' },
  // The description on ticket.created, the new entry on conversation.created.
  'conversation.body': { type: 'text', events: ['ticket.created', 'conversation.created'] },
  'ticket.status': { type: 'enum', values: TICKET_STATUSES, change: 'status' },
  'ticket.priority': { type: 'enum', values: TICKET_PRIORITIES, change: 'priority' },
  'ticket.channel': { type: 'enum', values: TICKET_CHANNELS },
  'conversation.type': { type: 'enum', values: CONVERSATION_TYPES, events: ['conversation.created'] },
  'conversation.author_type': { type: 'enum', values: AUTHOR_TYPES, events: ['conversation.created'] },
  'actor.type': { type: 'enum', values: ACTOR_TYPES },
  'ticket.tags': { type: 'tags', change: 'tags' },
  'ticket.assignee_id': { type: 'id', change: 'assignee_id' },
  'ticket.team_id': { type: 'id', change: 'team_id' },
};

/** Operators that compare with nothing (no `value`). */
export const VALUELESS = new Set(['is_empty', 'is_not_empty', 'changed']);
/** Operators whose value is a non-empty list. */
export const LIST_OPERATORS = new Set(['contains_any', 'in', 'not_in', 'includes_any', 'includes_all']);
/** Operators of `ticket.updated` only, on fields that carry a `change`. */
export const CHANGE_OPERATORS = ['changed', 'changed_from', 'changed_to'] as const;

export const OPERATORS: Record<FieldType, readonly string[]> = {
  // `in`/`not_in` beyond the contract's list: "email domain in [acme.com, acme.io]" reads naturally.
  text: [
    'eq',
    'neq',
    'in',
    'not_in',
    'contains',
    'not_contains',
    'starts_with',
    'ends_with',
    'contains_any',
    'matches',
    'is_empty',
    'is_not_empty',
  ],
  enum: ['eq', 'neq', 'in', 'not_in'],
  tags: ['includes', 'excludes', 'includes_any', 'includes_all'],
  id: ['eq', 'neq', 'in', 'is_empty', 'is_not_empty'],
};

/** Contract §11 actions and their parameters (besides `type`). */
export const ACTION_PARAMS: Record<string, { required: readonly string[]; optional: readonly string[] }> = {
  set_team: { required: ['team_id'], optional: [] },
  set_assignee: { required: ['user_id'], optional: [] },
  set_priority: { required: ['priority'], optional: [] },
  set_status: { required: ['status'], optional: [] },
  add_tags: { required: ['tags'], optional: [] },
  remove_tags: { required: ['tags'], optional: [] },
  add_note: { required: ['body'], optional: [] },
  send_webhook: { required: ['webhook_id'], optional: [] },
  notify_channel: { required: ['channel_id'], optional: ['text'] },
};
export const ACTION_TYPES = Object.keys(ACTION_PARAMS);

export const LIMITS = {
  conditions: 50,
  actions: 20,
  listValues: 100,
  tagsPerAction: 20,
  textValue: 1000,
  pattern: 200,
  noteBody: 10000,
  notifyText: 3000,
  /** Contract: only the first 64 KiB of a text is examined. */
  examinedBytes: 64 * 1024,
  rulesPerPass: 100,
  actionsPerPass: 200,
} as const;
