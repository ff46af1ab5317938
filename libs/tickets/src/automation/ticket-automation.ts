import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Port } from '@relay/common';
import type { Actor, Changes } from '@relay/events';
import type { TaggedTicket, Ticket } from '../ticket.entity';

/** The events that start a pass of the workspace's rules (contract §11). */
export type AutomationEvent = 'ticket.created' | 'ticket.updated' | 'conversation.created';

/** What started a pass: the event, who caused it, and what it carried. */
export interface AutomationTrigger {
  event: AutomationEvent;
  actor: Actor;
  /** The id of the event the caller's change appended (the run log's `trigger_event_id`). */
  eventId: string;
  /** `ticket.updated`: what the caller changed. */
  changes?: Changes;
  /** `conversation.created`: the new entry; `ticket.created`: the description as its first reply. */
  conversation?: { body: string; type: string; author_type: string } | null;
  /** The customer's email when the caller has it at hand (saves a read when rules look at it). */
  customerEmail?: string | null;
}

/** What the tickets module needs from whichever module runs rules. */
export interface TicketAutomationRunner {
  /**
   * One pass over `ticket` (locked by the caller's transaction) for `trigger`, inside that
   * transaction; `tags`: its tags when the caller has them (else read only if rules run).
   * Answers the ticket as the rules left it, or null when no rule changed it.
   */
  run(manager: EntityManager, ticket: Ticket, tags: string[] | null, trigger: AutomationTrigger): Promise<TaggedTicket | null>;
}

/**
 * The port the ticket and conversation write paths call at the end of their transaction, so
 * rules run inside it. The automation module (which depends on tickets, never the reverse)
 * binds its runner when it starts; an application without it runs no rules.
 */
@Injectable()
export class TicketAutomation extends Port<TicketAutomationRunner> {
  /** The pass over a ticket whose tags the caller read; answers the ticket as the rules left it. */
  async run(manager: EntityManager, tagged: TaggedTicket, trigger: AutomationTrigger): Promise<TaggedTicket> {
    if (!this.bound) return tagged;
    return (await this.owner.run(manager, tagged.ticket, tagged.tags, trigger)) ?? tagged;
  }

  /** The pass over a ticket whose tags the caller did not need (a new conversation entry). */
  async runOn(manager: EntityManager, ticket: Ticket, trigger: AutomationTrigger): Promise<void> {
    if (this.bound) await this.owner.run(manager, ticket, null, trigger);
  }
}
