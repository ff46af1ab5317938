import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, SelectQueryBuilder } from 'typeorm';
import { TransactionRunner } from '@relay/database';
import { Team, TeamAssignmentState, TeamMember } from './team.entity';

/** The only code that touches `teams`, `team_members` and `team_assignment_states`. */
@Injectable()
export class TeamsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
  ) {}

  /** For reads outside any transaction. */
  get outside(): EntityManager {
    return this.dataSource.manager;
  }

  /** The workspace's teams for the keyset paginator; `contains` is LIKE-escaped and lower-cased. */
  listQuery(workspaceId: string, contains: string | undefined, includeDeleted: boolean): SelectQueryBuilder<Team> {
    const qb = this.dataSource.manager.createQueryBuilder(Team, 't').where('t.workspaceId = :ws', { ws: workspaceId });
    if (!includeDeleted) qb.andWhere('t.deletedAt IS NULL');
    if (contains !== undefined) qb.andWhere("t.nameKey LIKE :q ESCAPE '\\'", { q: `%${contains}%` });
    return qb;
  }

  /** The team, row-locked until the transaction ends when `lock` (PostgreSQL; SQLite serialises writers). */
  async find(manager: EntityManager, workspaceId: string, id: string, lock = false): Promise<Team | null> {
    const [team] = await this.tx.select(manager, Team, 'id = ? AND workspace_id = ?', [id, workspaceId], lock);
    return team ?? null;
  }

  findLiveByNameKey(manager: EntityManager, workspaceId: string, nameKey: string): Promise<Team | null> {
    return manager.createQueryBuilder(Team, 't').where({ workspaceId, nameKey }).andWhere('t.deletedAt IS NULL').getOne();
  }

  async insert(manager: EntityManager, team: Team): Promise<void> {
    await manager.insert(Team, team);
    await manager.insert(TeamAssignmentState, { teamId: team.id, workspaceId: team.workspaceId, assignedCount: 0, lastAssignedAt: null });
  }

  async save(manager: EntityManager, team: Team): Promise<void> {
    await manager.save(Team, team);
  }

  members(manager: EntityManager, teamId: string): Promise<TeamMember[]> {
    return manager.find(TeamMember, { where: { teamId }, order: { addedAt: 'ASC', userId: 'ASC' } });
  }

  /** The workspace's teams among `ids`, deleted ones included. */
  findManyIn(manager: EntityManager, workspaceId: string, ids: string[]): Promise<Team[]> {
    return ids.length ? manager.findBy(Team, { workspaceId, id: In(ids) }) : Promise.resolve([]);
  }

  /** The memberships among `teamIds` × `userIds`. */
  membersAmong(manager: EntityManager, teamIds: string[], userIds: string[]): Promise<TeamMember[]> {
    if (!teamIds.length || !userIds.length) return Promise.resolve([]);
    return manager.findBy(TeamMember, { teamId: In(teamIds), userId: In(userIds) });
  }

  findMember(manager: EntityManager, teamId: string, userId: string): Promise<TeamMember | null> {
    return manager.findOneBy(TeamMember, { teamId, userId });
  }

  /** Insert-or-ignore: members already in the team keep their state. */
  async addMembers(manager: EntityManager, members: TeamMember[]): Promise<void> {
    if (members.length) await manager.createQueryBuilder().insert().into(TeamMember).values(members).orIgnore().execute();
  }

  async removeMembers(manager: EntityManager, teamId: string, userIds: string[]): Promise<void> {
    if (userIds.length) await manager.delete(TeamMember, { teamId, userId: In(userIds) });
  }

  async setAssignable(manager: EntityManager, teamId: string, userId: string, assignable: boolean): Promise<void> {
    await manager.update(TeamMember, { teamId, userId }, { assignable });
  }

  countMembers(manager: EntityManager, teamId: string): Promise<number> {
    return manager.countBy(TeamMember, { teamId });
  }

  /**
   * The teams' assignment states, row-locked until the transaction ends (PostgreSQL; SQLite
   * serialises writers), taken in team id order so two transactions never wait on each other
   * in a cycle.
   */
  async lockStates(manager: EntityManager, teamIds: string[]): Promise<Map<string, TeamAssignmentState>> {
    const states = new Map<string, TeamAssignmentState>();
    for (const teamId of [...new Set(teamIds)].sort()) {
      const [state] = await this.tx.select(manager, TeamAssignmentState, 'team_id = ?', [teamId], true);
      if (state) states.set(teamId, state);
    }
    return states;
  }

  /** Records a turn: the member's and the team's last assignment. */
  async recordTurn(manager: EntityManager, state: TeamAssignmentState, userId: string, at: Date): Promise<void> {
    await manager.update(TeamMember, { teamId: state.teamId, userId }, { lastAssignedAt: at });
    Object.assign(state, { assignedCount: state.assignedCount + 1, lastAssignedAt: at });
    await this.tx.update(manager, TeamAssignmentState, state, ['assignedCount', 'lastAssignedAt']);
  }

  /** The live teams of the user that assign automatically under a cap (whose waiting tickets a lighter load can unblock). */
  cappedTeamsOf(manager: EntityManager, workspaceId: string, userId: string): Promise<Team[]> {
    return manager
      .createQueryBuilder(Team, 't')
      .innerJoin(TeamMember, 'm', 'm.teamId = t.id AND m.userId = :user', { user: userId })
      .where('t.workspaceId = :ws AND t.deletedAt IS NULL', { ws: workspaceId })
      .andWhere("t.assignmentMethod <> 'none' AND t.maxOpenPerAgent IS NOT NULL")
      .orderBy('t.id', 'ASC')
      .getMany();
  }

  /** See TeamsService.reportTeams. */
  reportTeams(workspaceId: string, ids: string[] | undefined, withTickets: string[]): Promise<Team[]> {
    const qb = this.dataSource.manager.createQueryBuilder(Team, 't').where('t.workspaceId = :ws', { ws: workspaceId });
    if (ids !== undefined) return ids.length ? qb.andWhere('t.id IN (:...ids)', { ids }).getMany() : Promise.resolve([]);
    return qb
      .andWhere(withTickets.length ? '(t.deletedAt IS NULL OR t.id IN (:...withTickets))' : 't.deletedAt IS NULL', { withTickets })
      .getMany();
  }

  /** Live team ids per user, in team id order: one fixed statement (GET /users/me reads it every time). */
  async teamIdsOf(manager: EntityManager, workspaceId: string, userIds: string[]): Promise<Map<string, string[]>> {
    const byUser = new Map(userIds.map((id) => [id, [] as string[]]));
    if (!userIds.length) return byUser;
    const rows = this.tx.isPostgres
      ? await this.tx.query<MemberTeam>(manager, `${MEMBER_TEAMS} AND m.user_id = ANY(?) ORDER BY m.team_id`, [workspaceId, userIds])
      : await this.tx.query<MemberTeam>(manager, `${MEMBER_TEAMS} AND m.user_id IN (SELECT value FROM json_each(?)) ORDER BY m.team_id`, [
          workspaceId,
          JSON.stringify(userIds),
        ]);
    for (const row of rows) byUser.get(row.user_id)?.push(row.team_id);
    return byUser;
  }

  /** `teamIdsOf` for one user, as a PostgreSQL text[] expression over the users row aliased `user`. */
  teamIdsColumn(user: string): string {
    return `ARRAY(SELECT m.team_id ${LIVE_MEMBERSHIPS} WHERE m.workspace_id = ${user}.workspace_id AND m.user_id = ${user}.id ORDER BY m.team_id)`;
  }
}

const LIVE_MEMBERSHIPS = 'FROM team_members m INNER JOIN teams t ON t.id = m.team_id AND t.deleted_at IS NULL';
const MEMBER_TEAMS = `SELECT m.user_id, m.team_id ${LIVE_MEMBERSHIPS} WHERE m.workspace_id = ?`;
interface MemberTeam {
  user_id: string;
  team_id: string;
}
