import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { json } from '../helpers/http';
import { ServerProcess, startApiProcess } from '../helpers/processes';
import { TcpProxy } from '../helpers/tcp-proxy';
import { isPostgresRun, runPrefix } from '../helpers/test-database';
import { MIGRATIONS } from '../../libs/database/src/migrations';

// Scale-out and outages on PostgreSQL: concurrent starts, and the database going away.
const describePg = isPostgresRun() ? describe : describe.skip;

describePg('resilience on PostgreSQL', () => {
  const base = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
  const schemas: string[] = [];
  const servers: ServerProcess[] = [];

  const freshSchemaUrl = (host = base.host) => {
    const schema = `${runPrefix()}_res_${randomBytes(4).toString('hex')}`;
    schemas.push(schema);
    const url = new URL(base.toString());
    url.host = host;
    url.searchParams.set('schema', schema);
    return { url: url.toString(), schema };
  };

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop('SIGKILL')));
    const client = new Client({ connectionString: base.toString() });
    await client.connect();
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  });

  it('lets three processes start at once on an empty database: one migrates and bootstraps', async () => {
    const { url, schema } = freshSchemaUrl();
    const key = `rly_${randomBytes(20).toString('hex')}`;
    const started = await Promise.all([1, 2, 3].map(() => startApiProcess({ DATABASE_URL: url, RELAY_BOOTSTRAP_KEY: key })));
    servers.push(...started);
    for (const server of started) {
      const res = await fetch(`${server.url}/api/v1/workspace`, { headers: { Authorization: `Bearer ${key}` } });
      expect(res.status).toBe(200);
    }
    const client = new Client({ connectionString: base.toString() });
    await client.connect();
    try {
      const migrations = await client.query(`SELECT name FROM "${schema}".migrations`);
      expect(migrations.rows.map((r) => r.name).sort()).toEqual(MIGRATIONS.map((m) => new m().name).sort());
      const workspaces = await client.query(`SELECT count(*)::int AS n FROM "${schema}".workspaces`);
      expect(workspaces.rows[0].n).toBe(1);
    } finally {
      await client.end();
    }
    await Promise.all(started.map((s) => s.stop()));
  }, 90_000);

  it('answers 503 unavailable promptly while the database is away, and recovers by itself', async () => {
    const proxy = await TcpProxy.start({ host: base.hostname, port: Number(base.port || 5432) });
    const { url } = freshSchemaUrl(`127.0.0.1:${proxy.port}`);
    const key = `rly_${randomBytes(20).toString('hex')}`;
    const server = await startApiProcess({ DATABASE_URL: url, RELAY_BOOTSTRAP_KEY: key });
    servers.push(server);
    const me = () => fetch(`${server.url}/api/v1/users/me`, { headers: { Authorization: `Bearer ${key}` } });
    expect((await me()).status).toBe(200);

    await proxy.cut();
    const started = Date.now();
    const during = await me();
    expect(Date.now() - started).toBeLessThan(8000);
    expect(during.status).toBe(503);
    expect((await json(during)).error).toMatchObject({ code: 'unavailable', request_id: expect.any(String) });
    expect(during.headers.get('retry-after')).toBe('5');
    const ready = await fetch(`${server.url}/health/ready`);
    expect(ready.status).toBe(503);
    expect((await json(ready)).error.code).toBe('unavailable');
    expect((await fetch(`${server.url}/health`)).status).toBe(200);

    await proxy.restore();
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; i++) {
      status = (await me()).status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(status).toBe(200);
    expect((await fetch(`${server.url}/health/ready`)).status).toBe(200);
    await server.stop();
    await proxy.cut();
  }, 90_000);
});
