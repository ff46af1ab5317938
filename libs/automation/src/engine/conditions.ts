import { tagNameKey } from '@relay/tags';
import { compilePattern } from './pattern';
import { comparable, emailDomain, normalised } from './text';
import type { Condition, ConditionResult, TicketSnapshot, Trigger } from './types';
import { FIELDS } from './vocabulary';

/** How much of a text `actual` shows: enough to see why, never a whole body per ticket. */
const ACTUAL_PREVIEW = 500;

/** The raw value of `field` for this ticket and trigger; null when it has none. */
export function fieldValue(field: string, ticket: TicketSnapshot, trigger: Trigger): unknown {
  switch (field) {
    case 'ticket.subject':
      return ticket.subject;
    case 'customer.email':
      return ticket.customer_email;
    case 'customer.email_domain':
      return emailDomain(ticket.customer_email);
    case 'conversation.body':
      return trigger.conversation?.body ?? null;
    case 'conversation.type':
      return trigger.conversation?.type ?? null;
    case 'conversation.author_type':
      return trigger.conversation?.author_type ?? null;
    case 'ticket.status':
      return ticket.status;
    case 'ticket.priority':
      return ticket.priority;
    case 'ticket.channel':
      return ticket.channel;
    case 'actor.type':
      return trigger.actor_type;
    case 'ticket.tags':
      return ticket.tags;
    case 'ticket.assignee_id':
      return ticket.assignee_id;
    case 'ticket.team_id':
      return ticket.team_id;
    default:
      return null;
  }
}

/** One condition on the ticket as it stands, with what it saw (`actual`) and its verdict. */
export function evaluateCondition(
  condition: Condition,
  group: 'all' | 'any',
  index: number,
  ticket: TicketSnapshot,
  trigger: Trigger,
): ConditionResult {
  const spec = FIELDS[condition.field];
  const base = { group, index, field: condition.field, operator: condition.operator, value: condition.value ?? null };
  if (condition.operator.startsWith('changed')) {
    const change = spec?.change ? (trigger.changes?.[spec.change] ?? null) : null;
    return { ...base, actual: change, result: changeHolds(condition, change) };
  }
  const raw = fieldValue(condition.field, ticket, trigger);
  switch (spec?.type) {
    case 'text': {
      const caseSensitive = condition.case_sensitive === true;
      const text = typeof raw === 'string' ? comparable(raw, caseSensitive) : null;
      const actual = text !== null && text.length > ACTUAL_PREVIEW ? `${text.slice(0, ACTUAL_PREVIEW)}…` : text;
      return { ...base, actual, result: textHolds(condition, raw as string | null, text, caseSensitive) };
    }
    case 'tags': {
      const tags = raw as string[];
      return { ...base, actual: tags, result: tagsHold(condition, new Set(tags.map(tagNameKey))) };
    }
    case 'enum':
    case 'id':
      return { ...base, actual: raw, result: valueHolds(condition, raw as string | null) };
    default:
      return { ...base, actual: null, result: false };
  }
}

function textHolds(condition: Condition, raw: string | null, text: string | null, caseSensitive: boolean): boolean {
  const { operator, value } = condition;
  if (operator === 'is_empty') return text === null || text.trim() === '';
  if (operator === 'is_not_empty') return text !== null && text.trim() !== '';
  if (operator === 'neq') return !textHolds({ ...condition, operator: 'eq' }, raw, text, caseSensitive);
  if (operator === 'not_in') return !textHolds({ ...condition, operator: 'in' }, raw, text, caseSensitive);
  if (operator === 'not_contains') return !textHolds({ ...condition, operator: 'contains' }, raw, text, caseSensitive);
  if (text === null) return false;
  const wanted = (v: unknown) => comparable(String(v), caseSensitive);
  switch (operator) {
    case 'eq':
      return text === wanted(value);
    case 'contains':
      return text.includes(wanted(value));
    case 'starts_with':
      return text.startsWith(wanted(value));
    case 'ends_with':
      return text.endsWith(wanted(value));
    case 'contains_any':
      return (value as unknown[]).some((v) => text.includes(wanted(v)));
    case 'in':
      return (value as unknown[]).some((v) => text === wanted(v));
    case 'matches':
      // Not lower-cased: the `i` flag folds case as the pattern's author expects (`\D` stays `\D`).
      return compilePattern(String(value), caseSensitive).test(normalised(raw!));
    default:
      return false;
  }
}

function tagsHold(condition: Condition, tags: Set<string>): boolean {
  const { operator, value } = condition;
  switch (operator) {
    case 'includes':
      return tags.has(tagNameKey(String(value)));
    case 'excludes':
      return !tags.has(tagNameKey(String(value)));
    case 'includes_any':
      return (value as string[]).some((v) => tags.has(tagNameKey(v)));
    case 'includes_all':
      return (value as string[]).every((v) => tags.has(tagNameKey(v)));
    default:
      return false;
  }
}

function valueHolds(condition: Condition, actual: string | null): boolean {
  const { operator, value } = condition;
  switch (operator) {
    case 'eq':
      return actual === value;
    case 'neq':
      return actual !== value;
    case 'in':
      return (value as unknown[]).includes(actual);
    case 'not_in':
      return !(value as unknown[]).includes(actual);
    case 'is_empty':
      return actual === null;
    case 'is_not_empty':
      return actual !== null;
    default:
      return false;
  }
}

/** `changed*` on the triggering change; for tags, `changed_from`/`changed_to` mean removed/added. */
function changeHolds(condition: Condition, change: { from: unknown; to: unknown } | null): boolean {
  if (!change) return false;
  if (condition.operator === 'changed') return true;
  const side = condition.operator === 'changed_from' ? change.from : change.to;
  const other = condition.operator === 'changed_from' ? change.to : change.from;
  if (Array.isArray(side)) {
    const key = tagNameKey(String(condition.value));
    const has = (list: unknown) => Array.isArray(list) && list.some((tag) => tagNameKey(String(tag)) === key);
    return has(side) && !has(other);
  }
  return side === (condition.value ?? null);
}
