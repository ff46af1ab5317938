/** The ticket values analytics breaks down by (contract §5 Tickets). */
export const TICKET_STATUSES = ['open', 'pending', 'resolved', 'closed'] as const;
export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const TICKET_CHANNELS = ['api', 'email', 'web', 'chat', 'phone'] as const;
