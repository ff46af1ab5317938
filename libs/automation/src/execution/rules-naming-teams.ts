import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TeamRulesPort } from '@relay/teams';
import type { TeamRules } from '@relay/teams';
import type { Rule } from '../rule.entity';
import { EnabledRules } from './enabled-rules';

/** Answers the teams module which enabled rules name a team (a team they name cannot be deleted, contract §10). */
@Injectable()
export class RulesNamingTeams implements TeamRules, OnModuleInit {
  constructor(
    private readonly port: TeamRulesPort,
    private readonly enabled: EnabledRules,
  ) {}

  onModuleInit(): void {
    this.port.bind(this);
  }

  async enabledNaming(manager: EntityManager, workspaceId: string, teamId: string): Promise<string[]> {
    return (await this.enabled.all(manager, workspaceId)).filter((rule) => names(rule, teamId)).map((rule) => rule.id);
  }
}

function names(rule: Rule, teamId: string): boolean {
  const inConditions = [...rule.conditions.all, ...rule.conditions.any].some(
    (condition) =>
      condition.field === 'ticket.team_id' &&
      (Array.isArray(condition.value) ? condition.value.includes(teamId) : condition.value === teamId),
  );
  return inConditions || rule.actions.some((action) => action.type === 'set_team' && action.team_id === teamId);
}
