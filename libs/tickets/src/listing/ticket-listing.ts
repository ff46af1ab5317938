import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { CursorPosition, envelope, EnvelopedJson, KeysetPaginator, ListQueryDto, Page, PaginateOptions } from '@relay/common';
import { TransactionRunner } from '@relay/database';
import { TicketSearchRewriter } from '../search/ticket-search-rewriter';
import { TagsService } from '@relay/tags';
import type { Principal } from '@relay/auth';
import { ListTicketsQuery } from '../dto/list-tickets.query';
import { TicketsCache } from '../cache/tickets-cache';
import { TicketCounts } from '../counts/ticket-counts';
import { TicketSearch } from '../search/ticket-search';
import { facetTsquery } from '../search/postgres-facets';
import { afterFields, applyTicketFilters, ftsQuery, MATCHED_WORDS, PROBED_WORDS, TicketFilters, ticketFilters } from './ticket-filters';
import type { SearchFacets } from '../search/search-facets';
import { TicketTag } from '../tags/ticket-tag.entity';
import { TicketTagger } from '../tags/ticket-tagger';
import { TaggedTicket, Ticket } from '../ticket.entity';
import { toTicketResponse } from '../ticket.mapper';
import { TICKET_PRIORITIES, TICKET_STATUSES } from '../ticket.enums';

const FROM_TICKETS = 'FROM "tickets" "t"';
/**
 * SQLite, in time against a ticket fetched by rowid (see probeWords; measured at 1M): a ticket
 * walked in an index range with its search document looked up, and a posting read in the index.
 */
const PROBE_COST = 4;
const POSTING_COST = 0.01;
/** PostgreSQL: a search document probed by ticket id (fetched, detoasted, matched) against a GIN match read, in time (see facetedPostgres). */
const PG_PROBE_COST = 3;
/** The status and priority list conditions of a listing (applyTicketFilters, or on the tag links). */
/** How much more than its share of the page a status × priority range reads at first (see loader). */
const SHARE_SLACK = 1.5;
const LIST_FILTERS = /^tt?\.(status|priority) IN \(:\.\.\.(status|priority)\)$/;

/** A `q` listing's status, priority and tag filters as search facets, and the tickets they leave (see searchScope). */
interface SearchScope {
  facets: SearchFacets;
  candidates: () => Promise<number>;
}

/** A listing's query, how to order it, and where its total comes from. */
interface TicketSource {
  qb: SelectQueryBuilder<Ticket>;
  options: PaginateOptions<Ticket>;
}

/**
 * `GET /tickets` (and the export's batches): picks the access path for the filters so a page
 * costs the same at 10k tickets as at 1M.
 * - No tag: the tickets indexes `(workspace_id, created_at|updated_at, id)`, keyset as a range;
 *   with a status and/or priority filter, one range of `(workspace_id, status, priority,
 *   created_at|updated_at, id)` per status × priority pair, merged (see loader).
 * - Tags: driven from `ticket_tags` of the rarest requested tag, in its `(tag_id, [status,
 *   priority,] created_at|updated_at, ticket_id)` index order (the link copies all four), the
 *   other tags checked per row by primary key. An unknown tag name is an empty listing.
 * - `q` on SQLite: status, priority and tags are terms of the search documents too (search
 *   facets), so the search index intersects them with the words. By created_at TicketSearch
 *   walks the index in page order; by updated_at, the ranges above with each ticket's document
 *   looked up, or every match of words and facets read and sorted, whichever reads less
 *   (probeWords). On PostgreSQL the words are one probe of the ticket's search document per row;
 *   with status, priority or tags, the same walk or the GIN index's matches, whichever reads
 *   less (facetedPostgres).
 * - `meta.total`: read from the maintained counts when the filters are only status, priority
 *   and/or one tag; counted in the search index when they are `q` with only those (SQLite);
 *   otherwise counted over the same access path, once per listing version.
 * Measured shape by shape with `npm run bench:shapes` (docs/performance.md).
 */
