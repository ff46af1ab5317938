import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Port } from '@relay/common';
import type { Actor, Changes } from '@relay/events';
import type { TaggedTicket } from '../ticket.entity';

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
  /** Whether the workspace has enabled rules for `event` (answered without a query once known). */
  runs(manager: EntityManager, workspaceId: string, event: AutomationEvent): Promise<boolean>;
  /**
   * One pass over the ticket (locked by the caller's transaction) for `trigger`, inside that
   * transaction. Answers the ticket as the rules left it, or null when no rule changed it.
   */
  run(manager: EntityManager, tagged: TaggedTicket, trigger: AutomationTrigger): Promise<TaggedTicket | null>;
}

/**
 * The port the ticket write paths call at the end of their transaction, so rules run inside
 * it. The automation module (which depends on tickets, never the reverse) binds its runner when
 * it starts; an application without it runs no rules.
 */
@Injectable()
export class TicketAutomation extends Port<TicketAutomationRunner> {
  runs(manager: EntityManager, workspaceId: string, event: AutomationEvent): Promise<boolean> {
    return this.bound ? this.owner.runs(manager, workspaceId, event) : Promise.resolve(false);
  }

  /** The pass; answers the ticket as the rules left it (`tagged` itself when they changed nothing). */
  async run(manager: EntityManager, tagged: TaggedTicket, trigger: AutomationTrigger): Promise<TaggedTicket> {
    if (!this.bound) return tagged;
    return (await this.owner.run(manager, tagged, trigger)) ?? tagged;
  }
}
