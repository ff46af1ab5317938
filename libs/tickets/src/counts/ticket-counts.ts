import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { TransactionRunner } from '@relay/database';
import { TagsService } from '@relay/tags';
import type { Ticket } from '../ticket.entity';
import type { TicketStatus } from '../ticket.enums';

/** What a bulk load adds: links per tag, links per `${tagId} ${status}`, tickets per status. */
export interface BulkCounts {
  tags: Map<string, number>;
  tagStatuses: Map<string, number>;
  statuses: Map<string, number>;
}

/** What a ticket contributes to the counts: its status and the tags it carries (absent: the tags it carries now). */
export interface CountedState {
  status: TicketStatus;
  tagIds?: string[];
}

/**
 * The maintained counts of tickets: `tags.ticket_count`, and behind `meta.total` (migration
 * TicketListingPaths) tickets per workspace × status and tagged tickets per tag × status, plus
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
    return { status: ticket.status, tagIds: await this.tagIds(manager, ticket.id) };
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
    const after = deleted ? null : { status: ticket.status, tagIds };
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
      add(statusDeltas, state.status, sign);
      for (const tagId of state.tagIds ?? tagIds) {
        add(tagDeltas, tagId, sign);
        add(tagStatusDeltas, `${tagId}\u0000${state.status}`, sign);
      }
    }
    for (const [tagId, delta] of sorted(tagDeltas)) await this.tags.adjustCounts(manager, [tagId], delta);
    for (const [key, delta] of sorted(tagStatusDeltas)) {
      const [tagId, status] = key.split('\u0000');
      await this.bump(manager, 'tag_status_counts', 'tag_id', tagId, status, delta);
    }
    for (const [status, delta] of sorted(statusDeltas)) {
      await this.bump(manager, 'ticket_status_counts', 'workspace_id', ticket.workspaceId, status, delta);
    }
  }

  /**
   * A bulk load's counts (tickets inserted with their links, no events), in settle's lock order:
   * tags, then tag × status (`${tagId} ${status}` keys), then workspace × status.
   */
  async addBulk(manager: EntityManager, workspaceId: string, counts: BulkCounts): Promise<void> {
    for (const [tagId, delta] of sorted(counts.tags)) await this.tags.adjustCounts(manager, [tagId], delta);
    for (const [key, delta] of sorted(counts.tagStatuses)) {
      const [tagId, status] = key.split(' ');
      await this.bump(manager, 'tag_status_counts', 'tag_id', tagId, status, delta);
    }
    for (const [status, delta] of sorted(counts.statuses))
      await this.bump(manager, 'ticket_status_counts', 'workspace_id', workspaceId, status, delta);
  }

  /** Tickets of the workspace with one of `statuses` (all statuses when absent). */
  workspaceTotal(workspaceId: string, statuses?: TicketStatus[]): Promise<number> {
    return this.total('ticket_status_counts', 'workspace_id', workspaceId, statuses);
  }

  /** Tickets carrying the tag, with one of `statuses` (all when absent). */
  tagTotal(tagId: string, statuses?: TicketStatus[]): Promise<number> {
    return this.total('tag_status_counts', 'tag_id', tagId, statuses);
  }

  private async total(table: string, keyColumn: string, key: string, statuses?: TicketStatus[]): Promise<number> {
    const inList = statuses ? ` AND status IN (${statuses.map(() => '?').join(', ')})` : '';
    const sql = `SELECT COALESCE(SUM(ticket_count), 0) AS n FROM ${table} WHERE ${keyColumn} = ?${inList}`;
    const [row] = await this.tx.query<{ n: number | string }>(this.dataSource.manager, sql, [key, ...(statuses ?? [])]);
    return Number(row.n);
  }

  private async tagIds(manager: EntityManager, ticketId: string): Promise<string[]> {
    const rows = await this.tx.query<{ tag_id: string }>(manager, 'SELECT tag_id FROM ticket_tags WHERE ticket_id = ?', [ticketId]);
    return rows.map((row) => row.tag_id);
  }

  private async bump(manager: EntityManager, table: string, keyColumn: string, key: string, status: string, delta: number): Promise<void> {
    await this.tx.query(
      manager,
      `INSERT INTO ${table} (${keyColumn}, status, ticket_count) VALUES (?, ?, ?) ` +
        `ON CONFLICT (${keyColumn}, status) DO UPDATE SET ticket_count = ${table}.ticket_count + excluded.ticket_count`,
      [key, status, delta],
    );
  }
}

function add(deltas: Map<string, number>, key: string, delta: number): void {
  deltas.set(key, (deltas.get(key) ?? 0) + delta);
}

/** Non-zero deltas in key order (the lock order). */
function sorted(deltas: Map<string, number>): [string, number][] {
  return [...deltas].filter(([, delta]) => delta !== 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
