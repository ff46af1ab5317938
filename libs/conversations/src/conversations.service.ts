import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { KeysetPaginator, notFound, Page, validationFailed } from '@relay/common';
import { TransactionRunner } from '@relay/database';
import { actorOf } from '@relay/events';
import { TicketsService } from '@relay/tickets';
import type { Principal } from '@relay/auth';
import { ConversationWriter } from './conversation-writer';
import { Conversation } from './conversation.entity';
import { CreateTicketConversationDto } from './dto/create-conversation.dto';
import { ListConversationsQuery, ListTicketConversationsQuery } from './dto/list-conversations.query';

/** Conversation entries of a workspace's tickets. Every query is scoped by the caller's workspace. */
@Injectable()
export class ConversationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly paginator: KeysetPaginator,
    private readonly tickets: TicketsService,
    private readonly writer: ConversationWriter,
  ) {}

  /**
   * Adds an entry to the ticket and applies its effect on the ticket in the same transaction.
   * `ticketField` names the body field the ticket id came from, for the 404.
   */
  create(principal: Principal, ticketId: string, dto: CreateTicketConversationDto, ticketField?: string): Promise<Conversation> {
    const authorType = dto.author_type ?? 'user';
    if (dto.type === 'note' && authorType === 'customer') {
      throw validationFailed('author_type', 'must be user for a note: notes are internal to agents');
    }
    return this.tx.run(async (manager) => {
      const ticket = await this.tickets.requireForUpdate(manager, principal.workspaceId, ticketId, ticketField);
      const authorId = authorType === 'user' ? principal.userId : ticket.customerId;
      const actor = actorOf(principal);
      const { entry, eventId } = await this.writer.append(manager, actor, ticket, {
        type: dto.type,
        body: dto.body,
        authorType,
        authorId,
      });
      await this.tickets.recordEntry(
        manager,
        actor,
        ticket,
        { isReply: entry.type === 'reply', byCustomer: authorType === 'customer', createdAt: entry.createdAt },
        {
          event: 'conversation.created',
          actor,
          eventId,
          conversation: { body: entry.body, type: entry.type, author_type: entry.authorType },
        },
      );
      return entry;
    });
  }

  async get(principal: Principal, id: string): Promise<Conversation> {
    const entry = await this.dataSource.manager.findOneBy(Conversation, { id, workspaceId: principal.workspaceId });
    if (!entry) throw notFound('conversation');
    return entry;
  }

  list(principal: Principal, query: ListConversationsQuery): Promise<Page<Conversation>> {
    const qb = this.scoped(principal);
    if (query.ticket_id !== undefined) qb.andWhere('c.ticketId = :ticketId', { ticketId: query.ticket_id });
    if (query.type !== undefined) qb.andWhere('c.type = :type', { type: query.type });
    if (query.author_type !== undefined) qb.andWhere('c.authorType = :authorType', { authorType: query.author_type });
    const createdAfter = query.created_after === undefined ? undefined : Date.parse(query.created_after);
    if (createdAfter !== undefined) qb.andWhere('c.createdAt >= :createdAfter', { createdAfter });
    const { ticket_id, type, author_type } = query;
    return this.paginator.paginate(
      qb,
      query,
      'conversations',
      { ticket_id, type, author_type, created_after: createdAfter },
      {
        after: createdAfter === undefined ? [] : ['created_at'],
      },
    );
  }

  /** A ticket's thread; 404 if the ticket is not the workspace's. */
  async listForTicket(principal: Principal, ticketId: string, query: ListTicketConversationsQuery): Promise<Page<Conversation>> {
    if (!(await this.tickets.exists(principal.workspaceId, ticketId))) throw notFound('ticket');
    const qb = this.scoped(principal).andWhere('c.ticketId = :ticketId', { ticketId });
    return this.paginator.paginate(qb, query, 'ticket-conversations', { ticket_id: ticketId });
  }

  private scoped(principal: Principal) {
    return this.dataSource.manager.createQueryBuilder(Conversation, 'c').where('c.workspaceId = :ws', { ws: principal.workspaceId });
  }
}
