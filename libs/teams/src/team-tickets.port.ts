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
