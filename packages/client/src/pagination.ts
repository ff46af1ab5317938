/** A list answer of the API. */
export interface Page<T> {
  data: T[];
  meta: { next_cursor: string | null };
}

/**
 * Every item of a cursor-paged list, page after page, as an async iterator:
 * `for await (const ticket of paginate((cursor) => relay.api.GET('/api/v1/tickets', { params: { query: { cursor, limit: 100 } } })))`.
 * A failed page throws (see unwrap).
 */
export async function* paginate<T>(
  fetchPage: (cursor: string | undefined) => Promise<{ data?: Page<T>; error?: unknown; response: Response }>,
): AsyncGenerator<T> {
  let cursor: string | undefined;
  do {
    const result = await fetchPage(cursor);
    if (!result.data) throw new Error(`page request failed with HTTP ${result.response.status}`);
    yield* result.data.data;
    cursor = result.data.meta.next_cursor ?? undefined;
  } while (cursor);
}
