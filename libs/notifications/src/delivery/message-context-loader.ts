import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CustomersService } from '@relay/customers';
import { isEventOf } from '@relay/events';
import type { EventRecord } from '@relay/events';
import { TicketsService } from '@relay/tickets';
import type { TicketResponse } from '@relay/tickets';
import { UsersService } from '@relay/users';
import type { MessageContext } from '../message/slack-message';

interface EntryData {
  ticket_id: string;
  type: string;
  author_type: string;
  body: string;
}

/**
 * Gathers what a message says about an event, through the owning modules: the ticket as the
 * event recorded it (or, for a conversation entry, as it is now), its customer and assignee.
 */
@Injectable()
export class MessageContextLoader {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tickets: TicketsService,
    private readonly customers: CustomersService,
    private readonly users: UsersService,
  ) {}

  /** The ticket an event is about, and the conversation entry when it is one. */
  async subject(manager: EntityManager, event: EventRecord): Promise<{ ticket: TicketResponse | null; entry: EntryData | null }> {
    if (isEventOf(event, 'conversation.created')) {
      const entry = event.data;
      return { ticket: await this.tickets.findResponse(manager, event.workspaceId, entry.ticket_id), entry };
    }
    // automation.triggered carries the ticket as the rule left it.
    if (event.type.startsWith('ticket.') || event.type === 'automation.triggered')
      return { ticket: event.data as TicketResponse, entry: null };
    return { ticket: null, entry: null };
  }

  async load(event: EventRecord): Promise<MessageContext> {
    const manager = this.dataSource.manager;
    const { ticket, entry } = await this.subject(manager, event);
    const [customer, assignee] = await Promise.all([
      ticket ? this.customers.requireInWorkspace(manager, event.workspaceId, ticket.customer_id).catch(() => null) : null,
      ticket?.assignee_id ? this.users.find(event.workspaceId, ticket.assignee_id) : null,
    ]);
    return {
      eventType: event.type,
      ticket: ticket && {
        id: ticket.id,
        number: ticket.number,
        subject: ticket.subject,
        status: ticket.status,
        priority: ticket.priority,
        channel: ticket.channel,
      },
      teamName: null,
      assigneeName: assignee?.name ?? null,
      customerEmail: customer?.email ?? null,
      changes: event.changes,
      entry: entry && { type: entry.type, authorType: entry.author_type, body: entry.body },
      actor: null,
    };
  }
}
