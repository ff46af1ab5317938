import type { Schemas } from '../../api';

/** Contract §11, as the generated client types it: what a rule's conditions and actions may name. */
export type RuleEvent = Schemas['RuleEvent'];
export type Field = Schemas['RuleConditionField'];
export type Operator = Schemas['RuleConditionOperator'];
export type ActionType = Schemas['RuleActionType'];

export const RULE_EVENTS: RuleEvent[] = ['ticket.created', 'ticket.updated', 'conversation.created', 'manual'];

type FieldType = 'text' | 'enum' | 'tags' | 'id';
const STATUSES: Schemas['TicketStatus'][] = ['open', 'pending', 'resolved', 'closed'];
const PRIORITIES: Schemas['TicketPriority'][] = ['low', 'normal', 'high', 'urgent'];
const CHANNELS: Schemas['TicketChannel'][] = ['api', 'email', 'web', 'chat', 'phone'];

/** Each field's type, an enum's values, and whether `changed*` reads it on ticket.updated. */
export const FIELDS: Record<Field, { type: FieldType; values?: readonly string[]; changes?: true }> = {
  'ticket.subject': { type: 'text' },
  'customer.email': { type: 'text' },
  'customer.email_domain': { type: 'text' },
  'conversation.body': { type: 'text' },
  'ticket.status': { type: 'enum', values: STATUSES, changes: true },
  'ticket.priority': { type: 'enum', values: PRIORITIES, changes: true },
  'ticket.channel': { type: 'enum', values: CHANNELS },
  'conversation.type': { type: 'enum', values: ['reply', 'note'] },
  'conversation.author_type': { type: 'enum', values: ['user', 'customer', 'automation'] },
  'actor.type': { type: 'enum', values: ['user', 'automation', 'system'] },
  'ticket.tags': { type: 'tags', changes: true },
  'ticket.assignee_id': { type: 'id', changes: true },
};
export const FIELD_NAMES = Object.keys(FIELDS) as Field[];

const OPERATORS: Record<FieldType, Operator[]> = {
  text: ['eq', 'neq', 'contains', 'not_contains', 'starts_with', 'ends_with', 'contains_any', 'matches', 'is_empty', 'is_not_empty'],
  enum: ['eq', 'neq', 'in', 'not_in'],
  tags: ['includes', 'excludes', 'includes_any', 'includes_all'],
  id: ['eq', 'neq', 'in', 'is_empty', 'is_not_empty'],
};

/** The operators a field takes; `changed*` only on a rule whose one event is ticket.updated. */
export function operatorsOf(field: Field, events: string[]): Operator[] {
  const own = OPERATORS[FIELDS[field].type];
  const onUpdate = events.length === 1 && events[0] === 'ticket.updated' && FIELDS[field].changes;
  return onUpdate ? [...own, 'changed', 'changed_from', 'changed_to'] : own;
}

const VALUELESS = new Set<Operator>(['is_empty', 'is_not_empty', 'changed']);
const LISTS = new Set<Operator>(['in', 'not_in', 'contains_any', 'includes_any', 'includes_all']);

/** What a condition's value is for an operator: nothing, a list, or one value. */
export function valueKind(operator: Operator): 'none' | 'list' | 'one' {
  if (VALUELESS.has(operator)) return 'none';
  return LISTS.has(operator) ? 'list' : 'one';
}

/** Each action's parameters (besides `type`), in the order the form asks for them. */
export const ACTIONS: Record<ActionType, { name: keyof Schemas['RuleActionRequest']; label: string; values?: readonly string[] }[]> = {
  set_assignee: [{ name: 'user_id', label: 'User id (empty: unassign)' }],
  set_priority: [{ name: 'priority', label: 'Priority', values: PRIORITIES }],
  set_status: [{ name: 'status', label: 'Status', values: STATUSES }],
  add_tags: [{ name: 'tags', label: 'Tags (comma-separated)' }],
  remove_tags: [{ name: 'tags', label: 'Tags (comma-separated)' }],
  add_note: [{ name: 'body', label: 'Note' }],
  send_webhook: [{ name: 'webhook_id', label: 'Webhook id' }],
  notify_channel: [
    { name: 'channel_id', label: 'Notification channel id' },
    { name: 'text', label: 'Message (optional)' },
  ],
};
export const ACTION_TYPES = Object.keys(ACTIONS) as ActionType[];

/** A value the API answers (a string, a list, null…) in words. */
export function shown(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value)) return value.map(shown).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
