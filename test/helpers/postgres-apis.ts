import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { ApiBody, json } from './http';
import { ServerProcess, startApiProcess } from './processes';
import { runPrefix } from './test-database';

export interface PostgresApis {
  /** The running processes, filled in by the suite's beforeAll. */
  apis: ServerProcess[];
  /** A call through `server` with the bootstrap admin key. */
  call(server: ServerProcess, method: string, path: string, body?: object): Promise<{ status: number; body: ApiBody }>;
}

/**
 * `count` built API processes on one fresh PostgreSQL schema (named after `label`), started in
 * the calling suite's beforeAll and stopped, schema dropped, in its afterAll: for behaviour that
 * must hold across processes (locks, caches).
 */
export function postgresApis(label: string, count = 2): PostgresApis {
  const base = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
  const schema = `${runPrefix()}_${label}_${randomBytes(4).toString('hex')}`;
  const adminKey = `rly_${randomBytes(20).toString('hex')}`;
  const apis: ServerProcess[] = [];

  beforeAll(async () => {
    const url = new URL(base.toString());
    url.searchParams.set('schema', schema);
    const env = {
      DATABASE_URL: url.toString(),
      RELAY_BOOTSTRAP_KEY: adminKey,
      RATE_LIMIT_PER_MINUTE: '100000',
      REDIS_URL: '',
      WEBHOOK_DELIVERY: 'off',
    };
    // One at a time: the first runs the migrations.
    for (let i = 0; i < count; i++) apis.push(await startApiProcess(env));
  }, 120_000);

  afterAll(async () => {
    await Promise.all(apis.map((p) => p.stop('SIGKILL')));
    const client = new Client({ connectionString: base.toString() });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  });

  return {
    apis,
    call: async (server, method, path, body) => {
      const res = await fetch(`${server.url}/api/v1${path}`, {
        method,
        headers: { Authorization: `Bearer ${adminKey}`, 'Content-Type': 'application/json' },
        body: body ? JSON.stringify(body) : undefined,
      });
      return { status: res.status, body: await json(res) };
    },
  };
}
