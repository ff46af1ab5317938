import { iso } from '@relay/common';
import { RuleResponse } from './dto/rule.response';
import { Rule } from './rule.entity';

export function toRuleResponse(rule: Rule): RuleResponse {
  return {
    id: rule.id,
    name: rule.name,
    description: rule.description,
    enabled: rule.enabled,
    position: rule.position,
    events: rule.events,
    conditions: rule.conditions as RuleResponse['conditions'],
    actions: rule.actions,
    stop_processing: rule.stopProcessing,
    version: rule.version,
    created_by: rule.createdBy,
    created_at: iso(rule.createdAt),
    updated_at: iso(rule.updatedAt),
    last_fired_at: iso(rule.lastFiredAt),
    fire_count: rule.fireCount,
    last_error: rule.lastError,
  };
}
