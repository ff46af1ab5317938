import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Port } from '@relay/common';

/** What the teams module asks the automation module, which implements it (rules sit above teams). */
export interface TeamRules {
  /** Ids of the workspace's enabled rules that name the team (a `set_team` action or a `ticket.team_id` condition). */
  enabledNaming(manager: EntityManager, workspaceId: string, teamId: string): Promise<string[]>;
}

@Injectable()
export class TeamRulesPort extends Port<TeamRules> {}
