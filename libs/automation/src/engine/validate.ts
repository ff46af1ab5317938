import { ApiError, ErrorCode } from '@relay/common';
import type { ErrorDetail } from '@relay/common';
import { validTagName } from '@relay/tags';
import { TICKET_PRIORITIES, TICKET_STATUSES } from '@relay/tickets';
import { patternProblem } from './pattern';
import type { Action, Conditions } from './types';
import { ACTION_PARAMS, CHANGE_OPERATORS, FIELDS, LIMITS, LIST_OPERATORS, OPERATORS, RULE_EVENTS, VALUELESS } from './vocabulary';
import type { RuleEvent } from './vocabulary';

/** An id a rule names, to be checked against the workspace when the rule is saved (404 on `path`). */
export interface RuleReference {
  path: string;
  kind: 'user' | 'team' | 'webhook' | 'channel';
  id: string;
}

export interface RuleCheck {
  errors: ErrorDetail[];
  references: RuleReference[];
  /** The body in its saved form (tag names normalised). */
  conditions: Conditions;
  actions: Action[];
}

type Json = Record<string, unknown>;
type Fail = (field: string, message: string) => void;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Checks what class-validator cannot express: every condition against its field's type, the
 * rule's events and its operator; every action's parameters. Errors carry the exact path
 * (`conditions.all[2].value`), so a saved rule is one that can match.
 */
export function checkRule(events: RuleEvent[], conditions: unknown, actions: unknown): RuleCheck {
  const errors: ErrorDetail[] = [];
  const references: RuleReference[] = [];
  const fail: Fail = (field, message) => void errors.push({ field, message });
  const saved: RuleCheck = { errors, references, conditions: { all: [], any: [] }, actions: [] };

  checkEvents(events, fail);
  if (!isObject(conditions)) fail('conditions', 'must be an object with `all` and `any` lists');
  else {
    for (const key of Object.keys(conditions)) if (key !== 'all' && key !== 'any') fail(`conditions.${key}`, 'is not a known field');
    let count = 0;
    for (const group of ['all', 'any'] as const) {
      const list = conditions[group] ?? [];
      if (!Array.isArray(list)) {
        fail(`conditions.${group}`, 'must be an array');
        continue;
      }
      count += list.length;
      list.forEach((condition, i) => {
        const failed = errors.length;
        const checked = checkCondition(condition, `conditions.${group}[${i}]`, events, fail, references);
        if (errors.length !== failed) return;
        if (checked) saved.conditions[group].push(checked);
      });
    }
    if (count > LIMITS.conditions) fail('conditions', `must hold at most ${LIMITS.conditions} conditions in all`);
  }

  if (!Array.isArray(actions)) fail('actions', 'must be an array');
  else if (actions.length < 1 || actions.length > LIMITS.actions) fail('actions', `must hold 1–${LIMITS.actions} actions`);
  else
    actions.forEach((action, i) => {
      const checked = checkAction(action, `actions[${i}]`, fail, references);
      if (checked) saved.actions.push(checked);
    });
  return saved;
}

/** `checkRule`'s errors as one 400 (the first names the message), or nothing. */
export function assertRuleChecked(check: RuleCheck): void {
  if (!check.errors.length) return;
  const [first] = check.errors;
  throw new ApiError(ErrorCode.ValidationFailed, `${first.field} ${first.message}`, check.errors);
}

function checkEvents(events: RuleEvent[], fail: Fail): void {
  if (!Array.isArray(events) || !events.length) return fail('events', 'must be a non-empty array');
  events.forEach((event, i) => {
    if (!(RULE_EVENTS as readonly string[]).includes(event)) fail(`events[${i}]`, `must be one of: ${RULE_EVENTS.join(', ')}`);
  });
  if (new Set(events).size !== events.length) fail('events', 'must not repeat an event');
  if (events.includes('manual') && events.length > 1) fail('events', '`manual` must be the only event');
}

function unknownKeys(object: Json, allowed: readonly string[], path: string, fail: Fail): void {
  for (const key of Object.keys(object)) if (!allowed.includes(key)) fail(`${path}.${key}`, 'is not a known field');
}

