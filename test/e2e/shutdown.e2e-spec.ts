import { createTestDatabase, TestDatabase } from '../helpers/test-database';
import { startApiProcess } from '../helpers/processes';

// SIGTERM under load: every request the server accepted completes, and the process exits 0.
describe('graceful shutdown', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('file');
  });
  afterAll(() => database.drop());

  it('drains accepted requests and exits 0', async () => {
    const key = 'rly_shutdown_test_key_0123456789abcdef';
    const server = await startApiProcess({
      DATABASE_URL: database.url,
      RELAY_BOOTSTRAP_KEY: key,
      RATE_LIMIT_PER_MINUTE: '100000',
      LOG_LEVEL: 'info',
    });
    const headers = { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' };
    let n = 0;
    const one = async (): Promise<number | 'not accepted'> => {
      const i = ++n;
      try {
        const res =
          i % 2
            ? await fetch(`${server.url}/api/v1/users/me`, { headers })
            : await fetch(`${server.url}/api/v1/users`, {
                method: 'POST',
                headers,
                body: JSON.stringify({ email: `u${i}@example.com`, name: 'U', role: 'viewer' }),
              });
        await res.arrayBuffer();
        return res.status;
      } catch {
        return 'not accepted'; // connection refused or closed before the request was read
      }
    };
    // 20 clients loop until the server stops accepting; SIGTERM arrives mid-load.
    const results: (number | 'not accepted')[] = [];
    const client = async () => {
      for (;;) {
        const result = await one();
        results.push(result);
        if (result === 'not accepted') return;
      }
    };
    const load = Promise.all(Array.from({ length: 20 }, client));
    while (results.length < 60) await new Promise((resolve) => setTimeout(resolve, 10));
    const exit = server.stop('SIGTERM');
    await load;
    expect(await exit).toBe(0);

    const answered = results.filter((r) => r !== 'not accepted');
    expect(answered.length).toBeGreaterThanOrEqual(60);
    expect(answered.filter((status) => status !== 200 && status !== 201)).toEqual([]);
    expect(server.output()).toContain('SIGTERM received: draining');
  }, 60_000);
});
