import type { RuleEvent } from './vocabulary';

export interface Condition {
  field: string;
  operator: string;
  value?: unknown;
  case_sensitive?: boolean;
}

export interface Conditions {
  all: Condition[];
  any: Condition[];
}

/** A flat action object: `{type, …params}`, e.g. `{type: 'set_priority', priority: 'high'}`. */
export interface Action {
  type: string;
  [param: string]: unknown;
}

/** What the engine needs of a rule. */
export interface EngineRule {
  id: string;
  position: number;
  conditions: Conditions;
  actions: Action[];
  stop_processing: boolean;
}

/** The ticket as rules see and change it. */
export interface TicketSnapshot {
  id: string;
  status: string;
  priority: string;
  channel: string;
  subject: string;
  tags: string[];
  assignee_id: string | null;
  team_id: string | null;
  customer_email: string | null;
}

/** A ticket change as `ticket.updated` reports it. */
export type TicketChanges = Record<string, { from: unknown; to: unknown }>;

/** What started the pass. */
export interface Trigger {
  event: RuleEvent;
  actor_type: string;
  /** The triggering change (ticket.updated). */
  changes?: TicketChanges;
  /** The new entry (conversation.created), or the description as a reply (ticket.created). */
  conversation?: { body: string; type: string; author_type: string } | null;
}

/**
 * Whether the targets actions name can be used now, answered from what the caller loaded before
 * the pass (the engine does no I/O). A reason code when not, e.g. `user_inactive`.
 */
export interface TargetCheck {
  /** `teamId`: the ticket's team at that point; an assignee must be one of its members. */
  user(id: string, teamId: string | null): string | null;
  /** A live team of the workspace (`team_not_found`, `team_deleted`). */
  team(id: string): string | null;
  webhook(id: string): string | null;
  channel(id: string): string | null;
}

export interface ConditionResult {
  group: 'all' | 'any';
  index: number;
  field: string;
  operator: string;
  value: unknown;
  actual: unknown;
  result: boolean;
}

export type ActionStatus = 'apply' | 'skipped' | 'failed';

export interface ActionResult {
  index: number;
  type: string;
  status: ActionStatus;
  /** `no_change`, `pass_limit`, or a failure code (`user_inactive`, `webhook_disabled`, …). */
  reason?: string;
  changes: TicketChanges;
}

export interface RuleOutcome {
  rule_id: string;
  position: number;
  /** False when the pass ended before the rule (`stop_processing`) or it was over the limit. */
  evaluated: boolean;
  matched: boolean;
  fired: boolean;
  stopped: boolean;
  /** `pass_limit` when the rule fell beyond the pass's limits. */
  reason?: string;
  conditions: ConditionResult[];
  actions: ActionResult[];
  /** The ticket fields this rule changed, as one `ticket.updated` would report them. */
  changes: TicketChanges;
}

export interface PassResult {
  ticket: TicketSnapshot;
  rules: RuleOutcome[];
}
