import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { conflict, escapeLike, KeysetPaginator, newId, notFound, Page, validationFailed } from '@relay/common';
import { constraintViolation, TransactionRunner } from '@relay/database';
import { actorOf, EventOutbox } from '@relay/events';
import { User, UsersService } from '@relay/users';
import type { Principal } from '@relay/auth';
import { CreateTeamDto, MAX_TEAM_MEMBERS } from './dto/create-team.dto';
import { ListTeamsQuery } from './dto/list-teams.query';
import { TeamMemberResponse } from './dto/team.response';
import { UpdateTeamDto } from './dto/update-team.dto';
import { Team, TeamMember } from './team.entity';
import { teamEvents } from './team.events';
import { toTeamResponse } from './team.mapper';
import { TeamRulesPort, TeamTicketsPort } from './team-tickets.port';
import { TeamsRepository } from './teams.repository';
import { iso } from '@relay/common';

/**
 * Teams of a workspace and their members (contract §10). Every write locks the team's row
 * first (PostgreSQL), so concurrent membership changes keep `member_count` true, and emits
 * `team.*` in its transaction. What a team needs of its tickets (open counts, loads, waiting
 * tickets) it asks the tickets module through TeamTicketsPort, which rules name it the
 * automation module through TeamRulesPort.
 */
@Injectable()
export class TeamsService {
  constructor(
    private readonly teams: TeamsRepository,
    private readonly tx: TransactionRunner,
    private readonly paginator: KeysetPaginator,
    private readonly outbox: EventOutbox,
    private readonly users: UsersService,
    private readonly tickets: TeamTicketsPort,
    private readonly rules: TeamRulesPort,
  ) {}

  list(principal: Principal, query: ListTeamsQuery): Promise<Page<Team>> {
    const contains = query.q ? escapeLike(query.q.toLowerCase()) : undefined;
    const includeDeleted = query.include_deleted ?? false;
    return this.paginator.paginate(this.teams.listQuery(principal.workspaceId, contains, includeDeleted), query, 'teams', {
      q: contains,
      include_deleted: includeDeleted,
    });
  }

  /** A team of the workspace, deleted or not. */
  get(principal: Principal, id: string): Promise<Team> {
    return this.require(this.teams.outside, principal.workspaceId, id);
  }

  create(principal: Principal, dto: CreateTeamDto): Promise<Team> {
    const workspaceId = principal.workspaceId;
    return this.guardName(workspaceId, dto.name, () =>
      this.tx.run(async (manager) => {
        await this.assertNameFree(manager, workspaceId, dto.name);
        const now = new Date();
        const team = Object.assign(new Team(), {
          id: newId('team'),
          workspaceId,
          name: dto.name,
          nameKey: dto.name.toLowerCase(),
          description: dto.description ?? null,
          assignmentMethod: dto.assignment_method ?? 'none',
          maxOpenPerAgent: dto.max_open_per_agent ?? null,
          memberCount: 0,
          createdAt: now,
          updatedAt: now,
          deletedAt: null,
        });
        await this.teams.insert(manager, team);
        if (dto.member_ids?.length) {
          await this.addMembersIn(manager, team, await this.requireMembers(manager, workspaceId, dto.member_ids, 'member_ids'), now);
          team.memberCount = await this.teams.countMembers(manager, team.id);
          await this.teams.save(manager, team);
        }
        await teamEvents.created(this.outbox, manager, actorOf(principal), team);
        return team;
      }),
    );
  }

  update(principal: Principal, id: string, dto: UpdateTeamDto): Promise<Team> {
    const workspaceId = principal.workspaceId;
    return this.guardName(workspaceId, dto.name, () =>
      this.tx.run(async (manager) => {
        const team = await this.requireLive(manager, workspaceId, id);
        const before = toTeamResponse(team);
        if (dto.name !== undefined && dto.name.toLowerCase() !== team.nameKey) await this.assertNameFree(manager, workspaceId, dto.name);
        if (dto.name !== undefined) Object.assign(team, { name: dto.name, nameKey: dto.name.toLowerCase() });
        if (dto.description !== undefined) team.description = dto.description;
        if (dto.assignment_method !== undefined) team.assignmentMethod = dto.assignment_method;
        if (dto.max_open_per_agent !== undefined) team.maxOpenPerAgent = dto.max_open_per_agent;
        if (JSON.stringify(toTeamResponse(team)) === JSON.stringify(before)) return team;
        team.updatedAt = new Date();
        await this.teams.save(manager, team);
        await teamEvents.updated(this.outbox, manager, actorOf(principal), before, team);
        // A new method or cap may make someone eligible for the tickets waiting.
        await this.tickets.owner.assignWaiting(manager, actorOf(principal), workspaceId, team.id);
        return team;
      }),
    );
  }

