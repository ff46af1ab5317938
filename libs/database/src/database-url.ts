import { DataSourceOptions } from 'typeorm';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { SnakeNamingStrategy } from './naming.strategy';
import { MIGRATIONS } from './migrations';
import { checkpointOnWorker } from './wal-checkpointer';

export type DatabaseKind = 'sqlite' | 'postgres';

export function databaseKind(url: string): DatabaseKind {
  return url.startsWith('sqlite:') ? 'sqlite' : 'postgres';
}

/**
 * TypeORM options from DATABASE_URL:
 *  - `sqlite:./data/relay.sqlite` (a file, its folder created) or `sqlite::memory:`
 *  - `postgres://user[:password]@host[:port]/database[?schema=name]`
 * Entities are registered by each module (autoLoadEntities); migrations are the same set for both.
 */
export function dataSourceOptions(url: string, statementTimeoutMs = 15000): DataSourceOptions {
  const common = {
    namingStrategy: new SnakeNamingStrategy(),
    migrations: MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    // Failed queries surface as exceptions: unexpected ones are logged once by the error filter
    // with the request id; expected ones (a unique race answered 409) are not noise.
    logging: false,
  };
  if (databaseKind(url) === 'sqlite') {
    const path = url.slice('sqlite:'.length);
    const database = path === ':memory:' ? ':memory:' : resolve(path);
    if (database !== ':memory:') mkdirSync(dirname(database), { recursive: true });
    return {
      ...common,
      type: 'better-sqlite3',
      database,
      enableWAL: database !== ':memory:',
      timeout: 5000,
      prepareDatabase: (db: { name: string; pragma: (s: string) => unknown; close(): unknown }) => {
        db.pragma('foreign_keys = ON');
        db.pragma('synchronous = NORMAL');
        db.pragma('busy_timeout = 5000');
        // The WAL is checkpointed on a worker thread; the writer's own autocheckpoint (every
        // ~40 MB) is only the backstop should the worker fall behind. The page cache stays at
        // its 2 MB default (a larger one, or mmap, measured no faster: the OS caches the file).
        db.pragma('wal_autocheckpoint = 10000');
        if (database !== ':memory:') checkpointOnWorker(db);
      },
    };
  }
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema') ?? undefined;
  parsed.searchParams.delete('schema');
  return {
    ...common,
    type: 'postgres',
    url: parsed.toString(),
    schema,
    parseInt8: true,
    connectTimeoutMS: 5000,
    poolSize: 20,
    // A bounded wait for a pooled connection and a statement cap (QUERY_TIME_BUDGET_MS): when
    // PostgreSQL is away the API answers 503 promptly instead of hanging, and a runaway query is
    // cancelled by the server itself (57014, answered 503) instead of holding a connection.
    extra: {
      connectionTimeoutMillis: 5000,
      statement_timeout: statementTimeoutMs,
      // A transaction left open by a frozen process would hold back the sync horizon
      // (SyncHorizon) for every reader: PostgreSQL ends it after a minute of silence.
      idle_in_transaction_session_timeout: 60000,
      options: schema ? `-c search_path=${schema}` : undefined,
    },
  };
}
