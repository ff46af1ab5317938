import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { ApiError, conflict, ErrorCode, KeysetPaginator, ListQueryDto, newId, notFound, Page, validationFailed } from '@relay/common';
import type { ErrorDetail } from '@relay/common';
import { constraintViolation, TransactionRunner } from '@relay/database';
import { actorOf, diff, EventOutbox } from '@relay/events';
import { NotificationChannelsService } from '@relay/notifications';
import { TagsService } from '@relay/tags';
import { TeamsService } from '@relay/teams';
import { UsersService } from '@relay/users';
import { WebhooksService } from '@relay/webhooks';
import type { Principal } from '@relay/auth';
import { assertRuleChecked, checkRule } from './engine';
import type { EngineRule, RuleEvent, RuleReference, TargetCheck } from './engine';
import { CreateRuleDto } from './dto/create-rule.dto';
import { ListRulesQuery } from './dto/list-rules.query';
import { RuleResponse } from './dto/rule.response';
import { UpdateRuleDto } from './dto/update-rule.dto';
import { Rule } from './rule.entity';
import { EnabledRules } from './execution/enabled-rules';
import { toRuleResponse } from './rule.mapper';

declare module '@relay/events' {
  interface EventPayloads {
    'rule.created': RuleResponse;
    'rule.updated': RuleResponse;
    'rule.deleted': RuleResponse;
  }
}

const RULES_PER_WORKSPACE = 500;
const ENABLED_PER_EVENT = 100;
/** Changes of these make a new version: what the rule does, not what it is called. */
const VERSIONED: (keyof RuleResponse)[] = ['events', 'conditions', 'actions', 'stop_processing'];
const REPORTED: (keyof RuleResponse)[] = ['name', 'description', 'enabled', 'position', ...VERSIONED, 'version'];

/** The part of a rule its checks read: what it listens to, tests and does. */
interface RuleBody {
  events: RuleEvent[];
  conditions: unknown;
  actions: unknown;
}

/**
 * A workspace's automation rules (contract §11). Positions stay dense (1..n): every change of
 * the set or its order takes the workspace's rule lock first, so concurrent writes never give
 * two rules one position.
 */
@Injectable()
export class RulesService {
  constructor(
    @InjectRepository(Rule) private readonly rules: Repository<Rule>,
    private readonly tx: TransactionRunner,
    private readonly paginator: KeysetPaginator,
    private readonly outbox: EventOutbox,
    private readonly users: UsersService,
    private readonly teams: TeamsService,
    private readonly webhooks: WebhooksService,
    private readonly channels: NotificationChannelsService,
    private readonly enabledRules: EnabledRules,
    private readonly tags: TagsService,
  ) {}

  list(principal: Principal, query: ListRulesQuery): Promise<Page<Rule>> {
    const qb = this.rules.createQueryBuilder('r').where('r.workspaceId = :ws', { ws: principal.workspaceId });
    if (query.sort !== 'position') return this.paginator.paginate(qb, query as ListQueryDto, 'rules', {});
    const direction = query.order === 'asc' ? 'ASC' : 'DESC';
    const comparator = query.order === 'asc' ? '>' : '<';
    return this.paginator.paginateWith(
      query as unknown as ListQueryDto,
      'rules',
      {},
      (after, take) => {
        const page = qb.clone();
        if (after) page.andWhere(`(r.position, r.id) ${comparator} (:position, :id)`, { position: after.value, id: after.id });
        return page.orderBy('r.position', direction).addOrderBy('r.id', direction).limit(take).getMany();
      },
      () => qb.clone().getCount(),
    );
  }

  async get(principal: Principal, id: string): Promise<Rule> {
    return this.find(this.rules.manager, principal.workspaceId, id);
  }

  async create(principal: Principal, dto: CreateRuleDto): Promise<Rule> {
    const workspaceId = principal.workspaceId;
    const body = await this.checked(workspaceId, {
      events: dto.events as RuleEvent[],
      conditions: dto.conditions ?? { all: [], any: [] },
      actions: dto.actions,
    });
    return this.guardName(workspaceId, dto.name, () =>
      this.tx.run(async (manager) => {
        await this.lock(manager, workspaceId);
        const existing = await this.positions(manager, workspaceId);
        if (existing.length >= RULES_PER_WORKSPACE) {
          throw new ApiError(ErrorCode.ValidationFailed, `a workspace has at most ${RULES_PER_WORKSPACE} rules; delete one first`);
        }
        await this.assertNameFree(manager, workspaceId, dto.name);
        const enabled = dto.enabled ?? true;
        if (enabled) this.assertRoomOnEvents(existing, body.events, null);
        const position = dto.position ?? existing.length + 1;
        if (position > existing.length + 1) throw validationFailed('position', `must be between 1 and ${existing.length + 1}`);
        const now = new Date();
        await this.shift(manager, workspaceId, position, existing.length, +1, now);
        const rule = await manager.save(Rule, {
          id: newId('rul'),
          workspaceId,
          name: dto.name,
          nameKey: nameKey(dto.name),
          description: dto.description ?? null,
          enabled,
          position,
          events: body.events,
          conditions: body.conditions,
          actions: body.actions,
          stopProcessing: dto.stop_processing ?? false,
          version: 1,
          createdBy: principal.userId,
          createdAt: now,
          updatedAt: now,
          lastFiredAt: null,
          fireCount: 0,
          lastError: null,
        });
        await this.ensureTags(manager, workspaceId, rule);
        await this.outbox.append(manager, { workspaceId, actor: actorOf(principal), type: 'rule.created', data: toRuleResponse(rule) });
        return rule;
      }),
    );
  }

