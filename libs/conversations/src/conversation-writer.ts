import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { newId } from '@relay/common';
import { TransactionRunner } from '@relay/database';
import { EventOutbox } from '@relay/events';
import type { Actor } from '@relay/events';
import { Ticket, TicketThread } from '@relay/tickets';
import type { TicketThreadWriter } from '@relay/tickets';
import type { AuthorType, ConversationType } from './conversation.enums';
import { Conversation } from './conversation.entity';
import { toConversationResponse } from './conversation.mapper';
import type { ConversationResponse } from './dto/conversation.response';

declare module '@relay/events' {
  interface EventPayloads {
    'conversation.created': ConversationResponse;
  }
}

export interface NewEntry {
  type: ConversationType;
  body: string;
  authorType: AuthorType;
  authorId: string | null;
}

/**
 * Appends entries to a ticket's thread and records `conversation.created`, inside the caller's
 * transaction. The ticket-side effects (first response, reopening) are the caller's to apply;
 * a new ticket's description needs none, so the tickets module writes it through `open`, the
 * TicketThread port it declares and this module plugs into.
 */
@Injectable()
export class ConversationWriter implements TicketThreadWriter, OnModuleInit {
  constructor(
    private readonly outbox: EventOutbox,
    private readonly tx: TransactionRunner,
    private readonly thread: TicketThread,
  ) {}

  onModuleInit(): void {
    this.thread.bind(this);
  }

  /** The new entry, and the id of its `conversation.created` event. */
  async append(manager: EntityManager, actor: Actor, ticket: Ticket, entry: NewEntry): Promise<{ entry: Conversation; eventId: string }> {
    const now = new Date();
    const conversation = Object.assign(new Conversation(), {
      id: newId('cnv'),
      workspaceId: ticket.workspaceId,
      ticketId: ticket.id,
      ...entry,
      createdAt: now,
      updatedAt: now,
    });
    await this.tx.insert(manager, Conversation, conversation);
    const event = await this.outbox.append(manager, {
      workspaceId: ticket.workspaceId,
      actor,
      type: 'conversation.created',
      data: toConversationResponse(conversation),
    });
    return { entry: conversation, eventId: event.id };
  }

  async open(manager: EntityManager, actor: Actor, ticket: Ticket, body: string): Promise<void> {
    await this.append(manager, actor, ticket, { type: 'reply', body, authorType: 'customer', authorId: ticket.customerId });
  }
}
