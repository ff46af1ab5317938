import { applyAction } from './actions';
import { evaluateCondition } from './conditions';
import type { ActionResult, EngineRule, PassResult, RuleOutcome, TargetCheck, TicketChanges, TicketSnapshot, Trigger } from './types';
import { LIMITS } from './vocabulary';

export interface PassOptions {
  check: TargetCheck;
  rulesLimit?: number;
  actionsLimit?: number;
}

/**
 * One pass (contract §11): `rules` (the enabled rules of the event) in position order, each
 * seeing the ticket as the earlier ones left it. A rule fires at most once, so two rules that
 * undo each other fire once each; `stop_processing` ends the pass; past 100 rules or 200 actions
 * the rest are `pass_limit`. Nothing here starts another pass: the caller never does either.
 */
export function runPass(rules: EngineRule[], start: TicketSnapshot, trigger: Trigger, options: PassOptions): PassResult {
  const rulesLimit = options.rulesLimit ?? LIMITS.rulesPerPass;
  const actionsLimit = options.actionsLimit ?? LIMITS.actionsPerPass;
  const ordered = [...rules].sort((a, b) => a.position - b.position);
  const outcomes: RuleOutcome[] = [];
  let ticket = start;
  let actionsRun = 0;
  let stopped = false;
  for (const [i, rule] of ordered.entries()) {
    const pending: RuleOutcome = {
      rule_id: rule.id,
      position: rule.position,
      evaluated: false,
      matched: false,
      fired: false,
      stopped: false,
      conditions: [],
      actions: [],
      changes: {},
    };
    if (stopped) {
      outcomes.push(pending);
      continue;
    }
    if (i >= rulesLimit || actionsRun >= actionsLimit) {
      outcomes.push({ ...pending, reason: 'pass_limit' });
      continue;
    }
    const evaluated = evaluateRule(rule, ticket, trigger);
    if (!evaluated.matched) {
      outcomes.push({ ...pending, ...evaluated, evaluated: true });
      continue;
    }
    const actions: ActionResult[] = [];
    const changes: TicketChanges = {};
    for (const [index, action] of rule.actions.entries()) {
      if (actionsRun >= actionsLimit) {
        actions.push({ index, type: action.type, status: 'skipped', reason: 'pass_limit', changes: {} });
        continue;
      }
      actionsRun++;
      const outcome = applyAction(action, index, ticket, options.check);
      actions.push(outcome.result);
      ticket = outcome.ticket;
      mergeChanges(changes, outcome.result.changes);
    }
    stopped = rule.stop_processing;
    outcomes.push({ ...pending, ...evaluated, evaluated: true, fired: true, stopped, actions, changes });
  }
  return { ticket, rules: outcomes };
}

/** Every condition of the rule, all evaluated (dry-run explains each), and whether it matches. */
export function evaluateRule(rule: Pick<EngineRule, 'conditions'>, ticket: TicketSnapshot, trigger: Trigger) {
  const all = rule.conditions.all.map((condition, index) => evaluateCondition(condition, 'all', index, ticket, trigger));
  const any = rule.conditions.any.map((condition, index) => evaluateCondition(condition, 'any', index, ticket, trigger));
  const matched = all.every((c) => c.result) && (any.length === 0 || any.some((c) => c.result));
  return { matched, conditions: [...all, ...any] };
}

/** A field changed twice by one rule is reported once, from its first value to its last. */
function mergeChanges(into: TicketChanges, more: TicketChanges): void {
  for (const [field, change] of Object.entries(more)) {
    const from = field in into ? into[field].from : change.from;
    if (JSON.stringify(from) === JSON.stringify(change.to)) delete into[field];
    else into[field] = { from, to: change.to };
  }
}