function checkCondition(
  condition: unknown,
  path: string,
  events: RuleEvent[],
  fail: Fail,
  references: RuleReference[],
): Conditions['all'][number] | null {
  if (!isObject(condition)) {
    fail(path, 'must be an object {field, operator, value?, case_sensitive?}');
    return null;
  }
  unknownKeys(condition, ['field', 'operator', 'value', 'case_sensitive'], path, fail);
  const { operator, value } = condition;
  const field = String(condition.field);
  const spec = typeof condition.field === 'string' && Object.hasOwn(FIELDS, field) ? FIELDS[field] : undefined;
  if (!spec) {
    fail(`${path}.field`, `must be one of: ${Object.keys(FIELDS).join(', ')}`);
    return null;
  }
  const missing = Array.isArray(events) ? events.filter((event) => spec.events && !spec.events.includes(event)) : [];
  if (missing.length) fail(`${path}.field`, `has no value on ${missing.join(', ')} (it is set on ${spec.events!.join(', ')})`);

  const changeOperator = (CHANGE_OPERATORS as readonly string[]).includes(String(operator));
  const allowed = [...OPERATORS[spec.type], ...(spec.change ? CHANGE_OPERATORS : [])];
  if (typeof operator !== 'string' || !allowed.includes(operator)) {
    fail(`${path}.operator`, `must be one of: ${allowed.join(', ')} for ${field}`);
    return null;
  }
  if (changeOperator && !(Array.isArray(events) && events.length === 1 && events[0] === 'ticket.updated')) {
    fail(`${path}.operator`, `${operator} applies to rules on ticket.updated only`);
  }
  if (condition.case_sensitive !== undefined && (typeof condition.case_sensitive !== 'boolean' || spec.type !== 'text')) {
    fail(`${path}.case_sensitive`, spec.type === 'text' ? 'must be a boolean' : 'applies to text fields only');
  }

  const valuePath = `${path}.value`;
  let saved = value;
  if (VALUELESS.has(operator)) {
    if (value !== undefined) fail(valuePath, `must be left out for ${operator}`);
  } else if (value === undefined) {
    fail(valuePath, `is required for ${operator}`);
  } else if (LIST_OPERATORS.has(operator)) {
    if (!Array.isArray(value) || value.length < 1 || value.length > LIMITS.listValues) {
      fail(valuePath, `must be an array of 1–${LIMITS.listValues} values for ${operator}`);
    } else {
      saved = value.map((item, i) => checkScalar(spec.type, spec.values, operator, item, `${valuePath}[${i}]`, fail, references, field));
    }
  } else {
    saved = checkScalar(spec.type, spec.values, operator, value, valuePath, fail, references, field, changeOperator);
  }
  return {
    field,
    operator,
    ...(saved !== undefined ? { value: saved } : {}),
    ...(condition.case_sensitive === true ? { case_sensitive: true } : {}),
  };
}

/** One comparison value of a field's type; returns it in its saved form. */
function checkScalar(
  type: string,
  values: readonly string[] | undefined,
  operator: string,
  value: unknown,
  path: string,
  fail: Fail,
  references: RuleReference[],
  field: string,
  nullable = false,
): unknown {
  if (value === null && nullable && type === 'id') return null;
  if (typeof value !== 'string') {
    fail(path, 'must be a string');
    return value;
  }
  if (type === 'text') {
    if (operator === 'matches') {
      const problem = patternProblem(value);
      if (problem) fail(path, problem);
    } else if (value.length < 1 || value.length > LIMITS.textValue) fail(path, `must be 1–${LIMITS.textValue} characters`);
    return value;
  }
  if (type === 'enum') {
    if (!values!.includes(value)) fail(path, `must be one of: ${values!.join(', ')} for ${field}`);
    return value;
  }
  if (type === 'tags') return tagName(value, path, fail);
  references.push({ path, kind: field === 'ticket.team_id' ? 'team' : 'user', id: value });
  return value;
}

function tagName(value: unknown, path: string, fail: Fail): unknown {
  try {
    return validTagName(value, path);
  } catch (error) {
    if (error instanceof ApiError) fail(path, error.details[0]?.message ?? error.message);
    return value;
  }
}

function checkAction(action: unknown, path: string, fail: Fail, references: RuleReference[]): Action | null {
  if (!isObject(action) || typeof action.type !== 'string') {
    fail(path, 'must be an object with a `type`');
    return null;
  }
  const params = Object.hasOwn(ACTION_PARAMS, action.type) ? ACTION_PARAMS[action.type] : undefined;
  if (!params) {
    fail(`${path}.type`, `must be one of: ${Object.keys(ACTION_PARAMS).join(', ')}`);
    return null;
  }
  unknownKeys(action, ['type', ...params.required, ...params.optional], path, fail);
  for (const name of params.required) if (action[name] === undefined) fail(`${path}.${name}`, `is required for ${action.type}`);
  const saved: Action = { ...action, type: action.type };
  const string = (name: string, max: number) => {
    const value = action[name];
    if (value === undefined) return;
    if (typeof value !== 'string' || !value.trim() || value.length > max)
      fail(`${path}.${name}`, `must be a non-blank string of at most ${max} characters`);
  };
  const reference = (name: string, kind: RuleReference['kind'], nullable: boolean) => {
    const value = action[name];
    if (value === undefined || (nullable && value === null)) return;
    if (typeof value !== 'string') fail(`${path}.${name}`, nullable ? 'must be a string or null' : 'must be a string');
    else references.push({ path: `${path}.${name}`, kind, id: value });
  };
  const oneOf = (name: string, values: readonly string[]) => {
    if (action[name] !== undefined && !values.includes(action[name] as string))
      fail(`${path}.${name}`, `must be one of: ${values.join(', ')}`);
  };
  switch (action.type) {
    case 'set_assignee':
      reference('user_id', 'user', true);
      break;
    case 'set_team':
      reference('team_id', 'team', true);
      break;
    case 'set_priority':
      oneOf('priority', TICKET_PRIORITIES);
      break;
    case 'set_status':
      oneOf('status', TICKET_STATUSES);
      break;
    case 'add_tags':
    case 'remove_tags': {
      const tags = action.tags;
      if (tags === undefined) break;
      if (!Array.isArray(tags) || tags.length < 1 || tags.length > LIMITS.tagsPerAction) {
        fail(`${path}.tags`, `must be an array of 1–${LIMITS.tagsPerAction} tag names`);
      } else saved.tags = tags.map((tag, i) => tagName(tag, `${path}.tags[${i}]`, fail));
      break;
    }
    case 'add_note':
      string('body', LIMITS.noteBody);
      break;
    case 'send_webhook':
      reference('webhook_id', 'webhook', false);
      break;
    case 'notify_channel':
      reference('channel_id', 'channel', false);
      string('text', LIMITS.notifyText);
      break;
  }
  return saved;
}
