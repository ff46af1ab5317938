import { iso } from '@relay/common';
import { RuleRunResponse } from './dto/rule-run.response';
import { RuleRun } from './rule-run.entity';

export function toRuleRunResponse(run: RuleRun): RuleRunResponse {
  return {
    id: run.id,
    rule_id: run.ruleId,
    rule_version: run.ruleVersion,
    ticket_id: run.ticketId,
    trigger: run.trigger,
    trigger_event_id: run.triggerEventId,
    actor: run.actor,
    status: run.status,
    actions: run.actions.map(({ index, type, status, changes, error }) => ({ index, type, status, changes, error })),
    created_at: iso(run.createdAt),
  };
}
