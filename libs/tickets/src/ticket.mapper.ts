import { iso } from '@relay/common';
import { TicketResponse } from './dto/ticket.response';
import { TaggedTicket } from './ticket.entity';

export function toTicketResponse({ ticket, tags }: TaggedTicket): TicketResponse {
  return {
    id: ticket.id,
    number: ticket.number,
    subject: ticket.subject,
    status: ticket.status,
    priority: ticket.priority,
    tags,
    customer_id: ticket.customerId,
    assignee_id: ticket.assigneeId,
    channel: ticket.channel,
    external_id: ticket.externalId,
    created_at: iso(ticket.createdAt),
    updated_at: iso(ticket.updatedAt),
    first_response_at: iso(ticket.firstResponseAt),
    resolved_at: iso(ticket.resolvedAt),
    closed_at: iso(ticket.closedAt),
    team_id: ticket.teamId,
  };
}
