import { json } from '../helpers/http';
import { createTestDatabase, TestDatabase } from '../helpers/test-database';
import { ServerProcess, startApiProcess } from '../helpers/processes';

// Logs are structured JSON with the request id, and never carry a secret.
describe('logging', () => {
  let database: TestDatabase;
  let server: ServerProcess;
  const bootstrapKey = 'rly_logging_test_bootstrap_key_0123456789';

  beforeAll(async () => {
    database = await createTestDatabase('file');
    server = await startApiProcess({ DATABASE_URL: database.url, RELAY_BOOTSTRAP_KEY: bootstrapKey, LOG_LEVEL: 'info' });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it('writes JSON lines with the request id and redacts keys, including newly minted ones', async () => {
    const auth = { Authorization: `Bearer ${bootstrapKey}`, 'Content-Type': 'application/json', 'X-Request-Id': 'trace-logging-1' };
    const created = await fetch(`${server.url}/api/v1/api-keys`, { method: 'POST', headers: auth, body: JSON.stringify({ name: 'secret one' }) });
    const secret: string = (await json(created)).data.key;
    await fetch(`${server.url}/api/v1/users/me`, { headers: { Authorization: `Bearer ${secret}`, 'X-Request-Id': 'trace-logging-2' } });
    await fetch(`${server.url}/api/v1/users/me`, { headers: { Authorization: 'Bearer rly_wrong_key_wrong_key_wrong_key_000' } });
    await new Promise((resolve) => setTimeout(resolve, 300));

    const output = server.output();
    expect(output).not.toContain(bootstrapKey);
    expect(output).not.toContain(secret);
    expect(output).not.toContain('rly_wrong_key');
    const lines = output.split('\n').filter((line) => line.startsWith('{'));
    const requests = lines.map((line) => JSON.parse(line)).filter((entry) => entry.req);
    const traced = requests.find((entry) => entry.req.id === 'trace-logging-2');
    expect(traced).toMatchObject({ request_id: 'trace-logging-2', res: { statusCode: 200 } });
    expect(traced.req.headers.authorization).toBe('[redacted]');
  });
});
