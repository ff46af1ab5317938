import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { TransactionRunner } from '@relay/database';
import { EventOutbox } from '@relay/events';
import type { Actor } from '@relay/events';
import { TeamAssigner, TeamTickets, Turn } from '@relay/teams';
import { TicketTagger } from '../tags/ticket-tagger';
import { Ticket } from '../ticket.entity';
import { OPEN_STATUSES } from '../ticket.enums';
import type { TicketStatus } from '../ticket.enums';
import { ticketEvents } from '../ticket.events';
import { toTicketResponse } from '../ticket.mapper';
import { TicketsRepository } from '../tickets.repository';

/** A team's waiting tickets, oldest first. */
const NEXT_WAITING =
  "SELECT id FROM tickets WHERE workspace_id = ? AND team_id = ? AND assignee_id IS NULL AND status IN ('open', 'pending') ORDER BY created_at, id LIMIT 1";
/** Bounds one transaction's work: a team rarely frees more turns than this at once. */
const MAX_WAITING_PER_CHANGE = 500;

/** What a ticket was before a change, as routing weighs it. */
export interface RoutedState {
  assigneeId: string | null;
  status: TicketStatus;
}

/**
 * Automatic assignment on the tickets side (contract §10): a ticket left with a team whose
 * method is not `none`, no assignee and status open|pending takes the team's next turn in its
 * own transaction; a change that lowers an agent's load hands their capped teams' waiting
 * tickets out, oldest first, in the same transaction. Implements TeamTickets for the teams
 * module (a member added, a method or cap changed).
 *
 * Lock order (PostgreSQL): the ticket's row, then team assignment states in team id order, then
 * waiting tickets with SKIP LOCKED: a waiting ticket another transaction holds is routed by that
 * transaction itself once it has the state lock, so nobody waits on it in a cycle.
 */
@Injectable()
export class TicketRouting implements TeamTickets {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly repository: TicketsRepository,
    private readonly assigner: TeamAssigner,
    private readonly tagger: TicketTagger,
    private readonly outbox: EventOutbox,
  ) {}

  openCount(manager: EntityManager, workspaceId: string, teamId: string): Promise<number> {
    return this.repository.openCount(manager, workspaceId, teamId);
  }

  openAssigned(manager: EntityManager, workspaceId: string, userIds: string[]): Promise<Map<string, number>> {
    return this.repository.openAssigned(manager, workspaceId, userIds);
  }

  /**
   * Before a changed ticket is saved: locks what its routing needs, and assigns it if it now
   * waits for a turn (the turn taken, or null). `before`: the ticket as it was (null: new).
   * Answers the teams whose waiting tickets `release` must then look at.
   */
  async route(manager: EntityManager, ticket: Ticket, before: RoutedState | null): Promise<{ turn: Turn | null; freed: string[] }> {
    const waits = ticket.teamId !== null && ticket.assigneeId === null && OPEN_STATUSES.includes(ticket.status);
    const freed = before && this.releases(before, ticket) ? await this.cappedTeams(manager, ticket.workspaceId, before.assigneeId!) : [];
    await this.assigner.lock(manager, waits ? [ticket.teamId!, ...freed] : freed);
    if (!waits) return { turn: null, freed };
    const team = await this.assigner.team(manager, ticket.workspaceId, ticket.teamId!);
    const turn = team ? await this.assigner.next(manager, team) : null;
    if (turn) ticket.assigneeId = turn.userId;
    return { turn, freed };
  }

  /** After the change is saved: the freed teams' waiting tickets take the room it made. */
  async release(manager: EntityManager, actor: Actor, workspaceId: string, teamIds: string[]): Promise<void> {
    for (const teamId of teamIds) await this.assignWaiting(manager, actor, workspaceId, teamId);
  }

  /** A deleted ticket lowers its assignee's load like a resolved one. */
  async released(manager: EntityManager, actor: Actor, ticket: Ticket): Promise<void> {
    const before = { assigneeId: ticket.assigneeId, status: ticket.status };
    if (!this.releases(before, null)) return;
    const teams = await this.cappedTeams(manager, ticket.workspaceId, ticket.assigneeId!);
    await this.assigner.lock(manager, teams);
    await this.release(manager, actor, ticket.workspaceId, teams);
  }

  async assignWaiting(manager: EntityManager, actor: Actor, workspaceId: string, teamId: string): Promise<void> {
    const team = await this.assigner.team(manager, workspaceId, teamId);
    if (!team || team.assignmentMethod === 'none') return;
    await this.assigner.lock(manager, [team.id]);
    const nextWaiting = NEXT_WAITING + (this.tx.isPostgres ? ' FOR UPDATE SKIP LOCKED' : '');
    for (let i = 0; i < MAX_WAITING_PER_CHANGE; i++) {
      const [row] = await this.tx.query<{ id: string }>(manager, nextWaiting, [workspaceId, teamId]);
      if (!row) return;
      const turn = await this.assigner.next(manager, team);
      if (!turn) return;
      const [ticket] = await this.tx.select(manager, Ticket, 'id = ?', [row.id]);
      const [tagged] = await this.tagger.tagged(manager, [ticket]);
      const before = toTicketResponse(tagged);
      Object.assign(ticket, { assigneeId: turn.userId, updatedAt: new Date() });
      await this.tx.update(manager, Ticket, ticket, ['assigneeId', 'updatedAt']);
      await ticketEvents.changed(this.outbox, manager, actor, workspaceId, before, toTicketResponse(tagged), turn.method);
    }
  }

  /** Whether the change took an open|pending ticket off its assignee's load. */
  private releases(before: RoutedState, after: Ticket | null): boolean {
    if (before.assigneeId === null || !OPEN_STATUSES.includes(before.status)) return false;
    return after === null || after.assigneeId !== before.assigneeId || !OPEN_STATUSES.includes(after.status);
  }

  private async cappedTeams(manager: EntityManager, workspaceId: string, userId: string): Promise<string[]> {
    return (await this.assigner.cappedTeamsOf(manager, workspaceId, userId)).map((team) => team.id);
  }
}
