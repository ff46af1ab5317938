import type { TaggedTicket } from '@relay/tickets';
import type { TicketSnapshot } from '../engine';

/** The ticket as rules see it: its fields, its tags and its customer's email. */
export function snapshotOf({ ticket, tags }: TaggedTicket, customerEmail: string | null): TicketSnapshot {
  return {
    id: ticket.id,
    status: ticket.status,
    priority: ticket.priority,
    channel: ticket.channel,
    subject: ticket.subject,
    tags,
    assignee_id: ticket.assigneeId,
    team_id: ticket.teamId,
    customer_email: customerEmail,
  };
}