  async update(principal: Principal, id: string, dto: UpdateRuleDto): Promise<Rule> {
    for (const field of ['name', 'enabled', 'position', 'events', 'conditions', 'actions', 'stop_processing'] as const) {
      if (dto[field] === null) throw validationFailed(field, 'must not be null');
    }
    const workspaceId = principal.workspaceId;
    const current = await this.find(this.rules.manager, workspaceId, id);
    // Any PATCH checks the whole rule again: the ids it names must still exist and be usable.
    const body = await this.checked(workspaceId, {
      events: (dto.events ?? current.events) as RuleEvent[],
      conditions: dto.conditions ?? current.conditions,
      actions: dto.actions ?? current.actions,
    });
    return this.guardName(workspaceId, dto.name, () =>
      this.tx.run(async (manager) => {
        await this.lock(manager, workspaceId);
        const rule = await this.find(manager, workspaceId, id);
        const before = toRuleResponse(rule);
        const existing = await this.positions(manager, workspaceId);
        if (dto.name !== undefined && nameKey(dto.name) !== rule.nameKey) await this.assertNameFree(manager, workspaceId, dto.name);
        const now = new Date();
        if (dto.position !== undefined && dto.position !== rule.position) {
          if (dto.position > existing.length) throw validationFailed('position', `must be between 1 and ${existing.length}`);
          await this.move(manager, workspaceId, rule.position, dto.position, now);
          rule.position = dto.position;
        }
        if (dto.name !== undefined) Object.assign(rule, { name: dto.name, nameKey: nameKey(dto.name) });
        if (dto.description !== undefined) rule.description = dto.description;
        if (dto.enabled !== undefined) rule.enabled = dto.enabled;
        if (dto.stop_processing !== undefined) rule.stopProcessing = dto.stop_processing;
        Object.assign(rule, { events: body.events, conditions: body.conditions, actions: body.actions });
        if (rule.enabled) this.assertRoomOnEvents(existing, rule.events, rule.id);
        if (Object.keys(diff(before, toRuleResponse(rule), VERSIONED)).length) rule.version += 1;
        const changes = diff(before, toRuleResponse(rule), REPORTED);
        if (!Object.keys(changes).length) return rule;
        rule.updatedAt = now;
        const saved = await manager.save(Rule, rule);
        await this.ensureTags(manager, workspaceId, saved);
        await this.outbox.append(manager, {
          workspaceId,
          actor: actorOf(principal),
          type: 'rule.updated',
          data: toRuleResponse(saved),
          changes,
        });
        return saved;
      }),
    );
  }

  async remove(principal: Principal, id: string): Promise<void> {
    const workspaceId = principal.workspaceId;
    await this.tx.run(async (manager) => {
      await this.lock(manager, workspaceId);
      const rule = await this.find(manager, workspaceId, id);
      const count = (await this.positions(manager, workspaceId)).length;
      await manager.delete(Rule, { id: rule.id });
      await this.shift(manager, workspaceId, rule.position + 1, count, -1, new Date());
      await this.outbox.append(manager, { workspaceId, actor: actorOf(principal), type: 'rule.deleted', data: toRuleResponse(rule) });
    });
  }

