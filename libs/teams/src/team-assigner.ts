import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { UsersService } from '@relay/users';
import { nextCandidate } from './assignment-order';
import { Team } from './team.entity';
import type { AssignmentMethod } from './team.entity';
import { TeamTicketsPort } from './team-tickets.port';
import { TeamsRepository } from './teams.repository';

/** An automatic assignment: who, and by which method (the `ticket.assigned` context). */
export interface Turn {
  userId: string;
  method: Exclude<AssignmentMethod, 'none'>;
}

/**
 * Automatic assignment (contract §10). Every choice is made under the team's assignment-state
 * row lock, inside the ticket's transaction: on PostgreSQL `FOR UPDATE` makes concurrent
 * transactions of any process take turns (each reads the members' turns and loads after the
 * previous one committed); on SQLite the runner serialises writers. So no two creates ever get
 * the same turn.
 */
@Injectable()
export class TeamAssigner {
  constructor(
    private readonly teams: TeamsRepository,
    private readonly users: UsersService,
    private readonly tickets: TeamTicketsPort,
  ) {}

  /** The live team of the workspace, or null (deleted or unknown): for the ticket's routing. */
  async team(manager: EntityManager, workspaceId: string, id: string): Promise<Team | null> {
    const team = await this.teams.find(manager, workspaceId, id);
    return team && !team.deletedAt ? team : null;
  }

  /** Locks the teams' assignment states, in team id order (call first when a unit needs several). */
  async lock(manager: EntityManager, teamIds: string[]): Promise<void> {
    await this.teams.lockStates(manager, teamIds);
  }

  /** Live teams of the user with a cap and an automatic method: a lighter load may unblock their waiting tickets. */
  cappedTeamsOf(manager: EntityManager, workspaceId: string, userId: string): Promise<Team[]> {
    return this.teams.cappedTeamsOf(manager, workspaceId, userId);
  }

  /**
   * Takes the team's next turn and records it, or answers null when the method is `none` or
   * nobody is eligible (active agent or admin, assignable, under the cap).
   */
  async next(manager: EntityManager, team: Team): Promise<Turn | null> {
    const method = team.assignmentMethod;
    if (method === 'none' || team.deletedAt) return null;
    const state = (await this.teams.lockStates(manager, [team.id])).get(team.id);
    if (!state) return null;
    const members = (await this.teams.members(manager, team.id)).filter((member) => member.assignable);
    const users = await this.users.findManyIn(
      manager,
      team.workspaceId,
      members.map((member) => member.userId),
    );
    const eligible = new Set(users.filter((user) => user.active && user.role !== 'viewer').map((user) => user.id));
    const candidates = members.filter((member) => eligible.has(member.userId));
    // Loads matter only under a cap or for least_loaded: plain round robin skips the count.
    const weighs = method === 'least_loaded' || team.maxOpenPerAgent !== null;
    const loads = weighs
      ? await this.tickets.owner.openAssigned(
          manager,
          team.workspaceId,
          candidates.map((member) => member.userId),
        )
      : new Map<string, number>();
    const chosen = nextCandidate(
      candidates.map((member) => ({ userId: member.userId, lastAssignedAt: member.lastAssignedAt, load: loads.get(member.userId) ?? 0 })),
      method,
      team.maxOpenPerAgent,
    );
    if (!chosen) return null;
    // Strictly after the previous turn: two turns in one millisecond must still be ordered.
    const at = new Date(Math.max(Date.now(), (state.lastAssignedAt?.getTime() ?? 0) + 1));
    await this.teams.recordTurn(manager, state, chosen.userId, at);
    return { userId: chosen.userId, method };
  }
}
