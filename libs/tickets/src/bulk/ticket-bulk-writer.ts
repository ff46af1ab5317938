import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { BulkTable, bulkInsert, TransactionRunner } from '@relay/database';
import { TicketListingVersions } from '../cache/ticket-listing-versions';
import { BulkCounts, TicketCounts } from '../counts/ticket-counts';

const V = 'varchar';
const B = 'bigint';

export const TICKET_BULK_COLUMNS = [
  'id',
  'workspace_id',
  'number',
  'subject',
  'status',
  'priority',
  'channel',
  'customer_id',
  'assignee_id',
  'external_id',
  'created_at',
  'updated_at',
  'first_response_at',
  'resolved_at',
  'closed_at',
  'first_resolved_at',
  'first_closed_at',
] as const;
export const TICKET_TAG_BULK_COLUMNS = ['ticket_id', 'tag_id', 'workspace_id', 'status', 'created_at', 'priority', 'updated_at'] as const;

const TICKETS: BulkTable = { name: 'tickets', columns: TICKET_BULK_COLUMNS, pgTypes: [V, V, B, V, V, V, V, V, V, V, B, B, B, B, B, B, B] };
const TICKET_TAGS: BulkTable = { name: 'ticket_tags', columns: TICKET_TAG_BULK_COLUMNS, pgTypes: [V, V, V, V, B, V, B] };

/**
 * The triggers on the tables a ticket bulk load writes (tickets, their conversations, their tag
 * links) whose work the load does itself (migrations TicketListingVersions, TicketListingCustomers,
 * TicketSearchDocumentsPostgres, TicketSearchFacetsPostgres): the listing version (bumpListingVersion)
 * and the search documents (indexForSearch).
 */
const REPLACEABLE_TRIGGERS = `tgname NOT LIKE 'ticket\\_listing\\_version\\_%' AND tgname NOT IN ('ticket_search_ai', 'ticket_search_au', 'ticket_search_ad', 'ticket_search_aud', 'ticket_tags_copy', 'ticket_search_filters', 'ticket_search_tags_ai', 'ticket_search_tags_ad')`;

/**
 * Bulk loads of tickets (the demo seeder): multi-row inserts and the maintained state that
 * follows them — numbers, counts, the listing version, search documents — written the way the
 * ticket write path keeps them, inside the caller's transaction. No events.
 */
@Injectable()
export class TicketBulkWriter {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly counts: TicketCounts,
    private readonly versions: TicketListingVersions,
  ) {}

  /** Reserves `count` consecutive numbers on the workspace's counter; returns the first. */
  async reserveNumbers(manager: EntityManager, workspaceId: string, count: number): Promise<number> {
    await this.tx.query(manager, 'INSERT INTO ticket_counters (workspace_id, value) VALUES (?, 0) ON CONFLICT (workspace_id) DO NOTHING', [
      workspaceId,
    ]);
    await this.tx.query(manager, 'UPDATE ticket_counters SET value = value + ? WHERE workspace_id = ?', [count, workspaceId]);
    const [{ value }] = await this.tx.query<{ value: number | string }>(
      manager,
      'SELECT value FROM ticket_counters WHERE workspace_id = ?',
      [workspaceId],
    );
    return Number(value) - count + 1;
  }

  /** Rows in TICKET_BULK_COLUMNS order. */
  insertTickets(manager: EntityManager, rows: unknown[][]): Promise<void> {
    return bulkInsert(manager, this.tx.isPostgres, TICKETS, rows);
  }

  /** Rows in TICKET_TAG_BULK_COLUMNS order. */
  insertTagLinks(manager: EntityManager, rows: unknown[][]): Promise<void> {
    return bulkInsert(manager, this.tx.isPostgres, TICKET_TAGS, rows);
  }

  /** The counts a batch adds (tags, listing totals), then the listing version, so no server keeps a page rendered before it. */
  async addCounts(manager: EntityManager, workspaceId: string, counts: BulkCounts): Promise<void> {
    await this.counts.addBulk(manager, workspaceId, counts);
    await this.versions.bump(manager, workspaceId);
  }

  /**
   * PostgreSQL: whether every trigger on the loaded tables is one whose work the load does itself,
   * so a load may skip them all (`session_replication_role = replica`).
   */
  async triggersReplaceable(): Promise<boolean> {
    const [{ n }] = await this.dataSource.query(
      `SELECT COUNT(*) AS n FROM pg_trigger WHERE NOT tgisinternal AND tgrelid IN ('tickets'::regclass, 'conversations'::regclass, 'ticket_tags'::regclass) AND ${REPLACEABLE_TRIGGERS}`,
    );
    return Number(n) === 0;
  }

  /**
   * What the search triggers (migrations TicketSearchDocumentsPostgres, TicketSearchFacetsPostgres)
   * do for new tickets, when replica mode skips them: each ticket's document, its subject and
   * whole thread (`texts`, by ticket id) and its status, priority and tags (so after its tag
   * links), written once, and the workspace's search generation moved, so no search total
   * counted before the batch is served after it.
   */
  async indexForSearch(manager: EntityManager, workspaceId: string, texts: Map<unknown, string>): Promise<void> {
    await manager.query(
      `INSERT INTO ticket_search (ticket_id, workspace_id, document)
       SELECT d.id, $1, to_tsvector('simple', d.text) || ticket_search_facets(t.status, t.priority, coalesce(g.tag_ids, '{}'))
       FROM unnest($2::varchar[], $3::text[]) AS d (id, text)
       JOIN tickets t ON t.id = d.id
       LEFT JOIN (SELECT ticket_id, array_agg(tag_id) AS tag_ids FROM ticket_tags WHERE ticket_id = ANY($2) GROUP BY ticket_id) g ON g.ticket_id = d.id`,
      [workspaceId, [...texts.keys()], [...texts.values()]],
    );
    await manager.query('SELECT ticket_search_bump($1)', [workspaceId]);
  }

  /** PostgreSQL: fresh planner statistics for the tables a load wrote. */
  async analyze(): Promise<void> {
    await this.dataSource.query('ANALYZE tickets, ticket_tags, ticket_search');
  }
}
