import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Port } from '@relay/common';
import type { Actor } from '@relay/events';
import type { JobItemOutcome } from '@relay/jobs';
import type { Rule } from '../rule.entity';

/**
 * Applies one rule to existing tickets with trigger `manual`, inside `manager`'s transaction
 * (locks, conditions, actions, events, run log, the rule's counters), answering per ticket:
 * `applied` when it fired, `skipped` when its conditions did not hold or the ticket is gone,
 * `failed` when every action failed. Bound by the rules' execution.
 */
export interface ManualRuleExecutor {
  applyManual(manager: EntityManager, workspaceId: string, rule: Rule, ticketIds: string[], actor: Actor): Promise<JobItemOutcome[]>;
}

@Injectable()
export class ManualRuleExecution extends Port<ManualRuleExecutor> {}
