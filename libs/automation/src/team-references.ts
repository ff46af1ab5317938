import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { TeamRules } from '@relay/teams';
import { Rule } from './rule.entity';

/**
 * Which enabled rules name a team, for `DELETE /teams/{id}` (contract §10): a rule that sets
 * the team, or whose condition tests `ticket.team_id` against it, would stop working.
 */
@Injectable()
export class TeamReferences implements TeamRules {
  async enabledNaming(manager: EntityManager, workspaceId: string, teamId: string): Promise<string[]> {
    // At most 500 rules per workspace, each parsed once: no JSON operators that differ by engine.
    const rules = await manager.find(Rule, {
      select: { id: true, conditions: true, actions: true },
      where: { workspaceId, enabled: true },
      order: { position: 'ASC' },
    });
    return rules.filter((rule) => namesTeam(rule, teamId)).map((rule) => rule.id);
  }
}

function namesTeam(rule: Pick<Rule, 'conditions' | 'actions'>, teamId: string): boolean {
  const actions = rule.actions as { type: string; team_id?: unknown }[];
  if (actions.some((action) => action.type === 'set_team' && action.team_id === teamId)) return true;
  const conditions = [...(rule.conditions.all ?? []), ...(rule.conditions.any ?? [])] as { field: string; value?: unknown }[];
  return conditions.some(
    ({ field, value }) => field === 'ticket.team_id' && (value === teamId || (Array.isArray(value) && value.includes(teamId))),
  );
}
