import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Port } from '@relay/common';
import type { Actor } from '@relay/events';

/** What the teams module asks the tickets module, which implements it. */
export interface TeamTickets {
  /** open|pending tickets of the team. */
  openCount(manager: EntityManager, workspaceId: string, teamId: string): Promise<number>;
  /** open|pending tickets assigned to each user in the workspace (0s included). */
  openAssigned(manager: EntityManager, workspaceId: string, userIds: string[]): Promise<Map<string, number>>;
  /**
   * Assigns the team's waiting tickets (a team, no assignee, open|pending), oldest first, while
   * someone is eligible: called in the transaction of a change that may have made room, whose
   * actor the assignments' events carry.
   */
  assignWaiting(manager: EntityManager, actor: Actor, workspaceId: string, teamId: string): Promise<void>;
}

@Injectable()
export class TeamTicketsPort extends Port<TeamTickets> {}

/** What the teams module asks whichever module keeps automation rules. */
export interface TeamRules {
  /** The enabled rules that name the team (a `ticket.team_id` condition, a `set_team` action). */
  enabledNaming(manager: EntityManager, workspaceId: string, teamId: string): Promise<string[]>;
}

/** Bound by the automation module; without it no rule can name a team. */
@Injectable()
export class TeamRulesPort extends Port<TeamRules> {
  enabledNaming(manager: EntityManager, workspaceId: string, teamId: string): Promise<string[]> {
    return this.bound ? this.owner.enabledNaming(manager, workspaceId, teamId) : Promise.resolve([]);
  }
}
