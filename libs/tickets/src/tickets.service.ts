import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { conflict, newId, notFound, validationFailed } from '@relay/common';
import { constraintViolation, TransactionRunner } from '@relay/database';
import { EventOutbox } from '@relay/events';
import { CustomersService } from '@relay/customers';
import { UsersService } from '@relay/users';
import type { Principal } from '@relay/auth';
import { CreateTicketDto } from './dto/create-ticket.dto';
import { UpdateTicketDto } from './dto/update-ticket.dto';
import { initialStatus, withStatus } from './ticket-lifecycle';
import { nextTicketNumber } from './counts/ticket-numbers';
import { TicketCounts } from './counts/ticket-counts';
import { TicketTagger } from './tags/ticket-tagger';
import { TicketThread } from './ticket-thread';
import { TaggedTicket, Ticket } from './ticket.entity';
import { ticketEvents } from './ticket.events';
import { toTicketResponse } from './ticket.mapper';
import type { TicketResponse } from './dto/ticket.response';

/** The ticket fields a new conversation entry can change (see recordEntry). */
const ENTRY_EFFECTS = ['firstResponseAt', 'status', 'resolvedAt', 'closedAt', 'firstResolvedAt', 'firstClosedAt', 'updatedAt'] as const;

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
  ) {}

  async get(principal: Principal, id: string): Promise<TaggedTicket> {
    const manager = this.dataSource.manager;
    const ticket = await manager.findOneBy(Ticket, { id, workspaceId: principal.workspaceId });
    if (!ticket) throw notFound('ticket');
    return (await this.tagger.tagged(manager, [ticket]))[0];
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

  create(principal: Principal, dto: CreateTicketDto): Promise<TaggedTicket> {
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
            : await this.customers.findOrCreateByEmail(manager, workspaceId, dto.customer_email!);
        if (dto.assignee_id !== undefined) await this.assertAssignee(manager, workspaceId, dto.assignee_id);
        const now = new Date();
        // Taken last on SQLite: the group's write lock is held until commit anyway.
        const number = taken ?? (await nextTicketNumber(this.tx, manager, workspaceId));
        const ticket = Object.assign(new Ticket(), {
          id: newId('tkt'),
          workspaceId,
          number,
          subject: dto.subject,
          ...initialStatus(dto.status ?? 'open', now),
          priority: dto.priority ?? 'normal',
          channel: dto.channel ?? 'api',
          customerId: customer.id,
          assigneeId: dto.assignee_id ?? null,
          externalId: dto.external_id ?? null,
          createdAt: now,
          updatedAt: now,
          firstResponseAt: null,
        });
        await this.tx.insert(manager, Ticket, ticket);
        if (dto.tags?.length) await this.tagger.add(manager, ticket, dto.tags);
        // A ticket created without tags has none to read back: one round trip fewer.
        await this.counts.settle(manager, ticket, null, false, dto.tags?.length ? undefined : []);
        // A new ticket carries only the tags just linked: no need to read back an empty set.
        const [tagged] = dto.tags?.length ? await this.tagger.tagged(manager, [ticket]) : [{ ticket, tags: [] }];
        await ticketEvents.created(this.outbox, manager, workspaceId, toTicketResponse(tagged));
        if (dto.description !== undefined) await this.thread.open(manager, ticket, dto.description);
        return tagged;
      }),
    );
  }

  update(principal: Principal, id: string, dto: UpdateTicketDto): Promise<TaggedTicket> {
    return this.change(principal, id, async (manager, ticket, now) => {
      if (dto.assignee_id != null) await this.assertAssignee(manager, ticket.workspaceId, dto.assignee_id);
      if (dto.subject !== undefined) ticket.subject = dto.subject;
      if (dto.priority !== undefined) ticket.priority = dto.priority;
      if (dto.assignee_id !== undefined) ticket.assigneeId = dto.assignee_id;
      if (dto.status !== undefined) Object.assign(ticket, withStatus(ticket, dto.status, now));
      if (dto.tags !== undefined) await this.tagger.replace(manager, ticket, dto.tags);
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
      await ticketEvents.deleted(this.outbox, manager, ticket.workspaceId, toTicketResponse(tagged));
    });
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
  async recordEntry(manager: EntityManager, ticket: Ticket, entry: ThreadEntry): Promise<void> {
    const before = toTicketResponse((await this.tagger.tagged(manager, [ticket]))[0]);
    const previous = { status: ticket.status };
    if (entry.isReply && !entry.byCustomer && !ticket.firstResponseAt) ticket.firstResponseAt = entry.createdAt;
    if (entry.isReply && entry.byCustomer && (ticket.status === 'pending' || ticket.status === 'resolved')) {
      Object.assign(ticket, withStatus(ticket, 'open', entry.createdAt));
    }
    ticket.updatedAt = entry.createdAt;
    await this.tx.update(manager, Ticket, ticket, ENTRY_EFFECTS);
    if (ticket.status !== previous.status) await this.counts.settle(manager, ticket, previous);
    await ticketEvents.changed(this.outbox, manager, ticket.workspaceId, before, toTicketResponse({ ticket, tags: before.tags }));
  }

  /**
   * Applies `mutate` to the locked ticket; if anything visible changed, stamps updated_at,
   * saves, and emits the events for exactly what changed. A no-op request changes nothing.
   */
  private change(
    principal: Principal,
    id: string,
    mutate: (manager: EntityManager, ticket: Ticket, now: Date) => Promise<void>,
  ): Promise<TaggedTicket> {
    return this.tx.run(async (manager) => {
      const ticket = await this.requireForUpdate(manager, principal.workspaceId, id);
      const before = toTicketResponse((await this.tagger.tagged(manager, [ticket]))[0]);
      const counted = await this.counts.state(manager, ticket);
      const now = new Date();
      await mutate(manager, ticket, now);
      const [tagged] = await this.tagger.tagged(manager, [ticket]);
      if (JSON.stringify(toTicketResponse(tagged)) === JSON.stringify(before)) return tagged;
      ticket.updatedAt = now;
      await manager.save(Ticket, ticket);
      await this.counts.settle(manager, ticket, counted);
      await ticketEvents.changed(this.outbox, manager, ticket.workspaceId, before, toTicketResponse(tagged));
      return tagged;
    });
  }

  /** Assignees are users of the workspace, active or not (a deactivated agent keeps their tickets). */
  private async assertAssignee(manager: EntityManager, workspaceId: string, userId: string): Promise<void> {
    if (!(await this.users.existsIn(manager, workspaceId, userId))) throw notFound('user', 'assignee_id');
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
