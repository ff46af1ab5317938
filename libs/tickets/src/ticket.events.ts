import { EntityManager } from 'typeorm';
import { diff, EventOutbox } from '@relay/events';
import type { Actor } from '@relay/events';
import { TicketResponse } from './dto/ticket.response';

declare module '@relay/events' {
  interface EventPayloads {
    'ticket.created': TicketResponse;
    'ticket.updated': TicketResponse;
    'ticket.status_changed': TicketResponse;
    'ticket.deleted': TicketResponse;
  }
}

/** Fields whose changes `ticket.updated` reports; status has its own event. */
const TRACKED: (keyof TicketResponse)[] = ['subject', 'priority', 'tags', 'assignee_id'];

/**
 * The ticket.* events, appended inside the transaction that made the change. A change of
 * status is reported by `ticket.status_changed` (changes.status) and every other change by
 * `ticket.updated`, so a PATCH of status and priority emits both, each with its own changes,
 * and no change is ever reported twice.
 */
export const ticketEvents = {
  created: (outbox: EventOutbox, manager: EntityManager, actor: Actor, workspaceId: string, ticket: TicketResponse) =>
    outbox.append(manager, { workspaceId, actor, type: 'ticket.created', data: ticket }),

  async changed(
    outbox: EventOutbox,
    manager: EntityManager,
    actor: Actor,
    workspaceId: string,
    before: TicketResponse,
    after: TicketResponse,
  ): Promise<void> {
    if (before.status !== after.status) {
      await outbox.append(manager, {
        workspaceId,
        actor,
        type: 'ticket.status_changed',
        data: after,
        changes: { status: { from: before.status, to: after.status } },
      });
    }
    const changes = diff(before, after, TRACKED);
    if (Object.keys(changes).length) await outbox.append(manager, { workspaceId, actor, type: 'ticket.updated', data: after, changes });
  },

  deleted: (outbox: EventOutbox, manager: EntityManager, actor: Actor, workspaceId: string, ticket: TicketResponse) =>
    outbox.append(manager, { workspaceId, actor, type: 'ticket.deleted', data: ticket }),
};
