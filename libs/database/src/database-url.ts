import { DataSourceOptions } from 'typeorm';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { SnakeNamingStrategy } from './naming.strategy';
import { MIGRATIONS } from './migrations';

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
export function dataSourceOptions(url: string): DataSourceOptions {
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
      prepareDatabase: (db: { pragma: (s: string) => unknown }) => {
        db.pragma('foreign_keys = ON');
        db.pragma('synchronous = NORMAL');
        db.pragma('busy_timeout = 5000');
        // Checkpoint the WAL every ~40 MB rather than every 4 MB: each checkpoint syncs the file,
        // and under write load that made commits a third dearer. The page cache stays at its
        // 2 MB default (a larger one measured no faster here; the OS caches the file anyway).
        db.pragma('wal_autocheckpoint = 10000');
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
    // A bounded wait for a pooled connection and a statement cap: when PostgreSQL is away the
    // API answers 503 promptly instead of hanging.
    extra: {
      connectionTimeoutMillis: 5000,
      statement_timeout: 15000,
      options: schema ? `-c search_path=${schema}` : undefined,
    },
  };
}
