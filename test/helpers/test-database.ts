import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * Each e2e file gets its own database: an in-memory SQLite by default, or, when
 * TEST_DATABASE_URL is a postgres:// URL (as .ci/run sets it), its own schema named after the
 * run, dropped afterwards, so runs and files never collide.
 */
export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

export function isPostgresRun(): boolean {
  return (process.env.TEST_DATABASE_URL ?? '').startsWith('postgres');
}

export function runPrefix(): string {
  return `relay_t_${process.env.RELAY_TEST_RUN ?? 'local'}`;
}

export async function createTestDatabase(kind: 'memory' | 'file' = 'memory'): Promise<TestDatabase> {
  if (!isPostgresRun()) {
    if (kind === 'memory') return { url: 'sqlite::memory:', drop: async () => undefined };
    const path = `/tmp/relay-test-${randomBytes(6).toString('hex')}.sqlite`;
    return {
      url: `sqlite:${path}`,
      drop: async () => {
        const { rm } = await import('node:fs/promises');
        await Promise.all(['', '-wal', '-shm'].map((suffix) => rm(`${path}${suffix}`, { force: true })));
      },
    };
  }
  const base = process.env.TEST_DATABASE_URL!;
  const schema = `${runPrefix()}_${randomBytes(5).toString('hex')}`;
  const url = new URL(base);
  url.searchParams.set('schema', schema);
  return {
    url: url.toString(),
    drop: async () => {
      const client = new Client({ connectionString: base });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

/** Drops every schema this run left behind (after a crashed file, say). */
export async function dropRunSchemas(): Promise<void> {
  if (!isPostgresRun()) return;
  const client = new Client({ connectionString: process.env.TEST_DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ nspname: string }>('SELECT nspname FROM pg_namespace WHERE nspname LIKE $1', [
      `${runPrefix()}_%`,
    ]);
    for (const { nspname } of rows) await client.query(`DROP SCHEMA IF EXISTS "${nspname}" CASCADE`);
  } finally {
    await client.end();
  }
}
