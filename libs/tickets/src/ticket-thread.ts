import { EntityManager } from 'typeorm';
import type { Ticket } from './ticket.entity';

/**
 * Writes a ticket's conversation entries. Declared here, implemented by the conversations
 * module (which depends on tickets, not the other way round), so a new ticket's `description`
 * becomes its first entry through the same code as every other entry.
 */
export abstract class TicketThread {
  /** Appends the customer's opening message, inside the creating transaction. */
  abstract open(manager: EntityManager, ticket: Ticket, body: string): Promise<void>;
}
