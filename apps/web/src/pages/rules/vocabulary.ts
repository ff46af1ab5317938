import type { Schemas } from '../../api';
import type { Source } from '../../ui/choices';

/**
 * Contract §11: what a rule's conditions and actions may name. The contract's team field and
 * action are listed even where the server does not take them yet (it answers 400 at the field);
 * a name the app does not know (enumerations may grow) is shown as text.
 */
export type RuleEvent = Schemas['RuleEvent'];
export type Field = Schemas['RuleConditionField'] | 'ticket.team_id';
export type Operator = Schemas['RuleConditionOperator'];
export type ActionType = Schemas['RuleActionType'] | 'set_team';

export const RULE_EVENTS: RuleEvent[] = ['ticket.created', 'ticket.updated', 'conversation.created', 'manual'];

type FieldType = 'text' | 'enum' | 'tags' | 'id';
const STATUSES: Schemas['TicketStatus'][] = ['open', 'pending', 'resolved', 'closed'];
const PRIORITIES: Schemas['TicketPriority'][] = ['low', 'normal', 'high', 'urgent'];
const CHANNELS: Schemas['TicketChannel'][] = ['api', 'email', 'web', 'chat', 'phone'];

/** Each field's type, an enum's values, and whether `changed*` reads it on ticket.updated. */
interface FieldSpec {
  type: FieldType;
  values?: readonly string[];
  changes?: true;
  source?: Source;
}
const FIELDS: Record<Field, FieldSpec> = {
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
  'ticket.assignee_id': { type: 'id', changes: true, source: 'users' },
  'ticket.team_id': { type: 'id', changes: true, source: 'teams' },
};

export function fieldSpec(field: string): FieldSpec {
  return FIELDS[field as Field] ?? { type: 'text' };
}
export const FIELD_NAMES = Object.keys(FIELDS) as Field[];

const OPERATORS: Record<FieldType, Operator[]> = {
  text: ['eq', 'neq', 'contains', 'not_contains', 'starts_with', 'ends_with', 'contains_any', 'matches', 'is_empty', 'is_not_empty'],
  enum: ['eq', 'neq', 'in', 'not_in'],
  tags: ['includes', 'excludes', 'includes_any', 'includes_all'],
  id: ['eq', 'neq', 'in', 'is_empty', 'is_not_empty'],
};

/** The operators a field takes; `changed*` only on a rule whose one event is ticket.updated. */
export function operatorsOf(field: Field, events: string[]): Operator[] {
  const spec = fieldSpec(field);
  const own = OPERATORS[spec.type];
  const onUpdate = events.length === 1 && events[0] === 'ticket.updated' && spec.changes;
  return onUpdate ? [...own, 'changed', 'changed_from', 'changed_to'] : own;
}

const VALUELESS = new Set<Operator>(['is_empty', 'is_not_empty', 'changed']);
const LISTS = new Set<Operator>(['in', 'not_in', 'contains_any', 'includes_any', 'includes_all']);

/** What a condition's value is for an operator: nothing, a list, or one value. */
export function valueKind(operator: Operator): 'none' | 'list' | 'one' {
  if (VALUELESS.has(operator)) return 'none';
  return LISTS.has(operator) ? 'list' : 'one';
}

interface Param {
  name: string;
  label: string;
  values?: readonly string[];
  source?: Source;
}
/** Each action's parameters (besides `type`), in the order the form asks for them. */
const ACTIONS: Record<ActionType, Param[]> = {
  set_team: [{ name: 'team_id', label: 'Team (—: none)', source: 'teams' }],
  set_assignee: [{ name: 'user_id', label: 'User (—: unassign)', source: 'users' }],
  set_priority: [{ name: 'priority', label: 'Priority', values: PRIORITIES }],
  set_status: [{ name: 'status', label: 'Status', values: STATUSES }],
  add_tags: [{ name: 'tags', label: 'Tags' }],
  remove_tags: [{ name: 'tags', label: 'Tags' }],
  add_note: [{ name: 'body', label: 'Note' }],
  send_webhook: [{ name: 'webhook_id', label: 'Webhook', source: 'webhooks' }],
  notify_channel: [
    { name: 'channel_id', label: 'Notification channel', source: 'channels' },
    { name: 'text', label: 'Message (optional)' },
  ],
};
export const ACTION_TYPES = Object.keys(ACTIONS) as ActionType[];

export function paramsOf(type: string): Param[] {
  return ACTIONS[type as ActionType] ?? [];
}

/** A value the API answers (a string, a list, null…) in words. */
export function shown(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value)) return value.map(shown).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** What an action changed (or would change), in words: `priority: high → urgent; tags: … → …`. */
export function changesText(changes: Record<string, { from?: unknown; to?: unknown }>): string {
  return Object.entries(changes)
    .map(([name, change]) => `${name}: ${shown(change.from)} → ${shown(change.to)}`)
    .join('; ');
}
