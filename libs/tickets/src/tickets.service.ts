import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { conflict, newId, notFound, validationFailed } from '@relay/common';
import { constraintViolation, TransactionRunner } from '@relay/database';
import { actorOf, diff, EventOutbox } from '@relay/events';
import type { Actor, Changes } from '@relay/events';
import { CustomersService } from '@relay/customers';
import { UsersService } from '@relay/users';
import { TeamsService, TeamTurnQueue } from '@relay/teams';
import type { Principal } from '@relay/auth';
import { CreateTicketDto } from './dto/create-ticket.dto';
import { UpdateTicketDto } from './dto/update-ticket.dto';
import { initialStatus, withStatus } from './ticket-lifecycle';
import { OPEN_STATUSES } from './ticket.enums';
import { nextTicketNumber } from './counts/ticket-numbers';
import { TicketCounts } from './counts/ticket-counts';
import type { CountedState } from './counts/ticket-counts';
import { TicketTagger } from './tags/ticket-tagger';
import { TicketThread } from './ticket-thread';
import { TaggedTicket, Ticket } from './ticket.entity';
import { ticketEvents } from './ticket.events';
import { toTicketResponse } from './ticket.mapper';
import type { TicketResponse } from './dto/ticket.response';
import { TicketRouting } from './assignment/ticket-routing';
import { AssignTicketDto } from './dto/assign-ticket.dto';
import { TicketAutomation } from './automation/ticket-automation';
import type { AutomationTrigger } from './automation/ticket-automation';

/** The ticket fields a new conversation entry can change (see recordEntry). */
const ENTRY_EFFECTS = [
  'firstResponseAt',
  'status',
  'resolvedAt',
  'closedAt',
  'firstResolvedAt',
  'firstClosedAt',
  'assigneeId',
  'updatedAt',
] as const;

/** The ticket fields a change may set, named as the API names them (PATCH /tickets, rule actions). */
export type TicketFields = Pick<UpdateTicketDto, 'subject' | 'priority' | 'status' | 'assignee_id' | 'team_id' | 'tags'>;

/** What a change reports in `ticket.updated` and the other ticket events, status included. */
const CHANGED: (keyof TicketResponse)[] = ['subject', 'status', 'priority', 'tags', 'assignee_id', 'team_id'];

/** A change applied to a locked ticket: the ticket after it, what changed, and the first event it appended. */
export interface AppliedChange {
  tagged: TaggedTicket;
  changes: Changes;
  eventId: string | null;
}

/** The columns a change can set: an UPDATE names only those that changed (search and tag-link triggers watch them). */
const CHANGEABLE = [
  'subject',
  'status',
  'priority',
  'assigneeId',
  'teamId',
  'resolvedAt',
  'closedAt',
  'firstResolvedAt',
  'firstClosedAt',
  'firstResponseAt',
  'updatedAt',
] as const;

function changedColumns(was: Ticket, now: Ticket): (typeof CHANGEABLE)[number][] {
  const value = (v: unknown) => (v instanceof Date ? v.getTime() : v);
  return CHANGEABLE.filter((column) => value(was[column]) !== value(now[column]));
}

/** What a new conversation entry means for its ticket, in the ticket's terms. */
export interface ThreadEntry {
  /** A reply (seen by the customer), not an internal note. */
  isReply: boolean;
  byCustomer: boolean;
  createdAt: Date;
}

/**
 * Tickets of a workspace. Every query is scoped by the caller's workspace; writes take the
 * ticket's row lock first (PostgreSQL), so concurrent changes to one ticket apply one after
 * the other and every event carries a true before/after.
 */
