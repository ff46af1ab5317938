import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import type { CursorPosition, SortOrder } from '@relay/common';
import { TransactionRunner } from '@relay/database';
import { TICKET_ROWID_MASK } from './ticket-search-rewriter';
import { ftsQuery } from '../listing/ticket-filters';
import { facetTsquery } from './postgres-facets';
import type { SearchFacets } from './search-facets';
import type { Ticket } from '../ticket.entity';

/** SQLite `ticket_search` rowids: (created_at >> 12) << 32 | ticket rowid (migration TicketSearchDocuments). */
const BUCKET_MS = 4096;
const MAX_BUCKET = 2 ** 31 - 1;
const MAX_CHUNK = 2000;
/** Search totals and first pages remembered per workspace and query, each valid for one search generation. */
const CACHED_TOTALS = 500;

/** A match in `ticket_search`: its rowid split into (bucket, ticket rowid). */
interface Hit {
  b: number;
  r: number;
}

/**
 * Ticket `q` search. `page` (SQLite) reads about a page of matches instead of all of them (see
 * migration TicketSearchDocuments): matches are walked in document-rowid order, which is creation order
 * by 4.096 s buckets; once a page is collected the current bucket is finished and the exact
 * (created_at, id) order restored among what was read — everything unread is in an older
 * bucket, so strictly older.
 *
 * The total is exact too: counted in the index, and remembered under the workspace's search
 * generation (bumped by the index's triggers on every change to its tickets' documents: text,
 * status, priority, tag links), so it is recounted only after a change. So are the hits behind a
 * first page searched by words (and facets) alone: while the workspace's documents stand still,
 * its matches and their order do too (created_at never changes), so a repeated search skips the
 * index and only reads its tickets afresh. Search facets (status, priority, tags: migration
 * TicketSearchFacets) are terms of the documents, so page and total with them are one FTS5
 * query each, the words' and the facets' posting lists intersected.
 * BigInt-sized rowids never reach JavaScript: they are split into (bucket, ticket rowid) in SQL.
 */