  /** `PUT /rules/order`: every rule of the workspace exactly once, in its new order. */
  async reorder(principal: Principal, ids: string[]): Promise<Rule[]> {
    const workspaceId = principal.workspaceId;
    return this.tx.run(async (manager) => {
      await this.lock(manager, workspaceId);
      const rules = await manager.find(Rule, { where: { workspaceId }, order: { position: 'ASC', id: 'ASC' } });
      const known = new Set(rules.map((rule) => rule.id));
      const given = new Set(ids);
      const details: ErrorDetail[] = [];
      const missing = rules.filter((rule) => !given.has(rule.id)).map((rule) => rule.id);
      const extra = ids.filter((ruleId) => !known.has(ruleId));
      const repeated = ids.filter((ruleId, i) => ids.indexOf(ruleId) !== i);
      if (missing.length) details.push({ field: 'ids', message: `is missing ${missing.length} rule id(s)`, missing });
      if (extra.length) details.push({ field: 'ids', message: `names ${extra.length} id(s) that are not rules of this workspace`, extra });
      if (repeated.length) details.push({ field: 'ids', message: `repeats ${repeated.length} id(s)`, repeated: [...new Set(repeated)] });
      if (details.length) throw new ApiError(ErrorCode.ValidationFailed, 'ids must name every rule of the workspace exactly once', details);
      const byId = new Map(rules.map((rule) => [rule.id, rule]));
      const now = new Date();
      const ordered = ids.map((ruleId, i) => {
        const rule = byId.get(ruleId)!;
        if (rule.position !== i + 1) Object.assign(rule, { position: i + 1, updatedAt: now });
        return rule;
      });
      const moved = ordered.filter((rule) => rule.updatedAt === now);
      if (moved.length) await manager.save(Rule, moved);
      return ordered;
    });
  }

  async find(manager: EntityManager, workspaceId: string, id: string): Promise<Rule> {
    const rule = await manager.findOneBy(Rule, { id, workspaceId });
    if (!rule) throw notFound('rule');
    return rule;
  }

  /** The rule's body checked as at creation, ids included: 400 or 404 on the exact path. */
  async checked(workspaceId: string, body: RuleBody) {
    const check = checkRule(body.events, body.conditions, body.actions);
    assertRuleChecked(check);
    await this.assertReferences(workspaceId, check.references);
    return { events: [...body.events], conditions: check.conditions, actions: check.actions };
  }

  /** Every id a rule names exists in the workspace (404), and what actions use is usable (400). */
  private async assertReferences(workspaceId: string, references: RuleReference[]): Promise<void> {
    if (!references.length) return;
    const { users, teams, webhooks, channels } = await this.targets(this.rules.manager, workspaceId, references, []);
    const missing: ErrorDetail[] = [];
    const unusable: ErrorDetail[] = [];
    for (const reference of references) {
      const acting = reference.path.startsWith('actions');
      if (reference.kind === 'user') {
        const user = users.get(reference.id);
        if (!user) missing.push({ field: reference.path, message: 'no such user' });
        else if (acting && (!user.active || user.role === 'viewer'))
          unusable.push({ field: reference.path, message: 'must be an active agent or admin' });
      } else if (reference.kind === 'team') {
        // A deleted team is gone for rules: nothing can be routed to it, nothing is routed by it.
        if (!teams.get(reference.id) || teams.get(reference.id)!.deletedAt)
          missing.push({ field: reference.path, message: 'no such team' });
      } else {
        const active = (reference.kind === 'webhook' ? webhooks : channels).get(reference.id);
        const resource = reference.kind === 'webhook' ? 'webhook' : 'notification channel';
        if (active === undefined) missing.push({ field: reference.path, message: `no such ${resource}` });
        else if (!active) unusable.push({ field: reference.path, message: `the ${resource} is inactive` });
      }
    }
    if (missing.length)
      throw new ApiError(ErrorCode.NotFound, `${missing[0].field} does not match any ${missing[0].message.slice(8)}`, missing);
    if (unusable.length) throw new ApiError(ErrorCode.ValidationFailed, `${unusable[0].field} ${unusable[0].message}`, unusable);
  }

  /**
   * Whether the targets the rules' actions name are usable now, answered as the engine asks
   * (it does no I/O): loaded once for every rule of a pass. `ticketTeams`: the teams the tickets
   * are in, so an assignee's membership is known for them too (unknown teams are not held against it).
   */
  async targetCheck(
    workspaceId: string,
    rules: Pick<EngineRule, 'actions'>[],
    ticketTeams: (string | null)[] = [],
    manager: EntityManager = this.rules.manager,
  ): Promise<TargetCheck> {
    const references = rules.flatMap((rule) =>
      rule.actions.flatMap((action): RuleReference[] => {
        const target = (kind: RuleReference['kind'], id: unknown) => (typeof id === 'string' ? [{ kind, id, path: 'actions' }] : []);
        return [
          ...target('user', action.user_id),
          ...target('team', action.team_id),
          ...target('webhook', action.webhook_id),
          ...target('channel', action.channel_id),
        ];
      }),
    );
    const known = ticketTeams.filter((id): id is string => id !== null);
    const { users, teams, members, webhooks, channels } = await this.targets(manager, workspaceId, references, known);
    const active = (found: boolean | undefined, kind: string) =>
      found === undefined ? `${kind}_not_found` : found ? null : `${kind}_disabled`;
    return {
      user: (id, teamId) => {
        const user = users.get(id);
        if (!user) return 'user_not_found';
        if (!user.active) return 'user_inactive';
        if (user.role === 'viewer') return 'user_not_agent';
        return teamId !== null && teams.has(teamId) && !members.get(teamId)?.has(id) ? 'user_not_member' : null;
      },
      team: (id) => {
        const team = teams.get(id);
        return !team ? 'team_not_found' : team.deletedAt ? 'team_deleted' : null;
      },
      webhook: (id) => active(webhooks.get(id), 'webhook'),
      channel: (id) => active(channels.get(id), 'channel'),
    };
  }

