import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { flushBatched, TransactionRunner } from '@relay/database';
import { TagsService } from '@relay/tags';
import type { Ticket } from '../ticket.entity';
import type { TicketPriority, TicketStatus } from '../ticket.enums';

/** What a bulk load adds: links per tag, links per `${tagId} ${status} ${priority}`, tickets per `${status} ${priority}`. */
export interface BulkCounts {
  tags: Map<string, number>;
  tagStatuses: Map<string, number>;
  statuses: Map<string, number>;
}

/** What a ticket contributes to the counts: its status, priority and the tags it carries (absent: the tags it carries now). */
export interface CountedState {
  status: TicketStatus;
  priority: TicketPriority;
  tagIds?: string[];
}

/** The filters a maintained total answers: any statuses, any priorities (all when absent). */
export interface CountedFilters {
  status?: TicketStatus[];
  priority?: TicketPriority[];
}

/**
 * The maintained counts of tickets: `tags.ticket_count`, and behind `meta.total` (migrations
 * TicketListingPaths, TicketListingShapes) tickets per workspace × status × priority and tagged
 * tickets per tag × status × priority, plus
 * the copy of the ticket's status on its `ticket_tags` rows. Every write path calls `settle`
 * once, at the end of its transaction, with the state the ticket had before: the deltas are
 * added (`n = n + delta`) under the rows' locks, so concurrent writers never lose an update.
 *
 * Lock order (PostgreSQL): all counter rows are taken here, once per transaction — tags, then
 * tag × status, then workspace × status, each in key order — so two transactions never wait on
 * each other in a cycle (unlinking and linking as they went used to deadlock two requests
 * re-tagging tickets in opposite directions).
 */