  /** Soft delete: 409 while the team has open|pending tickets. */
  async remove(principal: Principal, id: string): Promise<void> {
    await this.tx.run(async (manager) => {
      const team = await this.requireLive(manager, principal.workspaceId, id);
      const open = await this.tickets.owner.openCount(manager, team.workspaceId, team.id);
      if (open > 0) {
        throw conflict('the team has open or pending tickets', [
          { field: 'id', message: `${open} open or pending ticket${open === 1 ? '' : 's'}`, ticket_count: open },
        ]);
      }
      const rules = await this.rules.enabledNaming(manager, team.workspaceId, team.id);
      if (rules.length) {
        throw conflict('enabled rules name the team; change or disable them first', [
          { field: 'id', message: `named by ${rules.length} enabled rule${rules.length === 1 ? '' : 's'}`, rule_ids: rules },
        ]);
      }
      const now = new Date();
      Object.assign(team, { deletedAt: now, updatedAt: now });
      await this.teams.save(manager, team);
      await teamEvents.deleted(this.outbox, manager, actorOf(principal), team);
    });
  }

  async members(principal: Principal, id: string): Promise<TeamMemberResponse[]> {
    const manager = this.teams.outside;
    const team = await this.require(manager, principal.workspaceId, id);
    return this.memberResponses(manager, team);
  }

  /** Adds members (those already in keep their state); answers the whole member list. */
  addMembers(principal: Principal, id: string, userIds: string[]): Promise<TeamMemberResponse[]> {
    return this.changeMembers(principal, id, async (manager, team, now) => {
      await this.addMembersIn(manager, team, await this.requireMembers(manager, team.workspaceId, userIds, 'user_ids'), now);
    });
  }

  /** Replaces the member set: members kept keep their state. */
  replaceMembers(principal: Principal, id: string, userIds: string[]): Promise<TeamMemberResponse[]> {
    return this.changeMembers(principal, id, async (manager, team, now) => {
      const users = await this.requireMembers(manager, team.workspaceId, userIds, 'user_ids');
      const wanted = new Set(users.map((user) => user.id));
      const current = await this.teams.members(manager, team.id);
      await this.teams.removeMembers(
        manager,
        team.id,
        current.filter((member) => !wanted.has(member.userId)).map((member) => member.userId),
      );
      await this.addMembersIn(manager, team, users, now);
    });
  }

  async removeMember(principal: Principal, id: string, userId: string): Promise<void> {
    await this.changeMembers(principal, id, async (manager, team) => {
      await this.requireMember(manager, team, userId);
      await this.teams.removeMembers(manager, team.id, [userId]);
    });
  }

  async setAssignable(principal: Principal, id: string, userId: string, assignable: boolean): Promise<TeamMemberResponse> {
    const members = await this.changeMembers(principal, id, async (manager, team) => {
      await this.requireMember(manager, team, userId);
      await this.teams.setAssignable(manager, team.id, userId, assignable);
    });
    return members.find((member) => member.user_id === userId)!;
  }

  /** The teams a report lists: every live team, plus deleted ones among `withTickets`, or only `ids` when the report is filtered. */
  async reportTeams(workspaceId: string, ids: string[] | undefined, withTickets: string[]): Promise<{ id: string; name: string }[]> {
    const teams = await this.teams.reportTeams(workspaceId, ids, withTickets);
    return teams.map((team) => ({ id: team.id, name: team.name }));
  }

  /** Live team ids per user, for `team_ids` on users (UserTeamsPort). */
  teamIdsOf(manager: EntityManager, workspaceId: string, userIds: string[]): Promise<Map<string, string[]>> {
    return this.teams.teamIdsOf(manager, workspaceId, userIds);
  }

  teamIdsColumn(user: string): string {
    return this.teams.teamIdsColumn(user);
  }

  /**
   * The live team `id` a ticket names in `field`, inside the caller's transaction: unknown →
   * 404, deleted → 400 (no longer assignable).
   */
  async requireAssignableTeam(manager: EntityManager, workspaceId: string, id: string, field: string): Promise<Team> {
    const team = await this.teams.find(manager, workspaceId, id);
    if (!team) throw notFound('team', field);
    if (team.deletedAt) throw validationFailed(field, 'names a deleted team');
    return team;
  }

  /** The workspace's teams among `ids` (deleted ones too), inside the caller's transaction. */
  findManyIn(manager: EntityManager, workspaceId: string, ids: string[]): Promise<Team[]> {
    return this.teams.findManyIn(manager, workspaceId, ids);
  }

  /** Which of `userIds` belong to which of `teamIds`: `team id → user ids`. */
  async membershipsAmong(manager: EntityManager, teamIds: string[], userIds: string[]): Promise<Map<string, Set<string>>> {
    const members = new Map<string, Set<string>>();
    for (const { teamId, userId } of await this.teams.membersAmong(manager, teamIds, userIds)) {
      members.set(teamId, (members.get(teamId) ?? new Set()).add(userId));
    }
    return members;
  }