  private async targets(manager: EntityManager, workspaceId: string, references: RuleReference[], ticketTeams: string[]) {
    const ids = (kind: RuleReference['kind']) => [...new Set(references.filter((r) => r.kind === kind).map((r) => r.id))];
    const users = new Map((await this.users.findManyIn(manager, workspaceId, ids('user'))).map((user) => [user.id, user]));
    const teamIds = [...new Set([...ids('team'), ...ticketTeams])];
    const teams = new Map((await this.teams.findManyIn(manager, workspaceId, teamIds)).map((team) => [team.id, team]));
    const members = await this.teams.membershipsAmong(manager, [...teams.keys()], [...users.keys()]);
    const webhooks = await this.webhooks.activeIn(workspaceId, ids('webhook'), manager);
    const channels = await this.channels.activeIn(workspaceId, ids('channel'), manager);
    return { users, teams, members, webhooks, channels };
  }

  /**
   * The tags a rule adds exist from the moment it is saved: a pass then only links them, and
   * concurrent passes never wait on each other's first insert of a tag while holding other locks.
   */
  private async ensureTags(manager: EntityManager, workspaceId: string, rule: Rule): Promise<void> {
    const names = rule.actions.flatMap((action) => (action.type === 'add_tags' ? (action.tags as string[]) : []));
    if (names.length) await this.tags.ensureTags(manager, workspaceId, names);
  }

  /**
   * Serialises changes to a workspace's rule set (SQLite writers are serialised already); every
   * caller changes it, so every process forgets the rules it kept once the change commits.
   */
  private async lock(manager: EntityManager, workspaceId: string): Promise<void> {
    await this.enabledRules.changed(manager, workspaceId);
    if (this.tx.isPostgres) await this.tx.query(manager, 'SELECT pg_advisory_xact_lock(hashtext(?))', [`relay.rules.${workspaceId}`]);
  }

  private positions(manager: EntityManager, workspaceId: string): Promise<Pick<Rule, 'id' | 'events' | 'enabled'>[]> {
    return manager.find(Rule, { select: { id: true, events: true, enabled: true }, where: { workspaceId } });
  }

  /** Positions from..to (inclusive) move by `by`: room for an insert, or closing a gap. */
  private async shift(manager: EntityManager, workspaceId: string, from: number, to: number, by: 1 | -1, now: Date): Promise<void> {
    if (from > to) return;
    await manager
      .createQueryBuilder()
      .update(Rule)
      .set({ position: () => `position + (${by})`, updatedAt: now })
      .where('workspace_id = :ws AND position >= :from AND position <= :to', { ws: workspaceId, from, to })
      .execute();
  }

  private async move(manager: EntityManager, workspaceId: string, from: number, to: number, now: Date): Promise<void> {
    if (to < from) await this.shift(manager, workspaceId, to, from - 1, +1, now);
    else await this.shift(manager, workspaceId, from + 1, to, -1, now);
  }

  private assertRoomOnEvents(rules: Pick<Rule, 'id' | 'events' | 'enabled'>[], events: RuleEvent[], self: string | null): void {
    for (const event of events) {
      const enabled = rules.filter((rule) => rule.enabled && rule.id !== self && rule.events.includes(event)).length;
      if (enabled >= ENABLED_PER_EVENT) {
        throw validationFailed('events', `${event} already has ${ENABLED_PER_EVENT} enabled rules; disable one first`);
      }
    }
  }

  private async assertNameFree(manager: EntityManager, workspaceId: string, name: string): Promise<void> {
    const holder = await manager.findOne(Rule, { select: { id: true }, where: { workspaceId, nameKey: nameKey(name) } });
    if (holder)
      throw conflict('a rule with this name already exists', [{ field: 'name', message: 'already taken', existing_id: holder.id }]);
  }

  /** A concurrent write took the name between our check and our write: still a 409. */
  private async guardName<T>(workspaceId: string, name: string | undefined, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (name === undefined || constraintViolation(error) !== 'unique') throw error;
      await this.assertNameFree(this.rules.manager, workspaceId, name);
      throw error;
    }
  }
}

function nameKey(name: string): string {
  return name.trim().toLowerCase();
}
