import { Webhook } from 'standardwebhooks';
import { freePort, startApiProcess, startWorker, ServerProcess } from '../helpers/processes';
import { createTestDatabase, isPostgresRun, TestDatabase } from '../helpers/test-database';
import { signatureHeaders, startReceiver, WebhookReceiver } from '../helpers/webhook-receiver';

const KEY = 'rly_durability_test_key_0123456789abcdef';

// Contract §6: at-least-once delivery that survives kill -9, and workers that never double-send.
describe('webhooks: durability across crashes and workers (built processes)', () => {
  let database: TestDatabase;
  let receiver: WebhookReceiver;
  const processes: { stop(signal?: NodeJS.Signals): Promise<number | null> }[] = [];

  beforeEach(async () => {
    database = await createTestDatabase('file');
  });
  afterEach(async () => {
    await Promise.all(processes.splice(0).map((p) => p.stop('SIGKILL')));
    await receiver?.close();
    await database.drop();
  });

  const env = (extra: Record<string, string> = {}) => ({
    DATABASE_URL: database.url,
    RELAY_BOOTSTRAP_KEY: KEY,
    RATE_LIMIT_PER_MINUTE: '100000',
    WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
    ...extra,
  });
  const api = async (extra: Record<string, string> = {}) => {
    const server = await startApiProcess(env(extra));
    processes.push(server);
    return server;
  };
  const call = async (server: ServerProcess, method: string, path: string, body?: object) => {
    const res = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: (await res.json()) as { data: Record<string, unknown> & { id: string } } };
  };

  it('delivers all 50 ticket.created events after a kill -9 while the receiver was down', async () => {
    const port = await freePort(); // nothing listens here yet: every attempt is refused
    const server = await api({ WEBHOOK_RETRY_DELAYS: Array(20).fill('1').join(',') });
    const hook = await call(server, 'POST', '/webhooks', { url: `http://127.0.0.1:${port}/hooks`, events: ['ticket.created'] });
    expect(hook.status).toBe(201);
    const created: string[] = [];
    for (let i = 0; i < 50; i++) {
      const ticket = await call(server, 'POST', '/tickets', { subject: `Crash ${i}`, customer_email: 'crash@example.com' });
      expect(ticket.status).toBe(201);
      created.push(ticket.body.data.id);
    }
    await server.stop('SIGKILL');

    await api({ WEBHOOK_RETRY_DELAYS: Array(20).fill('1').join(',') });
    receiver = await startReceiver(() => 200, port);
    // A delivery the killed process had claimed comes back when its 30 s lease lapses.
    await receiver.waitFor(50, 75_000);
    const payloads = receiver.received.map(
      (m) => new Webhook(String(hook.body.data.secret)).verify(m.body, signatureHeaders(m.headers)) as { id: string; data: { id: string } },
    );
    expect(new Set(payloads.map((p) => p.id)).size).toBe(50);
    expect(new Set(payloads.map((p) => p.data.id))).toEqual(new Set(created));
  }, 120_000);

  it('delivers an event committed just before a kill -9, from a worker started afterwards', async () => {
    receiver = await startReceiver();
    const first = await api({ WEBHOOK_DELIVERY: 'off' });
    const hook = await call(first, 'POST', '/webhooks', { url: receiver.url, events: ['customer.created'] });
    expect(hook.status).toBe(201);
    const customer = await call(first, 'POST', '/customers', { email: 'crash@example.com' });
    expect(customer.status).toBe(201);
    await first.stop('SIGKILL');
    expect(receiver.received).toHaveLength(0);

    processes.push(await startWorker(env()));
    const [message] = await receiver.waitFor(1);
    const payload = new Webhook(String(hook.body.data.secret)).verify(message.body, signatureHeaders(message.headers));
    expect(payload).toMatchObject({ id: message.headers['webhook-id'], type: 'customer.created', data: customer.body.data });
  }, 60_000);

  it('keeps the retry schedule across a kill -9: the next attempt comes from the restarted API with the same webhook-id', async () => {
    receiver = await startReceiver((n) => (n === 1 ? 500 : 200));
    const first = await api({ WEBHOOK_RETRY_DELAYS: '2,0.2' });
    const hook = await call(first, 'POST', '/webhooks', { url: receiver.url, events: ['*'] });
    const test = await call(first, 'POST', `/webhooks/${hook.body.data.id}/test`);
    expect(test.status).toBe(202);
    await receiver.waitFor(1);
    // Wait until the failed attempt is recorded, then crash before the retry is due.
    for (let i = 0; i < 50; i++) {
      const log = await call(first, 'GET', `/webhooks/${hook.body.data.id}/deliveries`);
      if ((log.body.data as unknown as { last_response_status: number | null }[])[0]?.last_response_status === 500) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await first.stop('SIGKILL');

    const second = await api({ WEBHOOK_RETRY_DELAYS: '2,0.2' });
    const [failed, retried] = await receiver.waitFor(2);
    expect([failed.answered, retried.answered]).toEqual([500, 200]);
    expect(retried.headers['webhook-id']).toBe(failed.headers['webhook-id']);
    expect(retried.headers['webhook-id']).toBe(test.body.data.event_id);
    for (let i = 0; i < 50; i++) {
      const [log] = (await call(second, 'GET', `/webhooks/${hook.body.data.id}/deliveries`)).body.data as unknown as Record<
        string,
        unknown
      >[];
      if (log.status === 'succeeded') {
        expect(log).toMatchObject({ attempts: 2, last_response_status: 200, last_error: null, next_attempt_at: null });
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the retried delivery was never recorded as succeeded');
  }, 60_000);

  (isPostgresRun() ? it : it.skip)(
    'lets two workers drain one backlog on PostgreSQL without sending any delivery twice',
    async () => {
      receiver = await startReceiver();
      const server = await api({ WEBHOOK_DELIVERY: 'off' });
      await call(server, 'POST', '/webhooks', { url: receiver.url, events: ['customer.created'] });
      const count = 60;
      for (let i = 0; i < count; i++) expect((await call(server, 'POST', '/customers', { email: `c${i}@example.com` })).status).toBe(201);

      const workers = await Promise.all([startWorker(env()), startWorker(env())]);
      processes.push(...workers);
      await receiver.waitFor(count, 30_000);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const ids = receiver.received.map((m) => String(m.headers['webhook-id']));
      expect(ids).toHaveLength(count);
      expect(new Set(ids).size).toBe(count);
    },
    90_000,
  );
});