@Injectable()
export class TicketsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly outbox: EventOutbox,
    private readonly customers: CustomersService,
    private readonly tagger: TicketTagger,
    private readonly thread: TicketThread,
    private readonly counts: TicketCounts,
    private readonly users: UsersService,
    private readonly teams: TeamsService,
    private readonly routing: TicketRouting,
    private readonly automation: TicketAutomation,
    private readonly turns: TeamTurnQueue,
  ) {}

  async get(principal: Principal, id: string): Promise<TaggedTicket> {
    const tagged = await this.tagger.findTagged(this.dataSource.manager, principal.workspaceId, id);
    if (!tagged) throw notFound('ticket');
    return tagged;
  }

  /** Whether the workspace has this ticket (no lock, outside any transaction). */
  exists(workspaceId: string, id: string): Promise<boolean> {
    return this.dataSource.manager.existsBy(Ticket, { id, workspaceId });
  }

  /** The ticket as the API returns it, or null: for readers outside a request (notifications). */
  async findResponse(manager: EntityManager, workspaceId: string, id: string): Promise<TicketResponse | null> {
    const ticket = await manager.findOneBy(Ticket, { id, workspaceId });
    return ticket ? toTicketResponse((await this.tagger.tagged(manager, [ticket]))[0]) : null;
  }

  /** A create naming a team waits for that team's earlier creates in this process (TeamTurnQueue). */
  create(principal: Principal, dto: CreateTicketDto): Promise<TaggedTicket> {
    return this.turns.run(dto.team_id, () => this.createNow(principal, dto));
  }

  private createNow(principal: Principal, dto: CreateTicketDto): Promise<TaggedTicket> {
    const workspaceId = principal.workspaceId;
    if ((dto.customer_email === undefined) === (dto.customer_id === undefined)) {
      throw validationFailed('customer_email', 'or customer_id is required, and only one of them');
    }
    // PostgreSQL numbers a ticket just before its transaction (see nextTicketNumber).
    const numbered = async (manager: EntityManager) => (this.tx.isPostgres ? nextTicketNumber(this.tx, manager, workspaceId) : undefined);
    return this.guardExternalId(workspaceId, dto.external_id, () =>
      this.tx.runAfter(numbered, async (manager, taken) => {
        if (dto.external_id !== undefined) await this.assertExternalIdFree(manager, workspaceId, dto.external_id);
        const customer =
          dto.customer_id !== undefined
            ? await this.customers.requireInWorkspace(manager, workspaceId, dto.customer_id, 'customer_id')
            : await this.customers.findOrCreateByEmail(manager, actorOf(principal), workspaceId, dto.customer_email!);
        const team =
          dto.team_id === undefined ? null : await this.teams.requireAssignableTeam(manager, workspaceId, dto.team_id, 'team_id');
        if (dto.assignee_id !== undefined) await this.assertAssignee(manager, workspaceId, dto.assignee_id, team?.id ?? null);
        const now = new Date();
        const ticket = Object.assign(new Ticket(), {
          id: newId('tkt'),
          workspaceId,
          subject: dto.subject,
          ...initialStatus(dto.status ?? 'open', now),
          priority: dto.priority ?? 'normal',
          channel: dto.channel ?? 'api',
          customerId: customer.id,
          assigneeId: dto.assignee_id ?? null,
          teamId: team?.id ?? null,
          externalId: dto.external_id ?? null,
          createdAt: now,
          updatedAt: now,
          firstResponseAt: null,
        });
        const { turn } = await this.routing.route(manager, ticket, null);
        // SQLite takes it last (the group's write lock is held until commit anyway); PostgreSQL took it before the transaction.
        ticket.number = taken ?? (await nextTicketNumber(this.tx, manager, workspaceId));
        await this.tx.insert(manager, Ticket, ticket);
        if (dto.tags?.length) await this.tagger.add(manager, ticket, dto.tags);
        // A new ticket carries only the tags just linked: no need to read back an empty set.
        const [tagged] = dto.tags?.length ? await this.tagger.tagged(manager, [ticket]) : [{ ticket, tags: [] }];
        const created = toTicketResponse(tagged);
        const actor = actorOf(principal);
        const event = await ticketEvents.created(this.outbox, manager, actor, workspaceId, created);
        await ticketEvents.assigned(
          this.outbox,
          manager,
          actor,
          workspaceId,
          { ...created, team_id: null, assignee_id: null },
          created,
          turn?.method,
        );
        if (dto.description !== undefined) await this.thread.open(manager, actor, ticket, dto.description);
        const description = dto.description === undefined ? null : { body: dto.description, type: 'reply', author_type: 'customer' };
        const ruled = await this.automation.run(manager, tagged, {
          event: 'ticket.created',
          actor,
          eventId: event.id,
          conversation: description,
          customerEmail: customer.email,
        });
        // Counts last, once, rules' changes included (TicketCounts' lock order). A ticket created
        // without tags and left alone by rules has none to read back: one round trip fewer.
        await this.counts.settle(manager, ticket, null, false, ruled === tagged && !dto.tags?.length ? [] : undefined);
        return ruled;
      }),
    );
  }

  update(principal: Principal, id: string, dto: UpdateTicketDto): Promise<TaggedTicket> {
    return this.turns.run(dto.team_id, () => this.updateNow(principal, id, dto));
  }

  private updateNow(principal: Principal, id: string, dto: UpdateTicketDto): Promise<TaggedTicket> {
    return this.change(principal, id, async (manager, ticket, now) => {
      const workspaceId = ticket.workspaceId;
      if (dto.team_id != null) await this.teams.requireAssignableTeam(manager, workspaceId, dto.team_id, 'team_id');
      const teamId = dto.team_id === undefined ? ticket.teamId : dto.team_id;
      if (dto.assignee_id != null) await this.assertAssignee(manager, workspaceId, dto.assignee_id, teamId);
      await this.setFields(manager, ticket, now, dto);
    });
  }

  /**
   * Runs automatic assignment now (`POST /tickets/{id}/assign`): the ticket takes the next turn
   * of `team_id` (or of its own team), replacing its assignee; with nobody eligible it waits
   * unassigned. 400 when there is no team, its method is `none`, or the ticket is not open|pending.
   */
  async assign(principal: Principal, id: string, dto: AssignTicketDto): Promise<TaggedTicket> {
    return this.change(principal, id, async (manager, ticket) => {
      const teamId = dto.team_id ?? ticket.teamId;
      if (teamId === null) throw validationFailed('team_id', 'is required: the ticket has no team');
      const team = await this.teams.requireAssignableTeam(manager, ticket.workspaceId, teamId, 'team_id');
      if (team.assignmentMethod === 'none') throw validationFailed('team_id', 'names a team whose assignment_method is none');
      if (!OPEN_STATUSES.includes(ticket.status)) throw validationFailed('status', 'must be open or pending to assign');
      Object.assign(ticket, { teamId: team.id, assigneeId: null });
    });
  }

  addTags(principal: Principal, id: string, names: string[]): Promise<TaggedTicket> {
    return this.change(principal, id, (manager, ticket) => this.tagger.add(manager, ticket, names));
  }

  removeTag(principal: Principal, id: string, name: string): Promise<TaggedTicket> {
    return this.change(principal, id, (manager, ticket) => this.tagger.remove(manager, ticket, name));
  }

  async remove(principal: Principal, id: string): Promise<void> {
    await this.tx.run(async (manager) => {
      const ticket = await this.requireForUpdate(manager, principal.workspaceId, id);
      const [tagged] = await this.tagger.tagged(manager, [ticket]);
      const counted = await this.counts.state(manager, ticket);
      await this.counts.settle(manager, ticket, counted, true);
      // Conversations and tag links go with it (ON DELETE CASCADE), search entries by trigger.
      await manager.delete(Ticket, { id: ticket.id });
      await ticketEvents.deleted(this.outbox, manager, actorOf(principal), ticket.workspaceId, toTicketResponse(tagged));
      await this.routing.released(manager, actorOf(principal), ticket);
    });
  }

  /**
   * Rule-driven changes to existing tickets outside a write path (a manual run's batch), in
   * `manager`'s transaction: locks the tickets found among `ids` in id order, runs `work` on each
   * (with its tags), then `beforeCounts` (the rules' own counters), then settles the counts, last
   * and once, as a write path does (TicketCounts' lock order). Ids of no ticket are left out.
   */
  async changeEach(
    manager: EntityManager,
    workspaceId: string,
    ids: string[],
    work: (tagged: TaggedTicket) => Promise<void>,
    beforeCounts: () => Promise<void>,
  ): Promise<void> {
    const locked: { ticket: Ticket; counted: CountedState }[] = [];
    for (const id of [...ids].sort()) {
      const [ticket] = await this.tx.select(manager, Ticket, 'id = ? AND workspace_id = ?', [id, workspaceId], true);
      if (ticket) locked.push({ ticket, counted: await this.counts.state(manager, ticket) });
    }
    for (const { ticket } of locked) await work((await this.tagger.tagged(manager, [ticket]))[0]);
    await beforeCounts();
    for (const { ticket, counted } of locked) await this.counts.settle(manager, ticket, counted);
  }

  /**
   * The ticket `id` of the workspace, row-locked until the caller's transaction ends (on
   * PostgreSQL; SQLite transactions are serialised anyway), or 404 naming `field` if given.
   */
  async requireForUpdate(manager: EntityManager, workspaceId: string, id: string, field?: string): Promise<Ticket> {
    const [ticket] = await this.tx.select(manager, Ticket, 'id = ? AND workspace_id = ?', [id, workspaceId], true);
    if (!ticket) throw notFound('ticket', field);
    return ticket;
  }

  /**
   * A new conversation entry's effect on its ticket (contract §5): the ticket is updated; the
   * first reply by a user is its first response; a customer reply reopens a pending or
   * resolved ticket (`ticket.status_changed`). Notes never change the status.
   */
  async recordEntry(manager: EntityManager, actor: Actor, ticket: Ticket, entry: ThreadEntry, trigger: AutomationTrigger): Promise<void> {
    const tagged = (await this.tagger.tagged(manager, [ticket]))[0];
    const before = toTicketResponse(tagged);
    // Rules may change the tags: then the counts need the tag ids the ticket had.
    const counted: CountedState = (await this.automation.runs(manager, ticket.workspaceId, trigger.event))
      ? await this.counts.state(manager, ticket)
      : { status: ticket.status, priority: ticket.priority };
    const previous = { status: ticket.status, assigneeId: ticket.assigneeId };
    if (entry.isReply && !entry.byCustomer && !ticket.firstResponseAt) ticket.firstResponseAt = entry.createdAt;
    if (entry.isReply && entry.byCustomer && (ticket.status === 'pending' || ticket.status === 'resolved')) {
      Object.assign(ticket, withStatus(ticket, 'open', entry.createdAt));
    }
    ticket.updatedAt = entry.createdAt;
    // A reopened ticket of a team may wait for a turn again.
    const { turn } = await this.routing.route(manager, ticket, previous);
    await this.tx.update(manager, Ticket, ticket, ENTRY_EFFECTS);
    const after = toTicketResponse({ ticket, tags: before.tags });
    await ticketEvents.changed(this.outbox, manager, actor, ticket.workspaceId, before, after, turn?.method);
    const ruled = await this.automation.run(manager, tagged, trigger);
    if (ruled !== tagged || ticket.status !== previous.status) await this.counts.settle(manager, ticket, counted);
  }

  /**
   * A caller's change to ticket `id`, then the pass of the workspace's `ticket.updated` rules it
   * starts, in one transaction: the answer already shows what the rules did.
   */
  private change(
    principal: Principal,
    id: string,
    mutate: (manager: EntityManager, ticket: Ticket, now: Date) => Promise<void>,
  ): Promise<TaggedTicket> {
    return this.tx.run(async (manager) => {
      const ticket = await this.requireForUpdate(manager, principal.workspaceId, id);
      const counted = await this.counts.state(manager, ticket);
      const actor = actorOf(principal);
      const applied = await this.applyChange(manager, actor, ticket, mutate);
      if (applied.eventId === null) return applied.tagged;
      const ruled = await this.automation.run(manager, applied.tagged, {
        event: 'ticket.updated',
        actor,
        eventId: applied.eventId,
        changes: applied.changes,
      });
      // Counts last, once, rules' changes included (TicketCounts' lock order).
      await this.counts.settle(manager, ticket, counted);
      return ruled;
    });
  }

  /**
   * A rule's changes to a ticket its pass holds locked, through the code paths PATCH uses
   * (lifecycle, tags, team membership, automatic assignment, counts, events as `actor`). The
   * caller checked every target first; no new pass starts from it. The counts are the
   * triggering write's to settle, once, when the pass is over.
   */
  applyFields(manager: EntityManager, actor: Actor, tagged: TaggedTicket, fields: TicketFields): Promise<AppliedChange> {
    return this.applyChange(manager, actor, tagged.ticket, (m, t, now) => this.setFields(m, t, now, fields), tagged.tags);
  }

  /**
   * Applies `mutate` to the locked ticket; if anything visible changed, stamps updated_at,
   * saves, and emits the events for exactly what changed. A no-op changes nothing (eventId null).
   * The counts are left to the caller (TicketCounts.settle, last in the transaction). `tags`:
   * the ticket's tags when the caller holds them (a rule's pass), saving their read.
   */
  private async applyChange(
    manager: EntityManager,
    actor: Actor,
    ticket: Ticket,
    mutate: (manager: EntityManager, ticket: Ticket, now: Date) => Promise<void>,
    tags?: string[],
  ): Promise<AppliedChange> {
    const before = toTicketResponse(tags ? { ticket, tags } : (await this.tagger.tagged(manager, [ticket]))[0]);
    const was = { ...ticket };
    const routed = { assigneeId: ticket.assigneeId, status: ticket.status };
    const now = new Date();
    await mutate(manager, ticket, now);
    const { turn, freed } = await this.routing.route(manager, ticket, routed);
    const [tagged] = await this.tagger.tagged(manager, [ticket]);
    const after = toTicketResponse(tagged);
    if (JSON.stringify(after) === JSON.stringify(before)) return { tagged, changes: {}, eventId: null };
    ticket.updatedAt = now;
    // Empty when only the tags changed within the millisecond the ticket was last stamped.
    await this.tx.update(manager, Ticket, ticket, changedColumns(was, ticket));
    const stamped = toTicketResponse(tagged);
    const eventId = await ticketEvents.changed(this.outbox, manager, actor, ticket.workspaceId, before, stamped, turn?.method);
    await this.routing.release(manager, actor, ticket.workspaceId, freed);
    return { tagged, changes: diff(before, stamped, CHANGED), eventId };
  }

  /** Sets the given fields as PATCH does; a new team without a new assignee drops an assignee outside it. */
  private async setFields(manager: EntityManager, ticket: Ticket, now: Date, fields: TicketFields): Promise<void> {
    if (fields.subject !== undefined) ticket.subject = fields.subject;
    if (fields.priority !== undefined) ticket.priority = fields.priority;
    if (fields.assignee_id !== undefined) ticket.assigneeId = fields.assignee_id;
    if (fields.team_id !== undefined) ticket.teamId = fields.team_id;
    if (
      fields.team_id != null &&
      fields.assignee_id === undefined &&
      ticket.assigneeId &&
      !(await this.teams.isMember(manager, fields.team_id, ticket.assigneeId))
    ) {
      ticket.assigneeId = null;
    }
    if (fields.status !== undefined) Object.assign(ticket, withStatus(ticket, fields.status, now));
    if (fields.tags !== undefined) await this.tagger.replace(manager, ticket, fields.tags);
  }

  /**
   * A new assignee is an active agent or admin of the workspace (a deactivated agent keeps the
   * tickets they had), and a member of the ticket's team when it has one.
   */
  private async assertAssignee(manager: EntityManager, workspaceId: string, userId: string, teamId: string | null): Promise<void> {
    const user = await this.users.findIn(manager, workspaceId, userId);
    if (!user) throw notFound('user', 'assignee_id');
    if (!user.active || user.role === 'viewer') throw validationFailed('assignee_id', 'must be an active agent or admin');
    if (teamId !== null && !(await this.teams.isMember(manager, teamId, userId))) {
      throw validationFailed('assignee_id', "must be a member of the ticket's team");
    }
  }

  private async assertExternalIdFree(manager: EntityManager, workspaceId: string, externalId: string): Promise<void> {
    const holder = await manager.findOne(Ticket, { select: { id: true }, where: { workspaceId, externalId } });
    if (holder) {
      throw conflict('a ticket with this external_id already exists', [
        { field: 'external_id', message: 'already taken', existing_id: holder.id },
      ]);
    }
  }

  /** A concurrent create took the external_id between our check and our insert: still a 409. */
  private async guardExternalId<T>(workspaceId: string, externalId: string | undefined, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (externalId === undefined || constraintViolation(error) !== 'unique') throw error;
      await this.assertExternalIdFree(this.dataSource.manager, workspaceId, externalId);
      throw error;
    }
  }
}
