import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import { conflict, KeysetPaginator, newId, notFound, Page } from '@relay/common';
import { TransactionRunner } from '@relay/database';
import type { Principal, Role } from '@relay/auth';
import { CreateUserDto } from './dto/create-user.dto';
import { ListUsersQuery } from './dto/list-users.query';
import { UpdateUserDto } from './dto/update-user.dto';
import { User } from './user.entity';
import { UserResponse } from './dto/user.response';
import { toUserResponse } from './user.mapper';
import { UserTeamsPort } from './user-teams.port';

/** Users of a workspace. Every query is scoped by the caller's workspace. */
@Injectable()
export class UsersService {
  private responseText?: string;

  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly tx: TransactionRunner,
    private readonly paginator: KeysetPaginator,
    private readonly teams: UserTeamsPort,
  ) {}

  async get(principal: Principal, id: string): Promise<User> {
    // A fixed statement, not a find: it runs on every GET /users/me.
    const [user] = await this.tx.select(this.users.manager, User, 'id = ? AND workspace_id = ?', [id, principal.workspaceId]);
    if (!user) throw notFound('user');
    return user;
  }

  /**
   * The workspace's user `id` as the API shows it. PostgreSQL reads the user and its teams in
   * one statement (GET /users/me runs it on every call); SQLite, where a statement costs no
   * trip, reads them as `responses` does.
   */
  async response(principal: Principal, id: string): Promise<UserResponse> {
    if (!this.tx.isPostgres) return (await this.responses([await this.get(principal, id)]))[0];
    this.responseText ??=
      `SELECT ${this.tx.columns(User, 'u')}, ${this.teams.owner.teamIdsColumn('u')} AS team_ids ` +
      'FROM users u WHERE u.id = ? AND u.workspace_id = ?';
    const [row] = await this.tx.query<Record<string, unknown> & { team_ids: string[] }>(this.users.manager, this.responseText, [
      id,
      principal.workspaceId,
    ]);
    if (!row) throw notFound('user');
    return toUserResponse(this.tx.hydrate(User, row), row.team_ids);
  }

  /** A user of the workspace, or null: for readers outside a request (notifications). */
  find(workspaceId: string, id: string): Promise<User | null> {
    return this.users.findOneBy({ id, workspaceId });
  }

  /** The users with this email, in every workspace or only in `workspaceId` (admin commands). */
  findByEmail(email: string, workspaceId?: string): Promise<User[]> {
    return this.users.findBy({ email: email.toLowerCase(), ...(workspaceId ? { workspaceId } : {}) });
  }

  /** The user with this email in the workspace, or null, inside the caller's transaction. */
  findByEmailIn(manager: EntityManager, workspaceId: string, email: string): Promise<User | null> {
    return manager.findOneBy(User, { workspaceId, email });
  }

  /** The user `id` of the workspace, active or not, inside the caller's transaction. */
  findIn(manager: EntityManager, workspaceId: string, id: string): Promise<User | null> {
    return manager.findOneBy(User, { id, workspaceId });
  }

  /** The users of the workspace among `ids` (active or not), inside the caller's transaction. */
  findManyIn(manager: EntityManager, workspaceId: string, ids: string[]): Promise<User[]> {
    return ids.length ? manager.findBy(User, { workspaceId, id: In(ids) }) : Promise.resolve([]);
  }

  /** The users as the API shows them, with their teams (`manager`: inside a transaction, else outside). */
  async responses(users: User[], manager: EntityManager = this.users.manager): Promise<UserResponse[]> {
    if (!users.length) return [];
    const teams = await this.teams.owner.teamIdsOf(
      manager,
      users[0].workspaceId,
      users.map((user) => user.id),
    );
    return users.map((user) => toUserResponse(user, teams.get(user.id) ?? []));
  }

  /** Whether `id` is a user of the workspace, active or not, inside the caller's transaction. */
  existsIn(manager: EntityManager, workspaceId: string, id: string): Promise<boolean> {
    return manager.existsBy(User, { id, workspaceId });
  }

  /** The users an agents report lists: every active agent and admin, plus anyone with tickets in it (or only `assigneeId`). */
  reportAgents(workspaceId: string, assigneeId: string | undefined, withTickets: string[]): Promise<{ id: string; name: string }[]> {
    if (assigneeId !== undefined) return this.users.find({ select: { id: true, name: true }, where: { workspaceId, id: assigneeId } });
    const qb = this.users
      .createQueryBuilder('u')
      .select(['u.id', 'u.name'])
      .where('u.workspaceId = :ws', { ws: workspaceId })
      .andWhere(
        withTickets.length
          ? "((u.active = :active AND u.role IN ('agent', 'admin')) OR u.id IN (:...ids))"
          : "(u.active = :active AND u.role IN ('agent', 'admin'))",
        {
          active: true,
          ids: withTickets,
        },
      );
    return qb.getMany();
  }

  /** Active users with this email (in one workspace, or in any) who have a password: who may sign in. */
  findSignInCandidates(email: string, workspaceId?: string): Promise<User[]> {
    const qb = this.users
      .createQueryBuilder('u')
      .where('u.email = :email', { email: email.toLowerCase() })
      .andWhere('u.active = :active', { active: true });
    qb.andWhere('u.passwordHash IS NOT NULL');
    if (workspaceId !== undefined) qb.andWhere('u.workspaceId = :ws', { ws: workspaceId });
    return qb.orderBy('u.createdAt', 'ASC').addOrderBy('u.id', 'ASC').limit(10).getMany();
  }

  /** Stores a new password hash; every session signed in before now ends with it. */
  async setPasswordHashIn(manager: EntityManager, user: User, passwordHash: string): Promise<User> {
    const now = new Date();
    Object.assign(user, { passwordHash, sessionsNotBefore: now, updatedAt: now });
    return manager.save(User, user);
  }

  list(principal: Principal, query: ListUsersQuery): Promise<Page<User>> {
    const qb = this.users.createQueryBuilder('u').where('u.workspaceId = :ws', { ws: principal.workspaceId });
    if (query.role) qb.andWhere('u.role = :role', { role: query.role });
    if (query.active !== undefined) qb.andWhere('u.active = :active', { active: query.active });
    return this.paginator.paginate(qb, query, 'users', { role: query.role, active: query.active });
  }

  create(principal: Principal, dto: CreateUserDto): Promise<User> {
    return this.tx.run((manager) => this.createIn(manager, principal.workspaceId, dto));
  }

  /** Creates a user inside the caller's transaction (workspace provisioning uses it too). */
  async createIn(manager: EntityManager, workspaceId: string, dto: { email: string; name: string; role: Role }): Promise<User> {
    const email = dto.email.toLowerCase();
    const existing = await manager.findOneBy(User, { workspaceId, email });
    if (existing) {
      throw conflict('a user with this email already exists', [{ field: 'email', message: 'already taken', existing_id: existing.id }]);
    }
    const now = new Date();
    return manager.save(User, {
      id: newId('usr'),
      workspaceId,
      email,
      name: dto.name,
      role: dto.role,
      active: true,
      passwordHash: null,
      sessionsNotBefore: null,
      createdAt: now,
      updatedAt: now,
    });
  }

  update(principal: Principal, id: string, dto: UpdateUserDto): Promise<User> {
    return this.tx.run(async (manager) => {
      const user = await manager.findOneBy(User, { id, workspaceId: principal.workspaceId });
      if (!user) throw notFound('user');
      const losesAdmin = user.role === 'admin' && user.active && ((dto.role && dto.role !== 'admin') || dto.active === false);
      if (losesAdmin) await this.assertAnotherActiveAdmin(manager, user);
      const now = new Date();
      // Deactivation signs the user out everywhere: reactivating later does not revive old sessions.
      if (dto.active === false && user.active) user.sessionsNotBefore = now;
      Object.assign(user, pickDefined({ name: dto.name, role: dto.role, active: dto.active }), { updatedAt: now });
      return manager.save(User, user);
    });
  }

  /** A workspace never loses its last active admin: nobody could manage it any more. */
  private async assertAnotherActiveAdmin(manager: EntityManager, user: User): Promise<void> {
    const admins = await manager.countBy(User, { workspaceId: user.workspaceId, role: 'admin', active: true });
    if (admins <= 1) {
      throw conflict('the workspace must keep at least one active admin', [{ field: 'role', message: 'last active admin' }]);
    }
  }
}

function pickDefined<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}