  /** Whether the user is a member of the team. */
  async isMember(manager: EntityManager, teamId: string, userId: string): Promise<boolean> {
    return (await this.teams.findMember(manager, teamId, userId)) !== null;
  }

  /**
   * Runs a membership change on the locked live team, then keeps member_count, emits
   * team.updated if it moved, and answers the member list as it now is.
   */
  private changeMembers(
    principal: Principal,
    id: string,
    change: (manager: EntityManager, team: Team, now: Date) => Promise<void>,
  ): Promise<TeamMemberResponse[]> {
    return this.tx.run(async (manager) => {
      const team = await this.requireLive(manager, principal.workspaceId, id, true);
      const before = toTeamResponse(team);
      const now = new Date();
      await change(manager, team, now);
      const count = await this.teams.countMembers(manager, team.id);
      if (count > MAX_TEAM_MEMBERS) throw validationFailed('user_ids', `a team has at most ${MAX_TEAM_MEMBERS} members`);
      if (count !== team.memberCount) {
        Object.assign(team, { memberCount: count, updatedAt: now });
        await this.teams.save(manager, team);
        await teamEvents.updated(this.outbox, manager, actorOf(principal), before, team);
      }
      // A member added or made assignable may take the tickets waiting (a removal frees nothing: the call finds nobody new).
      await this.tickets.owner.assignWaiting(manager, actorOf(principal), team.workspaceId, team.id);
      return this.memberResponses(manager, team);
    });
  }

  private async addMembersIn(manager: EntityManager, team: Team, users: User[], now: Date): Promise<void> {
    await this.teams.addMembers(
      manager,
      users.map((user) =>
        Object.assign(new TeamMember(), {
          teamId: team.id,
          userId: user.id,
          workspaceId: team.workspaceId,
          assignable: true,
          lastAssignedAt: null,
          addedAt: now,
        }),
      ),
    );
  }

  private async memberResponses(manager: EntityManager, team: Team): Promise<TeamMemberResponse[]> {
    const members = await this.teams.members(manager, team.id);
    const ids = members.map((member) => member.userId);
    const users = new Map((await this.users.findManyIn(manager, team.workspaceId, ids)).map((user) => [user.id, user]));
    const loads = await this.tickets.owner.openAssigned(manager, team.workspaceId, ids);
    return members.map((member) => {
      const user = users.get(member.userId)!;
      return {
        user_id: member.userId,
        name: user.name,
        email: user.email,
        role: user.role,
        active: user.active,
        assignable: member.assignable,
        open_assigned: loads.get(member.userId) ?? 0,
        last_assigned_at: iso(member.lastAssignedAt),
        added_at: iso(member.addedAt),
      };
    });
  }

  /** The users named (de-duplicated): unknown → 404, not an agent or admin → 400, both on `field`. */
  private async requireMembers(manager: EntityManager, workspaceId: string, ids: string[], field: string): Promise<User[]> {
    const unique = [...new Set(ids)];
    const users = await this.users.findManyIn(manager, workspaceId, unique);
    if (users.length < unique.length) throw notFound('user', field);
    if (users.some((user) => user.role !== 'agent' && user.role !== 'admin'))
      throw validationFailed(field, 'must name only agents or admins');
    return users;
  }

  private async requireMember(manager: EntityManager, team: Team, userId: string): Promise<void> {
    if (!(await this.isMember(manager, team.id, userId))) throw notFound('team member');
  }

  private async require(manager: EntityManager, workspaceId: string, id: string, lock = false): Promise<Team> {
    const team = await this.teams.find(manager, workspaceId, id, lock);
    if (!team) throw notFound('team');
    return team;
  }

  /** A deleted team is read-only: a change to it is a 409. */
  private async requireLive(manager: EntityManager, workspaceId: string, id: string, lock = true): Promise<Team> {
    const team = await this.require(manager, workspaceId, id, lock);
    if (team.deletedAt) throw conflict('the team is deleted', [{ field: 'id', message: 'deleted' }]);
    return team;
  }

  private async assertNameFree(manager: EntityManager, workspaceId: string, name: string): Promise<void> {
    const holder = await this.teams.findLiveByNameKey(manager, workspaceId, name.toLowerCase());
    if (holder) throw nameTaken(holder.id);
  }

  /** A concurrent write took the name between our check and our write: still a 409 with the holder. */
  private async guardName<T>(workspaceId: string, name: string | undefined, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (name === undefined || constraintViolation(error) !== 'unique') throw error;
      await this.assertNameFree(this.teams.outside, workspaceId, name);
      throw nameTaken();
    }
  }
}

function nameTaken(existingId?: string) {
  return conflict('a team with this name already exists', [
    { field: 'name', message: 'already taken', ...(existingId && { existing_id: existingId }) },
  ]);
}
