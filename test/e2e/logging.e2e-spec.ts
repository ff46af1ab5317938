import { Client } from 'pg';
import { DataSource } from 'typeorm';
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
    const created = await fetch(`${server.url}/api/v1/api-keys`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ name: 'secret one' }),
    });
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

  it('logs a failed query with its statement but never the values bound to it', async () => {
    const auth = { Authorization: `Bearer ${bootstrapKey}`, 'Content-Type': 'application/json' };
    const call = async (method: string, path: string, body?: object) =>
      fetch(`${server.url}/api/v1${path}`, { method, headers: auth, body: body ? JSON.stringify(body) : undefined });
    // An inactive endpoint on a public address: vetted at creation, never called.
    const hook = await json(await call('POST', '/webhooks', { url: 'https://93.184.216.34/hooks', events: ['*'], active: false }));
    await failEveryUpdateOf('webhook_endpoints', database.url);

    const rotated = await call('POST', `/webhooks/${hook.data.id}/rotate-secret`);
    expect(rotated.status).toBe(500);
    const patched = await call('PATCH', `/webhooks/${hook.data.id}`, { description: 'owner ada.lovelace@example.com' });
    expect(patched.status).toBe(500);
    await new Promise((resolve) => setTimeout(resolve, 300));

    const output = server.output();
    expect(output).not.toContain('whsec_');
    expect(output).not.toContain('ada.lovelace@example.com');
    const failures = output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line))
      .filter((entry) => entry.err?.type === 'QueryFailedError');
    expect(failures).toHaveLength(2);
    for (const { err } of failures) {
      expect(err).toMatchObject({
        query: expect.stringMatching(/^UPDATE .*"?webhook_endpoints"? SET /),
        parameters: expect.stringMatching(/^\[\d+ redacted\]$/),
      });
    }
  });
});

/** Makes the database refuse every UPDATE of `table` behind the server's back, as a broken constraint would. */
async function failEveryUpdateOf(table: string, url: string): Promise<void> {
  if (url.startsWith('sqlite:')) {
    const sqlite = await new DataSource({ type: 'better-sqlite3', database: url.slice('sqlite:'.length) }).initialize();
    await sqlite.query(`CREATE TRIGGER refuse_updates BEFORE UPDATE ON ${table} BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`);
    await sqlite.destroy();
    return;
  }
  const target = new URL(url);
  const schema = target.searchParams.get('schema')!;
  target.searchParams.delete('schema');
  const client = new Client({ connectionString: target.toString() });
  await client.connect();
  try {
    await client.query(`SET search_path TO "${schema}"`);
    await client.query(
      `CREATE FUNCTION refuse_updates() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$`,
    );
    await client.query(`CREATE TRIGGER refuse_updates BEFORE UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION refuse_updates()`);
  } finally {
    await client.end();
  }
}