@Injectable()
export class TicketSearch {
  private readonly totals = new Map<string, { generation: number; total: number }>();
  private readonly firstPages = new Map<string, { generation: number; hits: Hit[] }>();
  private readonly crowding = new Map<string, { crowded: boolean; until: number }>();
  private readonly counting = new Map<string, Promise<{ total: number; clean: boolean }>>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
  ) {}

  /**
   * Up to `take` tickets of `candidates` (the listing's other filters, alias t) whose documents
   * match `words` and `facets`, following `after` in (created_at, id) `order`. `indexOnly`: the
   * candidates are all of the workspace's tickets, so a first page's hits may be remembered (see
   * the class comment).
   */
  async page(
    candidates: () => SelectQueryBuilder<Ticket>,
    load: (qb: SelectQueryBuilder<Ticket>) => Promise<Ticket[]>,
    workspaceId: string,
    words: string[],
    facets: SearchFacets,
    order: SortOrder,
    after: CursorPosition | undefined,
    take: number,
    indexOnly: boolean,
  ): Promise<Ticket[]> {
    const desc = order === 'desc';
    const sign = desc ? -1 : 1;
    const compare = (a: Ticket, value: number, id: string) =>
      sign * (a.createdAt.getTime() - value || (a.id < id ? -1 : a.id > id ? 1 : 0));
    const inOrder = (a: Ticket, b: Ticket) => compare(a, b.createdAt.getTime(), b.id);
    const key = indexOnly && !after ? `${workspaceId}\u0000${order}\u0000${take}\u0000${JSON.stringify([words, facets])}` : undefined;
    const state = key === undefined ? undefined : await this.generation(workspaceId);
    const known = key === undefined ? undefined : this.firstPages.get(key);
    if (known && known.generation === state?.generation)
      return (await load(this.tickets(candidates(), known.hits))).sort(inOrder).slice(0, take);

    // The candidates query keeps other workspaces out either way; matching the workspace in
    // the index only pays when others hold a good share of the matches.
    const match = ftsQuery(words, (await this.crowded(workspaceId)) ? workspaceId : undefined, facets);
    const walk = desc
      ? 'rowid < ((? << 32) | ?) AND rowid >= (? << 32) ORDER BY rowid DESC'
      : 'rowid > ((? << 32) | ?) AND rowid < (? << 32) ORDER BY rowid ASC';
    const sql = `SELECT rowid >> 32 AS b, rowid & ${TICKET_ROWID_MASK} AS r FROM ticket_search WHERE ticket_search MATCH ? AND ${walk} LIMIT ?`;
    // Where the walk stands, as (bucket, ticket rowid), exclusive; and the bucket it may not pass.
    const bucket = after ? Math.floor(after.value / BUCKET_MS) : undefined;
    let from = desc
      ? { b: bucket === undefined ? MAX_BUCKET : bucket + 1, r: 0 }
      : { b: bucket === undefined ? -1 : bucket - 1, r: TICKET_ROWID_MASK };
    let bound = desc ? -1 : MAX_BUCKET;
    const found: Ticket[] = [];
    const read: Hit[] = [];
    // Whether every chunk read committed data only (see `total`).
    let clean = state?.settled === true;
    // The cursor is checked here rather than in the chunk query: TypeORM writes numbers into the
    // SQL text, so a cursor condition would make every page a new statement to prepare.
    const follows = (ticket: Ticket) => !after || compare(ticket, after.value, after.id) > 0;
    // One hit more than a page: usually it lies in an older bucket than the page's last ticket,
    // which proves the page complete without reading on.
    for (let chunk = take + 1; ; chunk = Math.min(chunk * 4, MAX_CHUNK)) {
      const finishing = found.length >= take;
      const chunkRead = await this.tx.settledRead(() => this.tx.read<Hit>(sql, [match, from.b, from.r, bound, finishing ? -1 : chunk]));
      clean &&= chunkRead.settled;
      const hits = chunkRead.value;
      if (key !== undefined) read.push(...hits);
      if (hits.length) for (const ticket of await load(this.tickets(candidates(), hits))) if (follows(ticket)) found.push(ticket);
      if (finishing || hits.length < chunk) break;
      from = hits[hits.length - 1];
      if (found.length >= take) {
        // Unread matches are in `from`'s bucket or beyond it.
        const edge = Math.floor(found.sort(inOrder)[take - 1].createdAt.getTime() / BUCKET_MS);
        if (desc ? edge > from.b : edge < from.b) break;
        bound = desc ? from.b : from.b + 1;
      }
    }
    if (key !== undefined && state && clean) remember(this.firstPages, key, { generation: state.generation, hits: read });
    return found.sort(inOrder).slice(0, take);
  }

  /** Whether other workspaces hold at least half of all tickets (remembered for a minute: a hint, not a result). */
  private async crowded(workspaceId: string): Promise<boolean> {
    const known = this.crowding.get(workspaceId);
    if (known && known.until > Date.now()) return known.crowded;
    const [row] = await this.tx.read<{ crowded: number }>(
      'SELECT (SELECT COALESCE(SUM(ticket_count), 0) FROM ticket_status_counts WHERE workspace_id = ?) * 2 < ' +
        '(SELECT COALESCE(SUM(ticket_count), 0) FROM ticket_status_counts) AS crowded',
      [workspaceId],
    );
    if (this.crowding.size >= CACHED_TOTALS) this.crowding.clear();
    this.crowding.set(workspaceId, { crowded: Boolean(row.crowded), until: Date.now() + 60_000 });
    return Boolean(row.crowded);
  }

  /** Tickets of the workspace matching `words` and `facets`, exact. */
  async total(workspaceId: string, words: string[], facets: SearchFacets = {}): Promise<number> {
    const key = `${workspaceId}\u0000${JSON.stringify([words, facets])}`;
    // Read before counting: a change landing in between leaves a stale generation, never a stale total.
    const { generation, settled } = await this.generation(workspaceId);
    const cached = this.totals.get(key);
    if (cached?.generation === generation) return cached.total;
    // Requests arriving together for the same words and generation share one count: fifty
    // concurrent first searches must not run fifty full counts (PostgreSQL's pool ran dry).
    const flight = `${key}\u0000${generation}`;
    let counting = this.counting.get(flight);
    if (!counting) {
      counting = this.count(workspaceId, words, facets).finally(() => this.counting.delete(flight));
      this.counting.set(flight, counting);
    }
    const { total, clean } = await counting;
    if (settled && clean) remember(this.totals, key, { generation, total });
    return total;
  }

  /**
   * The workspace's search generation. `settled`: read outside any transaction. On SQLite, reads
   * share the writers' connection: what they see inside an open transaction may yet be rolled
   * back (and its generation number reused), so it is never remembered.
   */
  private async generation(workspaceId: string): Promise<{ generation: number; settled: boolean }> {
    const {
      value: [state],
      settled,
    } = await this.tx.settledRead(() =>
      this.tx.query<{ generation: number | string }>(
        this.dataSource.manager,
        'SELECT COALESCE(SUM(generation), 0) AS generation FROM ticket_search_generations WHERE workspace_id = ?',
        [workspaceId],
      ),
    );
    return { generation: Number(state.generation), settled };
  }

  /** The count, and whether it read only committed data (see `total`). */
  private async count(workspaceId: string, words: string[], facets: SearchFacets): Promise<{ total: number; clean: boolean }> {
    const { value: total, settled } = await this.tx.settledRead(() =>
      this.tx.isPostgres ? this.countPostgres(workspaceId, words, facets) : this.countSqlite(workspaceId, words, facets),
    );
    return { total, clean: settled };
  }

  /** One GIN bitmap over the words' and the facets' lexemes; the workspace is checked on the rows it finds. */
  private async countPostgres(workspaceId: string, words: string[], facets: SearchFacets): Promise<number> {
    const facetQuery = facetTsquery(facets);
    const match = [...words.map(() => `document @@ plainto_tsquery('simple', ?)`), ...(facetQuery ? ['document @@ ?::tsquery'] : [])].join(
      ' AND ',
    );
    const [row] = await this.tx.read<{ n: number | string }>(
      `SELECT count(*) AS n FROM ticket_search WHERE workspace_id = ? AND ${match}`,
      [workspaceId, ...words, ...(facetQuery ? [facetQuery] : [])],
    );
    return Number(row.n);
  }

  private async countSqlite(workspaceId: string, words: string[], facets: SearchFacets): Promise<number> {
    // When the workspace holds every ticket (the usual SQLite installation), counting the words
    // alone is exact and several times cheaper than also matching the workspace column.
    const [row] = await this.tx.read<{ n: number; alone: number }>(
      'SELECT (SELECT count(*) FROM ticket_search WHERE ticket_search MATCH ?) AS n, ' +
        '(SELECT COALESCE(SUM(ticket_count), 0) FROM ticket_status_counts WHERE workspace_id = ?) = ' +
        '(SELECT COALESCE(SUM(ticket_count), 0) FROM ticket_status_counts) AS alone',
      [ftsQuery(words, undefined, facets), workspaceId],
    );
    if (row.alone) return Number(row.n);
    const [scoped] = await this.tx.read<{ n: number }>('SELECT count(*) AS n FROM ticket_search WHERE ticket_search MATCH ?', [
      ftsQuery(words, workspaceId, facets),
    ]);
    return Number(scoped.n);
  }

  private tickets(qb: SelectQueryBuilder<Ticket>, hits: Hit[]): SelectQueryBuilder<Ticket> {
    return qb.andWhere(`${qb.alias}.rowid IN (SELECT value FROM json_each(:rowids))`, { rowids: JSON.stringify(hits.map((hit) => hit.r)) });
  }
}

/** Sets `key` as the most recent entry of `cache`, dropping the oldest beyond CACHED_TOTALS. */
function remember<T>(cache: Map<string, T>, key: string, value: T): void {
  cache.delete(key);
  cache.set(key, value);
  if (cache.size > CACHED_TOTALS) cache.delete(cache.keys().next().value!);
}
