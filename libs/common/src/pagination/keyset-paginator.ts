import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { Page } from '../envelope/page';
import { CursorCodec, CursorPosition, listingKey } from './cursor-codec';
import { ListQueryDto, SortField } from './list-query.dto';

const SORT_PROPERTIES = { created_at: 'createdAt', updated_at: 'updatedAt' } as const;

interface Sortable {
  id: string;
  createdAt: Date;
  updatedAt?: Date;
}

/** The columns (query-builder expressions) a listing is ordered and continued by. */
export interface KeysetColumns {
  value: string;
  id: string;
}

export interface PaginateOptions<T extends ObjectLiteral = ObjectLiteral> {
  /** `meta.total` from elsewhere (a maintained count, say) instead of counting the query. */
  count?: () => Promise<number>;
  /**
   * Order by other columns holding the same values as the row's sort column and id (say a
   * denormalised copy on the table the query is driven from), so the index the planner walks
   * is already in page order. Defaults to `<alias>.<sort property>`, `<alias>.id`.
   */
  keyset?: (sort: SortField) => KeysetColumns | undefined;
  /** Runs the page query (default `getMany()`): a listing may read its rows more cheaply. */
  load?: (page: SelectQueryBuilder<T>) => Promise<T[]>;
  /** Counts the query's rows for `meta.total` when `count` is not given (default `getCount()`). */
  countRows?: (qb: SelectQueryBuilder<T>) => Promise<number>;
  /** The timestamps the listing's filters bound from below (`created_after`, `updated_after`). */
  after?: SortField[];
}

/**
 * The timestamps a read must keep below the sync horizon: the ones a client follows. That is
 * the sort column read ascending (a cursor only moves up) and any column bounded from below by
 * a `*_after` filter (the client asks again from the greatest value seen). A descending walk
 * from the newest needs none: whatever commits later lands above where it started.
 */
export function horizonFields(query: Pick<ListQueryDto, 'sort' | 'order'>, after: readonly SortField[] = []): SortField[] {
  return [...new Set([...(query.order === 'asc' ? [query.sort] : []), ...after])];
}

/**
 * Keyset pagination on (sort column, id): stable while rows are inserted, no OFFSET, and
 * backed by (workspace_id, created_at, id)-style indexes. `filters` are the listing's filters;
 * they bind the cursor so it cannot be replayed against another listing.
 */
export class KeysetPaginator {
  /**
   * `horizon`: the stamp below which no write can still commit (epoch ms, exclusive), or
   * undefined where writers commit in stamp order (see SyncHorizon in @relay/database).
   */
  constructor(
    private readonly codec: CursorCodec,
    private readonly horizon: () => Promise<number | undefined> = async () => undefined,
  ) {}

  async paginate<T extends ObjectLiteral & Sortable>(
    qb: SelectQueryBuilder<T>,
    query: ListQueryDto,
    resource: string,
    filters: Record<string, unknown>,
    options: PaginateOptions<T> | (() => Promise<number>) = {},
  ): Promise<Page<T>> {
    const {
      count,
      keyset,
      load = (page: SelectQueryBuilder<T>) => page.getMany(),
      countRows = (all: SelectQueryBuilder<T>) => all.getCount(),
      after,
    } = typeof options === 'function' ? { count: options } : options;
    const alias = qb.alias;
    const columns = keyset?.(query.sort) ?? { value: `${alias}.${SORT_PROPERTIES[query.sort]}`, id: `${alias}.id` };
    const bounded = horizonFields(query, after);
    const horizon = bounded.length ? await this.horizon() : undefined;
    if (horizon !== undefined) {
      // Applied to the query the count reads too, so meta.total matches what paging returns.
      qb = qb.clone();
      bounded.forEach((field, i) => {
        const column = field === query.sort ? columns.value : `${alias}.${SORT_PROPERTIES[field]}`;
        qb.andWhere(`${column} < :horizon${i}`, { [`horizon${i}`]: horizon });
      });
    }
    const direction = query.order === 'asc' ? 'ASC' : 'DESC';
    const fetch = (position: CursorPosition | undefined, take: number) => {
      const page = qb.clone();
      if (position) {
        // The row-value form is what lets both engines seek the (…, sort, id) index to the
        // cursor; the equivalent `a < x OR (a = x AND id < y)` makes SQLite scan from the start.
        const comparator = query.order === 'asc' ? '>' : '<';
        page.andWhere(`(${columns.value}, ${columns.id}) ${comparator} (:cursorValue, :cursorId)`, {
          cursorValue: position.value,
          cursorId: position.id,
        });
      }
      return load(page.orderBy(columns.value, direction).addOrderBy(columns.id, direction).limit(take));
    };
    return this.paginateWith(query, resource, filters, fetch, count ?? (() => countRows(qb.clone())));
  }

  /**
   * The same contract over any row source: `fetch(after, take)` returns at most `take` rows
   * following `after` (exclusive) in the listing's order — (sort column, id), `query.order`.
   */
  async paginateWith<T extends Sortable>(
    query: ListQueryDto,
    resource: string,
    filters: Record<string, unknown>,
    fetch: (after: CursorPosition | undefined, take: number) => Promise<T[]>,
    count: () => Promise<number>,
  ): Promise<Page<T>> {
    // A listing may also sort by an integer column of its own (rules by `position`).
    const property = Object.hasOwn(SORT_PROPERTIES, query.sort) ? SORT_PROPERTIES[query.sort] : query.sort;
    const key = listingKey(resource, { ...filters, sort: query.sort, order: query.order });
    const position = query.cursor ? this.codec.decode(query.cursor, key) : undefined;
    const rows = await fetch(position, query.limit + 1);
    const hasMore = rows.length > query.limit;
    const items = hasMore ? rows.slice(0, query.limit) : rows;
    // A first page that holds everything is its own exact total.
    const total = !position && !hasMore ? items.length : await count();
    const last = items[items.length - 1];
    const lastValue = last ? (last[property as keyof T] as Date | number | undefined) : undefined;
    const value = lastValue instanceof Date ? lastValue.getTime() : lastValue;
    const next_cursor = hasMore && last && value !== undefined ? this.codec.encode({ value, id: last.id }, key) : null;
    return new Page(items, { limit: query.limit, total, next_cursor });
  }
}
