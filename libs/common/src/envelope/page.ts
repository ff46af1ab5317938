export interface PageMeta {
  limit: number;
  total: number;
  next_cursor: string | null;
}

/** A list result, sent as `{ data, meta }` (contract §2; see `envelope`). */
export class Page<T> {
  constructor(
    readonly items: T[],
    readonly meta: PageMeta,
  ) {}

  map<U>(fn: (item: T) => U): Page<U> {
    return new Page(this.items.map(fn), this.meta);
  }
}
