import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Port } from '@relay/common';

/** What the teams module asks the tickets module, which implements it. */
export interface TeamTickets {
  /** open|pending tickets of the team. */
  openCount(manager: EntityManager, workspaceId: string, teamId: string): Promise<number>;
  /** open|pending tickets assigned to each user in the workspace (0s included). */
  openAssigned(manager: EntityManager, workspaceId: string, userIds: string[]): Promise<Map<string, number>>;
}

@Injectable()
export class TeamTicketsPort extends Port<TeamTickets> {}
