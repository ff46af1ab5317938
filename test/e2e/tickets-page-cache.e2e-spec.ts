import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabase, TestDatabase } from '../helpers/test-database';
import { ServerProcess, startApiProcess } from '../helpers/processes';

jest.setTimeout(120_000);

const KEY = 'rly_page_cache_test_bootstrap_key_0123456789';
const CLI = join(__dirname, '..', '..', 'dist', 'apps', 'cli', 'src', 'main.js');

interface TicketView {
  id: string;
  status: string;
  tags: string[];
}

// GET /tickets pages are kept per process while the workspace's listing version stands. Two API
// processes on one database: whatever one of them changes, the other's next page shows it, for
// every kind of change a listing shows (ticket rows, tag links, tag names, conversation text).
describe('tickets: kept pages never outlive a change', () => {
  let database: TestDatabase;
  let reader: ServerProcess;
  let writer: ServerProcess;

  beforeAll(async () => {
    database = await createTestDatabase('file');
    reader = await startApiProcess({ DATABASE_URL: database.url, RELAY_BOOTSTRAP_KEY: KEY });
    writer = await startApiProcess({ DATABASE_URL: database.url, RELAY_BOOTSTRAP_KEY: KEY });
  });
  afterAll(async () => {
    await Promise.all([reader?.stop(), writer?.stop()]);
    await database?.drop();
  });

  const call = async (server: ServerProcess, method: string, path: string, body?: unknown, key = KEY) => {
    const response = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${key}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return { text, json: text ? JSON.parse(text) : undefined };
  };
  /** The reader's page, asked twice: the second answer is the kept page, and must be the same. */
  const page = async (query = 'limit=100', key = KEY) => {
    const first = await call(reader, 'GET', `/tickets?${query}`, undefined, key);
    const again = await call(reader, 'GET', `/tickets?${query}`, undefined, key);
    expect(again.text).toBe(first.text);
    return first.json as { data: TicketView[]; meta: { total: number } };
  };
  const shown = async (id: string, query?: string) => (await page(query)).data.find((ticket) => ticket.id === id);

  it('shows creates, updates, tag links, tag renames, new conversation text and deletes made by another process', async () => {
    expect((await page()).meta.total).toBe(0);

    const created = (await call(writer, 'POST', '/tickets', { subject: 'Printer on fire', customer_email: 'pat@example.com' })).json.data;
    expect(await shown(created.id)).toMatchObject({ status: 'open', tags: [] });
    expect((await page()).meta.total).toBe(1);

    await call(writer, 'PATCH', `/tickets/${created.id}`, { status: 'pending' });
    expect(await shown(created.id)).toMatchObject({ status: 'pending' });
    expect((await page('limit=100&status=pending')).meta.total).toBe(1);

    await call(writer, 'POST', `/tickets/${created.id}/tags`, { tags: ['hardware'] });
    expect(await shown(created.id)).toMatchObject({ tags: ['hardware'] });
    expect((await page('limit=100&tag=hardware')).meta.total).toBe(1);

    const tag = (await call(writer, 'GET', '/tags?limit=100')).json.data.find((t: { name: string }) => t.name === 'hardware');
    await call(writer, 'PATCH', `/tags/${tag.id}`, { name: 'facilities' });
    expect(await shown(created.id)).toMatchObject({ tags: ['facilities'] });

    expect((await page('limit=100&q=extinguisher')).meta.total).toBe(0);
    await call(writer, 'POST', `/tickets/${created.id}/conversations`, { type: 'note', body: 'Fetched the extinguisher' });
    expect((await page('limit=100&q=extinguisher')).data.map((ticket) => ticket.id)).toEqual([created.id]);

    await call(writer, 'DELETE', `/tickets/${created.id}`);
    expect(await shown(created.id)).toBeUndefined();
    expect((await page()).meta.total).toBe(0);
    expect((await page('limit=100&q=extinguisher')).meta.total).toBe(0);
  });

  it('keeps each workspace to its own pages: the same query in another workspace is another page', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [CLI, 'workspace:create', '--name', 'Other', '--admin-email', 'admin@other.example'],
      {
        env: { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'silent' },
      },
    );
    const otherKey = JSON.parse(stdout).api_key as string;
    const mine = (await call(writer, 'POST', '/tickets', { subject: 'Mine', customer_email: 'me@example.com' })).json.data;
    const theirs = (await call(writer, 'POST', '/tickets', { subject: 'Theirs', customer_email: 'them@example.com' }, otherKey)).json.data;

    expect((await page()).data.map((ticket) => ticket.id)).toEqual([mine.id]);
    expect((await page('limit=100', otherKey)).data.map((ticket) => ticket.id)).toEqual([theirs.id]);
    await call(writer, 'PATCH', `/tickets/${theirs.id}`, { status: 'closed' }, otherKey);
    expect((await page('limit=100', otherKey)).data).toMatchObject([{ id: theirs.id, status: 'closed' }]);
    expect((await page()).data).toMatchObject([{ id: mine.id, status: 'open' }]);
  });
});
