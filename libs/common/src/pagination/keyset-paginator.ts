import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { Page } from '../envelope/page';
import { CursorCodec, listingKey } from './cursor-codec';
import { ListQueryDto } from './list-query.dto';

const SORT_PROPERTIES = { created_at: 'createdAt', updated_at: 'updatedAt' } as const;

interface Sortable {
  id: string;
  createdAt: Date;
  updatedAt?: Date;
}

/**
 * Keyset pagination on (sort column, id): stable while rows are inserted, no OFFSET, and
 * backed by (workspace_id, created_at, id)-style indexes. `filters` are the listing's filters;
 * they bind the cursor so it cannot be replayed against another listing.
 */
export class KeysetPaginator {
  constructor(private readonly codec: CursorCodec) {}

  async paginate<T extends ObjectLiteral & Sortable>(
    qb: SelectQueryBuilder<T>,
    query: ListQueryDto,
    resource: string,
    filters: Record<string, unknown>,
    countQuery?: () => Promise<number>,
  ): Promise<Page<T>> {
    const alias = qb.alias;
    const property = SORT_PROPERTIES[query.sort];
    const key = listingKey(resource, { ...filters, sort: query.sort, order: query.order });
    const position = query.cursor ? this.codec.decode(query.cursor, key) : undefined;
    const total = countQuery ? await countQuery() : await qb.clone().getCount();

    const direction = query.order === 'asc' ? 'ASC' : 'DESC';
    const comparator = query.order === 'asc' ? '>' : '<';
    const page = qb.clone();
    if (position) {
      page.andWhere(
        `(${alias}.${property} ${comparator} :cursorValue OR (${alias}.${property} = :cursorValue AND ${alias}.id ${comparator} :cursorId))`,
        { cursorValue: position.value, cursorId: position.id },
      );
    }
    const rows = await page
      .orderBy(`${alias}.${property}`, direction)
      .addOrderBy(`${alias}.id`, direction)
      .limit(query.limit + 1)
      .getMany();

    const hasMore = rows.length > query.limit;
    const items = hasMore ? rows.slice(0, query.limit) : rows;
    const last = items[items.length - 1];
    const lastValue = last ? (last[property as keyof T] as Date | undefined) : undefined;
    const next_cursor = hasMore && last && lastValue ? this.codec.encode({ value: lastValue.getTime(), id: last.id }, key) : null;
    return new Page(items, { limit: query.limit, total, next_cursor });
  }
}
