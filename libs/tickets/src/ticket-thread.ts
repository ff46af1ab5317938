import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Port } from '@relay/common';
import type { Actor } from '@relay/events';
import type { Ticket } from './ticket.entity';

/** What the tickets module needs from whichever module keeps ticket threads. */
export interface TicketThreadWriter {
  /** Appends the customer's opening message, inside the creating transaction. */
  open(manager: EntityManager, actor: Actor, ticket: Ticket, body: string): Promise<void>;
}

/**
 * The port a new ticket's `description` is written through, so it becomes the first entry by
 * the same code as every other entry. Declared and provided here; the conversations module
 * (which depends on tickets, never the other way round) binds its writer when it starts.
 */
@Injectable()
export class TicketThread extends Port<TicketThreadWriter> {
  open(manager: EntityManager, actor: Actor, ticket: Ticket, body: string): Promise<void> {
    return this.owner.open(manager, actor, ticket, body);
  }
}
