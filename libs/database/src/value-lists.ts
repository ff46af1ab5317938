/**
 * A report's durations cross from the database as one JSON array per group instead of one row
 * per ticket, and are sorted in memory. At a million tickets on SQLite, numbering ~94k durations
 * with `ROW_NUMBER() OVER (ORDER BY …)` took ~170 ms to pick two ranks, and reading them as rows
 * ~25 ms more than the scan; the array costs ~5 ms to build and parse, the sort ~10 ms. Every
 * value is an integer (epoch-ms differences), so JSON carries it exactly. A year's lists at 1M
 * (~1M values) took up to 300 ms to parse and sort: `TransactionRunner.read` does it on the SQLite
 * read worker that ran the query (`sortedLists`), not on the event loop.
 */

/** SQL aggregating the non-null values of an integer `expression` over a group into a JSON array. */
export function valueListSql(postgres: boolean, expression: string): string {
  return `${postgres ? 'json_agg' : 'json_group_array'}(${expression}) FILTER (WHERE (${expression}) IS NOT NULL)`;
}

/**
 * The values of a valueListSql column in ascending order. SQLite returns the JSON text;
 * PostgreSQL's driver parses `json` itself, and json_agg over no rows is NULL.
 */
export function sortedValues(list: unknown): Float64Array {
  const values: number[] = typeof list === 'string' ? JSON.parse(list) : ((list as number[] | null) ?? []);
  return Float64Array.from(values).sort();
}
