/** Contract §5 enums of tickets. */
export const TICKET_STATUSES = ['open', 'pending', 'resolved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];

export const TICKET_CHANNELS = ['api', 'email', 'web', 'chat', 'phone'] as const;
export type TicketChannel = (typeof TICKET_CHANNELS)[number];

/** The statuses that count as work in hand: a team's backlog, an agent's load. */
export const OPEN_STATUSES: TicketStatus[] = ['open', 'pending'];
