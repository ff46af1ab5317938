import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { json } from '../helpers/http';
import { ServerProcess, startApiProcess, startWorker, WorkerProcess } from '../helpers/processes';
import { TcpProxy } from '../helpers/tcp-proxy';
import { isPostgresRun, runPrefix } from '../helpers/test-database';
import { startReceiver, WebhookReceiver } from '../helpers/webhook-receiver';

// Scale-out: two API processes and two webhook workers on one PostgreSQL and one Redis, with
// the database behind a proxy the test can cut. Runs on PostgreSQL only (SQLite is one process).
const describePg = isPostgresRun() ? describe : describe.skip;

describePg('scale-out: 2 APIs + 2 workers on PostgreSQL and Redis', () => {
  const base = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
  const schema = `${runPrefix()}_scale_${randomBytes(4).toString('hex')}`;
  const adminKey = `rly_${randomBytes(20).toString('hex')}`;
  let proxy: TcpProxy;
  let receiver: WebhookReceiver;
  let apis: ServerProcess[] = [];
  let workers: WorkerProcess[] = [];

  const call = async (server: ServerProcess, key: string, method: string, path: string, body?: object) => {
    const res = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(15_000),
    });
    return { status: res.status, headers: res.headers, body: await json(res) };
  };

  /** Fresh keys so no single key exceeds the shared 100/minute budget during bulk work. */
  const mintKeys = async (count: number) => {
    const keys: string[] = [];
    for (let i = 0; i < count; i++) {
      const res = await call(apis[i % apis.length], adminKey, 'POST', '/api-keys', { name: `load ${i}` });
      expect(res.status).toBe(201);
      keys.push(res.body.data.key);
    }
    return keys;
  };

  /** Creates tickets with `concurrency` clients spread over the APIs; returns every outcome. */
  const createTickets = async (count: number, keys: string[], targets: () => ServerProcess[], concurrency = 16) => {
    const outcomes: { status: number | 'no answer'; ticket?: { id: string; number: number } }[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let i = next++; i < count; i = next++) {
          const servers = targets();
          const server = servers[i % servers.length];
          try {
            const res = await call(server, keys[i % keys.length], 'POST', '/tickets', {
              subject: `Load ${i}`,
              customer_email: `c${i % 50}@example.com`,
            });
            outcomes.push({ status: res.status, ticket: res.status === 201 ? res.body.data : undefined });
          } catch {
            outcomes.push({ status: 'no answer' });
          }
        }
      }),
    );
    return outcomes;
  };

  const ticketCreatedIds = () =>
    receiver.received.filter((m) => JSON.parse(m.body).type === 'ticket.created').map((m) => JSON.parse(m.body).data.id as string);

  beforeAll(async () => {
    proxy = await TcpProxy.start({ host: base.hostname, port: Number(base.port || 5432) });
    receiver = await startReceiver();
    const url = new URL(base.toString());
    url.host = `127.0.0.1:${proxy.port}`;
    url.searchParams.set('schema', schema);
    const env = {
      DATABASE_URL: url.toString(),
      REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
      RELAY_BOOTSTRAP_KEY: adminKey,
      RATE_LIMIT_PER_MINUTE: '100',
      WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
      WEBHOOK_RETRY_DELAYS: '0.5,1,2',
    };
    apis = [await startApiProcess({ ...env, WEBHOOK_DELIVERY: 'off' })];
    apis.push(await startApiProcess({ ...env, WEBHOOK_DELIVERY: 'off' }));
    workers = await Promise.all([startWorker(env), startWorker(env)]);
    const hook = await call(apis[0], adminKey, 'POST', '/webhooks', { url: receiver.url, events: ['ticket.created'] });
    expect(hook.status).toBe(201);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([...apis, ...workers].map((p) => p.stop('SIGKILL')));
    await receiver?.close();
    await proxy?.cut();
    const client = new Client({ connectionString: base.toString() });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  });

  it('shares one key’s rate limit across both APIs: 100 a minute in total', async () => {
    const [key] = await mintKeys(1);
    const statuses: number[] = [];
    for (let i = 0; i < 110; i++) statuses.push((await call(apis[i % 2], key, 'GET', '/users/me')).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(100);
    expect(statuses.slice(100)).toEqual(Array(10).fill(429));
  }, 60_000);

  it('gives 1,000 tickets created through both APIs 1,000 distinct numbers, and delivers each ticket.created exactly once', async () => {
    const keys = await mintKeys(14);
    const outcomes = await createTickets(1000, keys, () => apis);
    expect(outcomes.filter((o) => o.status !== 201)).toEqual([]);
    const numbers = outcomes.map((o) => o.ticket!.number);
    expect(new Set(numbers).size).toBe(1000);
    expect(Math.min(...numbers)).toBe(1);
    expect(Math.max(...numbers)).toBe(1000);

    await receiver.waitFor(1000, 60_000);
    await new Promise((resolve) => setTimeout(resolve, 1500)); // a duplicate would arrive late
    const delivered = ticketCreatedIds();
    expect(delivered).toHaveLength(1000);
    expect(new Set(delivered)).toEqual(new Set(outcomes.map((o) => o.ticket!.id)));
  }, 180_000);

  it('loses no committed ticket or event when one API is killed with SIGKILL mid-load; the other keeps serving', async () => {
    const keys = await mintKeys(6);
    const before = receiver.received.length;
    let killed = false;
    const victim = apis[0];
    const survivor = apis[1];
    const load = createTickets(300, keys, () => (killed ? [survivor] : apis), 8);
    // Kill once the load is well under way (40 of its events already delivered).
    while (receiver.received.length - before < 40) await new Promise((resolve) => setTimeout(resolve, 20));
    await victim.stop('SIGKILL');
    killed = true;
    const outcomes = await load;
    const acknowledged = outcomes.filter((o) => o.status === 201).map((o) => o.ticket!);
    expect(acknowledged.length).toBeGreaterThan(200);
    // Requests the victim never answered are the only failures; nothing else errs.
    expect(outcomes.filter((o) => o.status !== 201 && o.status !== 'no answer')).toEqual([]);

    for (const ticket of acknowledged.slice(0, 30))
      expect((await call(survivor, keys[0], 'GET', `/tickets/${ticket.id}`)).status).toBe(200);
    const total = (await call(survivor, adminKey, 'GET', '/tickets?limit=1')).body.meta.total as number;
    // Every committed ticket (acknowledged or not) gets its event delivered.
    await receiver.waitFor(total, 60_000);
    const delivered = new Set(ticketCreatedIds());
    expect(delivered.size).toBe(total);
    for (const ticket of acknowledged) expect(delivered.has(ticket.id)).toBe(true);
    apis = [survivor];
  }, 180_000);

  it('answers 503 while PostgreSQL is away, reports it in readiness, and resumes with no delivery lost', async () => {
    const keys = await mintKeys(3);
    const server = apis[0];
    const created: string[] = [];
    for (let i = 0; i < 10; i++) {
      const res = await call(server, keys[i % 3], 'POST', '/tickets', {
        subject: `Before outage ${i}`,
        customer_email: 'outage@example.com',
      });
      expect(res.status).toBe(201);
      created.push(res.body.data.id);
    }
    await proxy.cut();
    const during = await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        const started = Date.now();
        const res = await call(server, keys[i % 3], 'POST', '/tickets', { subject: 'During outage', customer_email: 'outage@example.com' });
        return { status: res.status, code: res.body.error?.code, ms: Date.now() - started };
      }),
    );
    for (const outcome of during) {
      expect(outcome).toMatchObject({ status: 503, code: 'unavailable' });
      expect(outcome.ms).toBeLessThan(8000);
    }
    expect((await fetch(`${server.url}/health/ready`)).status).toBe(503);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    await proxy.restore();

    let status = 0;
    for (let i = 0; i < 60 && status !== 201; i++) {
      const res = await call(server, keys[0], 'POST', '/tickets', { subject: 'After outage', customer_email: 'outage@example.com' });
      status = res.status;
      if (status === 201) created.push(res.body.data.id);
      else await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(status).toBe(201);
    expect((await fetch(`${server.url}/health/ready`)).status).toBe(200);
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && !created.every((id) => ticketCreatedIds().includes(id))) await new Promise((r) => setTimeout(r, 200));
    expect(created.filter((id) => !ticketCreatedIds().includes(id))).toEqual([]);
  }, 120_000);
});