@Injectable()
export class TicketCounts {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly tags: TagsService,
  ) {}

  /** The ticket's counted state as stored now (call before changing it). */
  async state(manager: EntityManager, ticket: Ticket): Promise<CountedState> {
    return { status: ticket.status, priority: ticket.priority, tagIds: await this.tagIds(manager, ticket.id) };
  }

  /**
   * Brings the counts and the `ticket_tags` status copies from `before` (null: a new ticket)
   * to the ticket as it is now (`deleted`: it is about to be deleted). `knownTagIds`: its tags
   * now, when the caller knows them, instead of reading them back.
   */
  async settle(
    manager: EntityManager,
    ticket: Ticket,
    before: CountedState | null,
    deleted = false,
    knownTagIds?: string[],
  ): Promise<void> {
    const tagIds = knownTagIds ?? (deleted && before?.tagIds ? before.tagIds : await this.tagIds(manager, ticket.id));
    const after = deleted ? null : { status: ticket.status, priority: ticket.priority, tagIds };
    if (after && before && before.status !== after.status) {
      await this.tx.query(manager, 'UPDATE ticket_tags SET status = ? WHERE ticket_id = ?', [after.status, ticket.id]);
    }
    const tagDeltas = new Map<string, number>();
    const tagStatusDeltas = new Map<string, number>();
    const statusDeltas = new Map<string, number>();
    for (const [state, sign] of [
      [before, -1],
      [after, 1],
    ] as const) {
      if (!state) continue;
      add(statusDeltas, `${state.status} ${state.priority}`, sign);
      for (const tagId of state.tagIds ?? tagIds) {
        add(tagDeltas, tagId, sign);
        add(tagStatusDeltas, `${tagId} ${state.status} ${state.priority}`, sign);
      }
    }
    await this.addBulk(manager, ticket.workspaceId, { tags: tagDeltas, tagStatuses: tagStatusDeltas, statuses: statusDeltas });
  }

  /**
   * Count deltas (a bulk load's, or one ticket's from settle) in the lock order: tags, then
   * tag × status × priority (`${tagId} ${status} ${priority}` keys), then workspace × status ×
   * priority (`${status} ${priority}` keys).
   */
  async addBulk(manager: EntityManager, workspaceId: string, counts: BulkCounts): Promise<void> {
    // The unit's batched rows (its events) first: the counter rows stay locked from here to the commit.
    await flushBatched(manager);
    for (const [tagId, delta] of sorted(counts.tags)) await this.tags.adjustCounts(manager, [tagId], delta);
    for (const [key, delta] of sorted(counts.tagStatuses)) {
      const [tagId, status, priority] = key.split(' ');
      await this.bump(manager, 'tag_status_counts', 'tag_id', tagId, status, priority, delta);
    }
    for (const [key, delta] of sorted(counts.statuses)) {
      const [status, priority] = key.split(' ');
      await this.bump(manager, 'ticket_status_counts', 'workspace_id', workspaceId, status, priority, delta);
    }
  }

  /** Tickets of the workspace matching `filters`. */
  workspaceTotal(workspaceId: string, filters: CountedFilters): Promise<number> {
    return this.total('ticket_status_counts', 'workspace_id', workspaceId, filters);
  }

  /** Tickets carrying the tag and matching `filters`. */
  tagTotal(tagId: string, filters: CountedFilters): Promise<number> {
    return this.total('tag_status_counts', 'tag_id', tagId, filters);
  }

  /** The workspace's tickets per `${status} ${priority}`. */
  workspaceShares(workspaceId: string): Promise<Map<string, number>> {
    return this.shares('ticket_status_counts', 'workspace_id', workspaceId);
  }

  /** The tag's tickets per `${status} ${priority}`. */
  tagShares(tagId: string): Promise<Map<string, number>> {
    return this.shares('tag_status_counts', 'tag_id', tagId);
  }

  private async shares(table: string, keyColumn: string, key: string): Promise<Map<string, number>> {
    // Summed: on PostgreSQL the workspace's counts are spread over slots (see bump).
    const sql = `SELECT status, priority, SUM(ticket_count) AS n FROM ${table} WHERE ${keyColumn} = ? GROUP BY status, priority`;
    const rows = await this.tx.query<{ status: string; priority: string; n: number | string }>(this.dataSource.manager, sql, [key]);
    return new Map(rows.map((row) => [`${row.status} ${row.priority}`, Number(row.n)]));
  }

  private async total(table: string, keyColumn: string, key: string, { status, priority }: CountedFilters): Promise<number> {
    const inList = (column: string, values?: string[]) => (values ? ` AND ${column} IN (${values.map(() => '?').join(', ')})` : '');
    const sql = `SELECT COALESCE(SUM(ticket_count), 0) AS n FROM ${table} WHERE ${keyColumn} = ?${inList('status', status)}${inList('priority', priority)}`;
    const params = [key, ...(status ?? []), ...(priority ?? [])];
    const [row] = await this.tx.query<{ n: number | string }>(this.dataSource.manager, sql, params);
    return Number(row.n);
  }

  private async tagIds(manager: EntityManager, ticketId: string): Promise<string[]> {
    const rows = await this.tx.query<{ tag_id: string }>(manager, 'SELECT tag_id FROM ticket_tags WHERE ticket_id = ?', [ticketId]);
    return rows.map((row) => row.tag_id);
  }

  private async bump(
    manager: EntityManager,
    table: string,
    keyColumn: string,
    key: string,
    status: string,
    priority: string,
    delta: number,
  ): Promise<void> {
    // PostgreSQL: a workspace's count is a row per slot (migration PostgresCounterSlots), this
    // connection's, so concurrent creates do not commit one at a time behind one locked row.
    const slotted = this.tx.isPostgres && table === 'ticket_status_counts';
    const [slotColumn, slot] = slotted ? [', slot', `, ${SLOT}`] : ['', ''];
    await this.tx.query(
      manager,
      `INSERT INTO ${table} (${keyColumn}, status, priority${slotColumn}, ticket_count) VALUES (?, ?, ?${slot}, ?) ` +
        `ON CONFLICT (${keyColumn}, status, priority${slotColumn}) DO UPDATE SET ticket_count = ${table}.ticket_count + excluded.ticket_count`,
      [key, status, priority, delta],
    );
  }
}

/** The slot a PostgreSQL connection moves (as the listing version's trigger, migration PostgresCounterSlots). */
const SLOT = 'pg_backend_pid() % 16';

function add(deltas: Map<string, number>, key: string, delta: number): void {
  deltas.set(key, (deltas.get(key) ?? 0) + delta);
}

/** Non-zero deltas in key order (the lock order). */
function sorted(deltas: Map<string, number>): [string, number][] {
  return [...deltas].filter(([, delta]) => delta !== 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
