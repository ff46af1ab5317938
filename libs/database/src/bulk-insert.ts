import { EntityManager } from 'typeorm';

/** A table as a bulk load writes it: column names and their PostgreSQL types (for unnest). Each owner declares its own. */
export interface BulkTable {
  name: string;
  columns: readonly string[];
  pgTypes: readonly string[];
}

/** SQLite binds at most 32766 parameters per statement; smaller statements bind faster anyway. */
const SQLITE_PARAMS_PER_STATEMENT = 8000;

/**
 * Multi-row INSERTs of `rows` (arrays in `table.columns` order) inside the caller's transaction.
 * SQLite: `VALUES (?,…),(?,…)` statements of a fixed row count, so the driver's statement cache
 * prepares each shape once. PostgreSQL: one `INSERT … SELECT FROM unnest($1::type[], …)` per
 * call — one parameter per column whatever the row count, so the server parses it once and the
 * client does not build tens of thousands of placeholders.
 */
export async function bulkInsert(manager: EntityManager, postgres: boolean, table: BulkTable, rows: unknown[][]): Promise<void> {
  if (!rows.length) return;
  if (postgres) {
    const columns = table.columns.map((c) => `"${c}"`).join(', ');
    const arrays = table.columns.map((_, c) => rows.map((row) => row[c]));
    const unnest = table.pgTypes.map((type, c) => `$${c + 1}::${type}[]`).join(', ');
    await manager.query(`INSERT INTO "${table.name}" (${columns}) SELECT * FROM unnest(${unnest})`, arrays);
    return;
  }
  const perStatement = Math.floor(SQLITE_PARAMS_PER_STATEMENT / table.columns.length);
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const params: unknown[] = [];
    for (const row of chunk) for (const value of row) params.push(value);
    await manager.query(sqliteInsert(table, chunk.length), params);
  }
}

const sqliteStatements = new Map<string, string>();

/** The same text for the same shape, so the driver's statement cache finds it. */
function sqliteInsert(table: BulkTable, rows: number): string {
  const key = `${table.name}:${rows}`;
  let sql = sqliteStatements.get(key);
  if (!sql) {
    const tuple = `(${table.columns.map(() => '?').join(',')})`;
    sql = `INSERT INTO "${table.name}" (${table.columns.map((c) => `"${c}"`).join(', ')}) VALUES ${new Array(rows).fill(tuple).join(',')}`;
    sqliteStatements.set(key, sql);
  }
  return sql;
}
