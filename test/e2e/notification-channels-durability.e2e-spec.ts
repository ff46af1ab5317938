import { freePort, ServerProcess, startApiProcess } from '../helpers/processes';
import { createTestDatabase, TestDatabase } from '../helpers/test-database';
import { startReceiver, WebhookReceiver } from '../helpers/webhook-receiver';

const KEY = 'rly_notify_durability_key_0123456789abcdef';
// Slack's secret is the URL's path: it must never show up in a log line.
const SECRET_PATH = '/services/T0DURABLE/B0DURABLE/n0tInTheLogsEver4242';

// Contract §12 on top of §6: channel messages survive kill -9, in order, and the URL is never logged.
describe('notification channels: durability across a kill -9 (built processes)', () => {
  let database: TestDatabase;
  let receiver: WebhookReceiver | undefined;
  const processes: ServerProcess[] = [];

  beforeEach(async () => {
    database = await createTestDatabase('file');
  });
  afterEach(async () => {
    await Promise.all(processes.splice(0).map((p) => p.stop('SIGKILL')));
    await receiver?.close();
    await database.drop();
  });

  const api = async () => {
    const server = await startApiProcess({
      DATABASE_URL: database.url,
      RELAY_BOOTSTRAP_KEY: KEY,
      RATE_LIMIT_PER_MINUTE: '100000',
      WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
      NOTIFICATION_ALLOWED_HOSTS: '127.0.0.1',
      NOTIFY_MAX_PER_SECOND: '20',
      WEBHOOK_RETRY_DELAYS: Array(20).fill('1').join(','),
      LOG_LEVEL: 'debug',
    });
    processes.push(server);
    return server;
  };
  const call = async (server: ServerProcess, method: string, path: string, body?: object) => {
    const res = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: (await res.json()) as { data: Record<string, unknown> & { id: string; number: number } } };
  };

  it('delivers every pending message after a kill -9, in creation order; the URL is in no log line', async () => {
    const port = await freePort(); // nothing listens here yet: every attempt is refused
    const first = await api();
    const channel = await call(first, 'POST', '/notification-channels', {
      name: 'durable',
      type: 'slack',
      url: `http://127.0.0.1:${port}${SECRET_PATH}`,
      events: ['ticket.created'],
    });
    expect(channel.status).toBe(201);
    const numbers: number[] = [];
    for (let i = 0; i < 20; i++) {
      const ticket = await call(first, 'POST', '/tickets', { subject: `Crash ${i}`, customer_email: 'crash@example.com' });
      expect(ticket.status).toBe(201);
      numbers.push(ticket.body.data.number);
    }
    // A bad request is logged too: its body must not be.
    expect(
      (
        await call(first, 'POST', '/notification-channels', {
          name: 'bad',
          type: 'slack',
          url: `http://127.0.0.1:${port}${SECRET_PATH}`,
          events: ['*'],
        })
      ).status,
    ).toBe(400);
    await first.stop('SIGKILL');

    const second = await api();
    receiver = await startReceiver(() => 200, port);
    // The message the killed process had claimed comes back when its 30 s lease lapses; the rest wait behind it.
    const got = await receiver.waitFor(20, 90_000);
    expect(new Set(got.map((m) => m.body)).size).toBe(20);
    expect(got.map((m) => Number(/#(\d+)/.exec(JSON.parse(m.body).text)![1]))).toEqual(numbers);
    expect(got.every((m) => m.headers['content-type'] === 'application/json')).toBe(true);

    const deliveries = await call(second, 'GET', `/notification-channels/${channel.body.data.id}/deliveries?limit=100`);
    expect(deliveries.body.data).toHaveLength(20);
    for (const server of [first, second]) {
      expect(server.output().length).toBeGreaterThan(0);
      expect(server.output()).not.toContain('n0tInTheLogsEver');
    }
  }, 150_000);
});
