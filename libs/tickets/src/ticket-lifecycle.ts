import type { Ticket } from './ticket.entity';
import type { TicketStatus } from './ticket.enums';

type StatusFields = Pick<Ticket, 'status' | 'resolvedAt' | 'closedAt' | 'firstResolvedAt' | 'firstClosedAt'>;

/**
 * The status timestamps after moving to `next` at `now` (contract §5):
 * - `resolved_at` is set on becoming resolved and cleared when the ticket is reopened (open or
 *   pending); closing a resolved ticket keeps it, so "when was it solved" survives closing.
 * - `closed_at` is set on becoming closed and cleared when the ticket leaves closed.
 * - `first_resolved_at` / `first_closed_at` are set once and never cleared (analytics).
 */
export function withStatus(current: StatusFields, next: TicketStatus, now: Date): StatusFields {
  const result = { ...current, status: next };
  if (next === current.status) return result;
  if (next === 'resolved') result.resolvedAt = now;
  else if (next === 'open' || next === 'pending') result.resolvedAt = null;
  result.closedAt = next === 'closed' ? now : null;
  if (next === 'resolved') result.firstResolvedAt ??= now;
  if (next === 'closed') result.firstClosedAt ??= now;
  return result;
}

/** The fields of a brand-new ticket created directly in `status`. */
export function initialStatus(status: TicketStatus, now: Date): StatusFields {
  return withStatus({ status: 'open', resolvedAt: null, closedAt: null, firstResolvedAt: null, firstClosedAt: null }, status, now);
}