@Injectable()
export class TicketListing {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly paginator: KeysetPaginator,
    private readonly tagger: TicketTagger,
    private readonly counts: TicketCounts,
    private readonly search: TicketSearch,
    private readonly rewriter: TicketSearchRewriter,
    private readonly tags: TagsService,
    private readonly cache: TicketsCache,
  ) {}

  private columnAliases?: (readonly [ColumnMetadata, string])[];

  /** The page as the API answers it, enveloped JSON, from the cache when a current one is kept. */
  async rendered(principal: Principal, query: ListTicketsQuery): Promise<EnvelopedJson> {
    const render = async () => JSON.stringify(envelope((await this.list(principal, query)).map(toTicketResponse)));
    return new EnvelopedJson(await this.cache.page(principal.workspaceId, query, render));
  }

  async list(principal: Principal, query: ListTicketsQuery): Promise<Page<TaggedTicket>> {
    const page = await this.page(principal.workspaceId, ticketFilters(query), query, 'tickets');
    return new Page(await this.tagger.tagged(this.dataSource.manager, page.items), page.meta);
  }

  /** One page of the export's batches: no total needed. */
  batch(workspaceId: string, filters: TicketFilters, position: ListQueryDto): Promise<Page<Ticket>> {
    return this.page(workspaceId, filters, position, 'tickets-export', async () => 0);
  }

  private async page(
    workspaceId: string,
    filters: TicketFilters,
    query: ListQueryDto,
    resource: string,
    count?: () => Promise<number>,
  ): Promise<Page<Ticket>> {
    const words = filters.words;
    if (words) await this.rewriter.catchUp();
    if (!words || this.tx.isPostgres) return this.paged(workspaceId, filters, query, resource, count);
    // SQLite: the status, priority and tag filters are terms of the search documents (migration
    // TicketSearchFacets). Null: a tag filter names no tag, an empty listing (see source).
    const scope = await this.searchScope(workspaceId, filters);
    if (!scope) return this.paged(workspaceId, filters, query, resource, count);
    const { facets } = scope;
    // The search index answers alone, page and total, when those are the only other filters.
    const indexed = only(filters, 'words', 'status', 'priority', 'tags');
    const total = count ?? (indexed ? () => this.search.total(workspaceId, words, facets) : undefined);
    const matched = ftsQuery(words, undefined, facets);
    const probe = indexed && query.sort === 'created_at' ? false : await this.probeWords(workspaceId, words, scope, query.limit);
    if (query.sort === 'created_at' && !probe) {
      // The index walk is the word and facet filter; the other filters are checked on the tickets it finds.
      const rest = { ...filters, words: undefined, status: undefined, priority: undefined, tags: undefined };
      const { qb: candidates } = await this.source(workspaceId, rest);
      const counted =
        total ??
        (async () => {
          const { qb, options } = await this.source(workspaceId, filters);
          return options.count ? options.count() : this.countRows(workspaceId, qb, false, matched);
        });
      const fetch = (after: CursorPosition | undefined, take: number) =>
        this.search.page(
          () => candidates.clone(),
          (qb) => this.load(qb, true),
          workspaceId,
          words,
          facets,
          query.order,
          after,
          take,
          indexed,
        );
      return this.paginator.paginateWith(query, resource, { ...filters }, fetch, counted);
    }
    if (indexed && !probe) {
      // Every match of the words and facets, each ticket fetched by rowid, sorted by updated_at.
      const qb = this.dataSource.manager
        .createQueryBuilder(Ticket, 't')
        .where('t.workspaceId = :ws', { ws: workspaceId })
        .andWhere(MATCHED_WORDS, { q: matched });
      const load = (page: SelectQueryBuilder<Ticket>) => this.load(page, true);
      return this.paginator.paginate(qb, query, resource, { ...filters }, { load, count: total, after: afterFields(filters) });
    }
    return this.paged(workspaceId, filters, query, resource, total, probe, matched);
  }

  /**
   * A page read through `source`: the tickets indexes, or the tag links. `matched` (SQLite): the
   * FTS5 query of the words and facets, for a query (or count) that starts from the matches: the
   * index then leaves out what the status, priority and tag filters would, before any join.
   */
  private async paged(
    workspaceId: string,
    filters: TicketFilters,
    query: ListQueryDto,
    resource: string,
    count?: () => Promise<number>,
    probe = false,
    matched?: string,
  ): Promise<Page<Ticket>> {
    const faceted = filters.words && this.tx.isPostgres && (filters.status || filters.priority || filters.tags);
    const { qb, options } = faceted
      ? await this.facetedPostgres(workspaceId, filters, query.limit)
      : await this.source(workspaceId, filters, probe);
    if (matched !== undefined && !probe) qb.setParameter('q', matched);
    const countRows = (all: typeof qb) => this.countRows(workspaceId, all, probe, matched);
    return this.paginator.paginate(
      qb,
      query,
      resource,
      { ...filters },
      { ...options, ...(count ? { count } : {}), countRows, after: afterFields(filters) },
    );
  }

  /**
   * The status, priority and tag filters as search facets, and the tickets they leave by the
   * maintained counts (of the rarest tag when tags are asked): the most a walk in page order
   * reads. Null when a tag filter names no tag: an empty listing (see source).
   */
  private async searchScope(workspaceId: string, filters: TicketFilters): Promise<SearchScope | null> {
    const { status, priority } = filters;
    if (!filters.tags) return { facets: { status, priority }, candidates: () => this.counts.workspaceTotal(workspaceId, filters) };
    const tags = await this.tags.countsByNameKeys(workspaceId, filters.tags);
    if (tags.length < filters.tags.length) return null;
    const rarest = tags.reduce((a, b) => (b.ticketCount < a.ticketCount ? b : a));
    return {
      facets: { status, priority, tagIds: tags.map((tag) => tag.id).sort() },
      candidates: () => this.counts.tagTotal(rarest.id, filters),
    };
  }

  /**
   * SQLite, words: whether to walk the other filters' indexes in page order and look each
   * ticket's document up (about a page's share of the matches read), rather than start from the
   * matches (the search index's walk by created_at, every match sorted by updated_at). The walk
   * is estimated from the exact matches of the words and facets against the tickets the status,
   * priority and rarest tag filters leave (maintained counts), which bound it. Starting from the
   * matches reads the words' whole posting list whatever the facets leave of it (FTS5 skips
   * little in lists as dense as a status's), then fetches every match of words and facets.
   * Both counts are remembered per search generation.
   */
  private async probeWords(workspaceId: string, words: string[], scope: SearchScope, limit: number): Promise<boolean> {
    const [matches, read, candidates] = await Promise.all([
      this.search.total(workspaceId, words, scope.facets),
      this.search.total(workspaceId, words),
      scope.candidates(),
    ]);
    return walked(candidates, matches, limit) * PROBE_COST < read * POSTING_COST + matches;
  }

  /**
   * PostgreSQL, words with status, priority and/or tags: the search documents carry those as
   * lexemes (migration TicketSearchFacetsPostgres), so the exact matches are one GIN
   * intersection. Their count is `meta.total` when nothing else filters (remembered per search
   * generation, TicketSearch.total), and it picks the page's path: walking the status × priority
   * (× rarest tag) ranges in page order with each ticket's document probed (about a page's share
   * of the candidates read: good when matches are dense), or starting from every match and
   * sorting them (good when they are few) — whichever reads less, a probe costing about
   * PG_PROBE_COST match reads. Other filters are checked on the tickets either path reads, and
   * with them the total is counted from the matches too.
   */
  private async facetedPostgres(workspaceId: string, filters: TicketFilters, limit: number): Promise<TicketSource> {
    const words = filters.words!;
    const scope = await this.searchScope(workspaceId, filters);
    // An unknown tag: the walk's source answers the empty listing.
    if (!scope) return this.source(workspaceId, filters);
    const { facets } = scope;
    const [matches, candidates] = await Promise.all([this.search.total(workspaceId, words, facets), scope.candidates()]);
    // An array, not `IN (subquery)`: beside a semi-join the planner, misjudging how many match,
    // walked the tickets in page order probing each document (2.2 s at 100k for no match).
    const fromMatches = this.dataSource.manager
      .createQueryBuilder(Ticket, 't')
      .where('t.workspaceId = :ws', { ws: workspaceId })
      .andWhere(
        `t.id = ANY(ARRAY(SELECT s.ticket_id FROM ticket_search s WHERE s.workspace_id = :ws AND ${words
          .map((word, i) => `s.document @@ plainto_tsquery('simple', :q${i})`)
          .join(' AND ')} AND s.document @@ CAST(:facets AS tsquery)))`,
        { ...Object.fromEntries(words.map((word, i) => [`q${i}`, word])), facets: facetTsquery(facets) },
      );
    applyTicketFilters(fromMatches, { ...filters, status: undefined, priority: undefined, tags: undefined, words: undefined }, this.engine);
    const count = only(filters, 'words', 'status', 'priority', 'tags')
      ? () => this.search.total(workspaceId, words, facets)
      : () => this.countRows(workspaceId, fromMatches);
    if (walked(candidates, matches, limit) * PG_PROBE_COST < matches) {
      const walk = await this.source(workspaceId, filters);
      return { qb: walk.qb, options: { ...walk.options, count } };
    }
    return { qb: fromMatches, options: { load: (page) => this.load(page), count } };
  }

  /** The workspace's tickets matching `filters`, with the paginator options that fit them. `probeWords`: see probeWords. */
  private async source(workspaceId: string, filters: TicketFilters, probeWords = false): Promise<TicketSource> {
    const qb = this.dataSource.manager.createQueryBuilder(Ticket, 't').where('t.workspaceId = :ws', { ws: workspaceId });
    const counted = only(filters, 'status', 'priority', 'tags');
    if (!filters.tags) {
      applyTicketFilters(qb, filters, this.engine, probeWords);
      const load = this.loader(filters, 't', probeWords, () => this.counts.workspaceShares(workspaceId));
      const words = filters.words;
      if (words && only(filters, 'words')) return { qb, options: { load, count: () => this.search.total(workspaceId, words) } };
      return { qb, options: counted ? { load, count: () => this.counts.workspaceTotal(workspaceId, filters) } : { load } };
    }

    const tags = await this.tags.countsByNameKeys(workspaceId, filters.tags);
    if (tags.length < filters.tags.length) return { qb: qb.andWhere('1 = 0'), options: { count: async () => 0 } };
    const [driver, ...others] = tags.sort((a, b) => a.ticketCount - b.ticketCount);
    qb.innerJoin(TicketTag, 'tt', 'tt.ticketId = t.id AND tt.tagId = :driverTag', { driverTag: driver.id });
    if (filters.status) qb.andWhere('tt.status IN (:...status)', { status: filters.status });
    if (filters.priority) qb.andWhere('tt.priority IN (:...priority)', { priority: filters.priority });
    others.forEach((tag, i) =>
      qb.andWhere(`EXISTS (SELECT 1 FROM ticket_tags ot WHERE ot.ticket_id = t.id AND ot.tag_id = :otherTag${i})`, {
        [`otherTag${i}`]: tag.id,
      }),
    );
    applyTicketFilters(qb, { ...filters, status: undefined, priority: undefined }, this.engine, probeWords);
    return {
      qb,
      options: {
        load: this.loader(filters, 'tt', probeWords, () => this.counts.tagShares(driver.id)),
        keyset: (sort) => ({ value: sort === 'created_at' ? 'tt.createdAt' : 'tt.updatedAt', id: 'tt.ticketId' }),
        ...(counted && !others.length ? { count: () => this.counts.tagTotal(driver.id, filters) } : {}),
      },
    };
  }

  /**
   * How a page query is read: with a status or priority filter, as one index range per status ×
   * priority pair of `alias` (tickets, or the tag links that copy both; migration
   * TicketListingShapes), each stopped after a page and merged here. Without the split a planner
   * reads every match of an IN list and sorts them all (SQLite at 1M: 0.5–1 s a page). Not
   * when SQLite starts from the words' matches (`probeWords` false): each range would read them
   * all again.
   */
  private loader(
    filters: TicketFilters,
    alias: 't' | 'tt',
    probeWords: boolean,
    shares: () => Promise<Map<string, number>>,
  ): (page: SelectQueryBuilder<Ticket>) => Promise<Ticket[]> {
    const fromMatches = filters.words && !this.tx.isPostgres && !probeWords;
    if ((!filters.status && !filters.priority) || fromMatches) return (page) => this.load(page);
    const pairs = (filters.status ?? TICKET_STATUSES).flatMap((status) =>
      (filters.priority ?? TICKET_PRIORITIES).map((priority) => `${status} ${priority}`),
    );
    return async (page) => {
      const { orderBys, limit: take = 0 } = page.expressionMap;
      const sort = Object.keys(orderBys)[0] === `${alias}.updatedAt` ? 'updatedAt' : 'createdAt';
      const sign = Object.values(orderBys)[0] === 'ASC' ? 1 : -1;
      const compare = (a: Ticket, b: Ticket) => sign * (a[sort].getTime() - b[sort].getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      // First each pair's share of the page (by the maintained counts, empty pairs skipped),
      // with room to spare; a pair whose rows may reach into the page is then read in full.
      const counts = await shares();
      const live = pairs.filter((pair) => (counts.get(pair) ?? 0) > 0);
      const all = live.reduce((n, pair) => n + counts.get(pair)!, 0);
      const first = new Map(live.map((pair) => [pair, Math.min(take, Math.ceil((take * SHARE_SLACK * counts.get(pair)!) / all) + 2)]));
      const read = new Map<string, Ticket[]>(live.map((pair) => [pair, []]));
      for (let wanted = first; wanted.size;) {
        for (const ticket of await this.ranges(page, alias, wanted)) read.get(`${ticket.status} ${ticket.priority}`)?.push(ticket);
        const rows = [...read.values()].flat().sort(compare).slice(0, take);
        const edge = rows.length === take ? rows[take - 1] : undefined;
        // Unread rows of a pair that filled its share follow its last row read: the page stands
        // unless that row comes before the page's last.
        const next = new Map<string, number>();
        for (const [pair, limit] of wanted) {
          const got = read.get(pair)!;
          if (got.length === limit && limit < take && (!edge || compare(got[got.length - 1], edge) < 0)) {
            read.set(pair, []);
            next.set(pair, take);
          }
        }
        if (!next.size) return rows;
        wanted = next;
      }
      return [];
    };
  }

  /**
   * The page query read as one range per status × priority pair (`${status} ${priority}` →
   * its limit), in one `UNION ALL` statement.
   */
  private async ranges(page: SelectQueryBuilder<Ticket>, alias: 't' | 'tt', limits: Map<string, number>): Promise<Ticket[]> {
    const ranges = [...limits].map(([pair, limit], i) => {
      const [status, priority] = pair.split(' ');
      const range = page.clone().limit(limit);
      // The lists the pair comes from go: beside them SQLite judged the sort column's index
      // better than the pair's (27 ms a range instead of 1 at 100k).
      range.expressionMap.wheres = range.expressionMap.wheres.filter((where) => !LIST_FILTERS.test(String(where.condition)));
      return range
        .andWhere(`${alias}.status = :rangeStatus${i} AND ${alias}.priority = :rangePriority${i}`, {
          [`rangeStatus${i}`]: status,
          [`rangePriority${i}`]: priority,
        })
        .getQueryAndParameters();
    });
    const params: unknown[] = [];
    const sql = ranges
      .map(([text, values], i) => {
        const offset = params.length;
        params.push(...values);
        // PostgreSQL numbers its placeholders: each range's continue after the previous ones'.
        const numbered = this.tx.isPostgres ? text.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`) : text;
        return `SELECT * FROM (${numbered}) r${i}`;
      })
      .join(' UNION ALL ');
    return this.rows(sql, params);
  }

  /**
   * The page query's rows as entities, without TypeORM's result pipeline (a fifth of a page's
   * cost): on SQLite through kept prepared statements on a read worker, columns read by name.
   * `byRowid`: the query names its tickets by rowid (a search chunk); SQLite is told to fetch
   * them so (NOT INDEXED still allows rowid lookups) rather than walk a workspace index it may
   * misjudge as selective.
   */
  private async load(qb: SelectQueryBuilder<Ticket>, byRowid = false): Promise<Ticket[]> {
    const [text, params] = qb.getQueryAndParameters();
    const sql = byRowid ? text.replace(FROM_TICKETS, `${FROM_TICKETS} NOT INDEXED`) : text;
    if (sql === text && byRowid) throw new Error(`search chunk query lost its FROM clause: ${text}`);
    return this.rows(sql, params);
  }

  /** Ticket rows selected as TypeORM selects them (`t_<column>`), as entities. */
  private async rows(sql: string, params: unknown[]): Promise<Ticket[]> {
    const { columns, rows } = await this.tx.readArrays(sql, params);
    const driver = this.dataSource.driver;
    const positions = this.ticketColumns.map(([column, alias]) => [column, columns.indexOf(alias)] as const);
    return rows.map((row) => {
      const ticket = new Ticket();
      for (const [column, at] of positions) column.setEntityValue(ticket, driver.prepareHydratedValue(row[at], column));
      return ticket;
    });
  }

  /**
   * `meta.total` counted over the listing's access path, off the event loop like the page
   * (TransactionRunner.read), and remembered while the workspace's listing version stands (the
   * next pages of a listing, the same filters asked again). `probedWords`: the query checks the
   * words per ticket, which would count by checking every ticket of the other filters; the
   * count starts from the matches instead. `matched`: the FTS5 query those matches are read with
   * (see paged).
   */
  private async countRows(workspaceId: string, qb: SelectQueryBuilder<Ticket>, probedWords = false, matched?: string): Promise<number> {
    const counting = qb.clone().select('COUNT(*)', 'n').orderBy();
    if (matched !== undefined) counting.setParameter('q', matched);
    const wheres = counting.expressionMap.wheres;
    if (probedWords)
      counting.expressionMap.wheres = wheres.map((w) => (w.condition === PROBED_WORDS ? { ...w, condition: MATCHED_WORDS } : w));
    const [sql, params] = counting.getQueryAndParameters();
    return this.cache.report(
      workspaceId,
      'tickets-total',
      { sql, params },
      async () => {
        const [row] = await this.tx.read<{ n: number | string }>(sql, params);
        return Number(row?.n ?? 0);
      },
      Infinity,
    );
  }

  /** Ticket columns and the aliases TypeORM selects them as (`t_<column>`). */
  private get ticketColumns() {
    return (this.columnAliases ??= this.dataSource
      .getMetadata(Ticket)
      .columns.map((column) => [column, `t_${column.databaseName}`] as const));
  }

  private get engine() {
    return this.tx.isPostgres ? ('postgres' as const) : ('sqlite' as const);
  }
}

/**
 * About how many of `candidates` a walk in page order reads to find a page of `limit` when
 * `matches` of them match: a page's share of the candidates, with room (SHARE_SLACK).
 */
function walked(candidates: number, matches: number, limit: number): number {
  return Math.min(candidates, (SHARE_SLACK * (limit + 1) * candidates) / Math.max(matches, 1));
}

/** Whether `filters` set nothing but (some of) `names`. */
function only(filters: TicketFilters, ...names: (keyof TicketFilters)[]): boolean {
  return Object.entries(filters).every(([name, value]) => value === undefined || names.includes(name as keyof TicketFilters));
}
