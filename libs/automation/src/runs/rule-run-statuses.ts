import type { RuleRunAction, RuleRunStatus } from './rule-run.entity';

/** The values the run log reports, as lists for validation and OpenAPI enums. */
export const RULE_RUN_STATUSES = ['applied', 'partially_failed', 'failed'] as const satisfies readonly RuleRunStatus[];
export const RULE_RUN_ACTION_STATUSES = ['applied', 'skipped', 'failed'] as const satisfies readonly RuleRunAction['status'][];
export type RuleRunActionStatus = RuleRunAction['status'];
