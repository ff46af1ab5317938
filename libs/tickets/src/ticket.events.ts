import { EntityManager } from 'typeorm';
import { diff, EventOutbox } from '@relay/events';
import type { Actor } from '@relay/events';
import { TicketResponse } from './dto/ticket.response';

/** How a ticket got its assignee: by hand, or a team's automatic method (`ticket.assigned` context). */
export type AssignmentMethodName = 'manual' | 'round_robin' | 'least_loaded';

declare module '@relay/events' {
  interface EventPayloads {
    'ticket.created': TicketResponse;
    'ticket.updated': TicketResponse;
    'ticket.status_changed': TicketResponse;
    'ticket.deleted': TicketResponse;
    'ticket.assigned': TicketResponse;
  }
}

/** Fields whose changes `ticket.updated` reports; status has its own event. */
const TRACKED: (keyof TicketResponse)[] = ['subject', 'priority', 'tags', 'assignee_id', 'team_id'];
/** Fields whose change `ticket.assigned` reports too, after the `ticket.updated`. */
const ROUTING: (keyof TicketResponse)[] = ['team_id', 'assignee_id'];

/**
 * The ticket.* events, appended inside the transaction that made the change. A change of
 * status is reported by `ticket.status_changed` (changes.status) and every other change by
 * `ticket.updated`, so a PATCH of status and priority emits both, each with its own changes,
 * and no change is ever reported twice. A change of team or assignee is then reported again by
 * `ticket.assigned`, so "why did X get this ticket" is one event type to follow.
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
    method: AssignmentMethodName = 'manual',
  ): Promise<string | null> {
    const ids: string[] = [];
    if (before.status !== after.status) {
      const event = await outbox.append(manager, {
        workspaceId,
        actor,
        type: 'ticket.status_changed',
        data: after,
        changes: { status: { from: before.status, to: after.status } },
      });
      ids.push(event.id);
    }
    const changes = diff(before, after, TRACKED);
    if (Object.keys(changes).length) {
      ids.push((await outbox.append(manager, { workspaceId, actor, type: 'ticket.updated', data: after, changes })).id);
    }
    await ticketEvents.assigned(outbox, manager, actor, workspaceId, before, after, method);
    // The first event names the change (a run log's trigger_event_id); null when nothing was reported.
    return ids[0] ?? null;
  },

  /**
   * `ticket.assigned` with the team and assignee changes between `before` and `after`, if any,
   * and why: `context.method` (manual, or the team's method for a turn), the team, the rule.
   */
  async assigned(
    outbox: EventOutbox,
    manager: EntityManager,
    actor: Actor,
    workspaceId: string,
    before: TicketResponse,
    after: TicketResponse,
    method: AssignmentMethodName = 'manual',
  ): Promise<void> {
    const changes = diff(before, after, ROUTING);
    if (!Object.keys(changes).length) return;
    const context = { method, team_id: after.team_id, rule_id: actor.rule_id };
    await outbox.append(manager, { workspaceId, actor, type: 'ticket.assigned', data: after, changes, context });
  },

  deleted: (outbox: EventOutbox, manager: EntityManager, actor: Actor, workspaceId: string, ticket: TicketResponse) =>
    outbox.append(manager, { workspaceId, actor, type: 'ticket.deleted', data: ticket }),
};
