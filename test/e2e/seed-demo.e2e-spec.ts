import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { bearer, createWorkspace, startTestApp, TestApp } from '../helpers/test-app';
import { createTestDatabase, TestDatabase } from '../helpers/test-database';

const run = promisify(execFile);
const CLI = join(__dirname, '..', '..', 'dist', 'apps', 'cli', 'src', 'main.js');

interface SeedOutput {
  workspace_id: string;
  workspace_created: boolean;
  customers: number;
  tickets: number;
  conversations: number;
  ticket_tags: number;
  first_number: number;
  last_number: number;
  api_key: string;
  user_id: string;
}

// seed:demo fills a workspace through the data layer; the API must then see exactly a
// consistent helpdesk, as if every ticket had been created and worked through it.
describe('CLI seed:demo', () => {
  let database: TestDatabase;
  let server: TestApp;
  let seeded: SeedOutput;
  let dataSource: DataSource;

  const seed = async (...args: string[]): Promise<SeedOutput> => {
    const { stdout } = await run(process.execPath, [CLI, 'seed:demo', ...args], {
      env: { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'silent' },
      timeout: 120_000,
    });
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    return JSON.parse(lines[0]);
  };
  const query = <T>(sql: string, params: unknown[] = []): Promise<T[]> => {
    let n = 0;
    const text = dataSource.options.type === 'postgres' ? sql.replace(/\?/g, () => `$${++n}`) : sql;
    return dataSource.query(text, params);
  };
  const scalar = async (sql: string, params: unknown[] = []): Promise<number> =>
    Number(Object.values((await query<object>(sql, params))[0])[0]);

  beforeAll(async () => {
    database = await createTestDatabase('file');
    seeded = await seed('--tickets', '500', '--customers', '50', '--seed', '1234');
    server = await startTestApp({}, database);
    dataSource = server.app.get(DataSource);
  }, 180_000);
  afterAll(async () => {
    await server?.close();
  });

  it('creates a workspace when there is none and reports what it wrote', () => {
    expect(seeded).toMatchObject({
      workspace_id: expect.stringMatching(/^ws_/),
      workspace_created: true,
      customers: 50,
      tickets: 500,
      first_number: 1,
      last_number: 500,
      api_key: expect.stringMatching(/^rly_/),
      user_id: expect.stringMatching(/^usr_/),
    });
    expect(seeded.conversations).toBeGreaterThanOrEqual(500);
    expect(seeded.conversations).toBeLessThanOrEqual(2000);
  });

  it('writes the counts it reports, numbers 1..500 without gaps and the counter after them', async () => {
    const ws = [seeded.workspace_id];
    expect(await scalar('SELECT COUNT(*) FROM customers WHERE workspace_id = ?', ws)).toBe(50);
    expect(await scalar('SELECT COUNT(*) FROM conversations WHERE workspace_id = ?', ws)).toBe(seeded.conversations);
    expect(await scalar('SELECT COUNT(*) FROM ticket_tags WHERE workspace_id = ?', ws)).toBe(seeded.ticket_tags);
    const numbers = await query<{ number: string | number }>('SELECT number FROM tickets WHERE workspace_id = ? ORDER BY number', ws);
    expect(numbers.map((row) => Number(row.number))).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
    expect(await scalar('SELECT value FROM ticket_counters WHERE workspace_id = ?', ws)).toBe(500);
    // Every conversation hangs off a ticket of the workspace: 1 to 4 entries each.
    const perTicket = await query<{ n: string | number }>(
      'SELECT COUNT(*) AS n FROM conversations WHERE workspace_id = ? GROUP BY ticket_id',
      ws,
    );
    expect(perTicket).toHaveLength(500);
    expect(perTicket.every((row) => Number(row.n) >= 1 && Number(row.n) <= 4)).toBe(true);
  });

  it('keeps every tag count equal to its actual links, and shows them through the API', async () => {
    const tags = await query<{ id: string; ticket_count: number; links: string | number }>(
      'SELECT t.id, t.ticket_count, (SELECT COUNT(*) FROM ticket_tags l WHERE l.tag_id = t.id) AS links FROM tags t WHERE t.workspace_id = ?',
      [seeded.workspace_id],
    );
    expect(tags.length).toBeGreaterThanOrEqual(20);
    for (const tag of tags) expect(Number(tag.ticket_count)).toBe(Number(tag.links));

    const listed = await server.http.get('/api/v1/tags?limit=100').set(bearer(seeded.api_key)).expect(200);
    const common = listed.body.data.reduce((a: { ticket_count: number }, b: { ticket_count: number }) =>
      b.ticket_count > a.ticket_count ? b : a,
    );
    const tagged = await server.http
      .get(`/api/v1/tickets?limit=1&tag=${encodeURIComponent(common.name)}`)
      .set(bearer(seeded.api_key))
      .expect(200);
    expect(tagged.body.meta.total).toBe(common.ticket_count);
  });

  it('sets status times consistently: resolved tickets have resolved_at, open ones none', async () => {
    const ws = [seeded.workspace_id];
    const count = (where: string) => scalar(`SELECT COUNT(*) FROM tickets WHERE workspace_id = ? AND ${where}`, ws);
    expect(await count(`status = 'resolved' AND (resolved_at IS NULL OR first_resolved_at IS NULL OR closed_at IS NOT NULL)`)).toBe(0);
    expect(await count(`status = 'closed' AND (closed_at IS NULL OR first_closed_at IS NULL)`)).toBe(0);
    expect(await count(`status IN ('open', 'pending') AND (resolved_at IS NOT NULL OR closed_at IS NOT NULL)`)).toBe(0);
    expect(await count(`status = 'pending' AND first_response_at IS NULL`)).toBe(0);
    expect(
      await count(`resolved_at < created_at OR closed_at < created_at OR first_response_at < created_at OR updated_at < created_at`),
    ).toBe(0);
    expect(await count(`created_at > ${Date.now()} OR updated_at > ${Date.now()}`)).toBe(0);
    // first_response_at is the first agent reply of the thread.
    expect(
      await count(
        `COALESCE(first_response_at, -1) <> COALESCE((SELECT MIN(c.created_at) FROM conversations c WHERE c.ticket_id = tickets.id AND c.type = 'reply' AND c.author_type = 'user'), -1)`,
      ),
    ).toBe(0);
    for (const status of ['open', 'pending', 'resolved', 'closed']) expect(await count(`status = '${status}'`)).toBeGreaterThan(0);
  });

  it('serves the data through the API: lists, filters, search and a ticket with its thread', async () => {
    const key = bearer(seeded.api_key);
    const all = await server.http.get('/api/v1/tickets?limit=50').set(key).expect(200);
    expect(all.body.meta.total).toBe(500);
    expect(all.body.data[0].number).toBe(500);
    const open = await server.http.get('/api/v1/tickets?limit=1&status=open').set(key).expect(200);
    expect(open.body.meta.total).toBe(
      await scalar(`SELECT COUNT(*) FROM tickets WHERE workspace_id = ? AND status = 'open'`, [seeded.workspace_id]),
    );
    const unassigned = await server.http.get('/api/v1/tickets?limit=1&assignee_id=none').set(key).expect(200);
    expect(unassigned.body.meta.total).toBeGreaterThan(0);
    // The search index (FTS5 triggers / GIN expression indexes) covers the seeded text.
    const searched = await server.http.get('/api/v1/tickets?limit=1&q=refund').set(key).expect(200);
    expect(searched.body.meta.total).toBeGreaterThan(0);

    const resolved = (await server.http.get('/api/v1/tickets?limit=1&status=resolved').set(key).expect(200)).body.data[0];
    expect(resolved.resolved_at).toEqual(expect.any(String));
    expect(resolved.first_response_at).toEqual(expect.any(String));
    const thread = await server.http.get(`/api/v1/tickets/${resolved.id}/conversations`).set(key).expect(200);
    expect(thread.body.data[0]).toMatchObject({ type: 'reply', author_type: 'customer', author_id: resolved.customer_id });
    expect(thread.body.data.some((e: { author_type: string }) => e.author_type === 'user')).toBe(true);

    const me = await server.http.get('/api/v1/users/me').set(key).expect(200);
    expect(me.body.data).toMatchObject({ id: seeded.user_id, role: 'agent' });
  });

  it('makes every ticket findable by any word of its thread, not only of its subject', async () => {
    const key = bearer(seeded.api_key);
    // The last entry of a long thread: written after the ticket, so only a document of the
    // whole thread holds its words.
    const [entry] = await query<{ ticket_id: string; customer_id: string; body: string }>(
      `SELECT c.ticket_id, t.customer_id, c.body FROM conversations c JOIN tickets t ON t.id = c.ticket_id
       WHERE c.workspace_id = ? AND (SELECT COUNT(*) FROM conversations o WHERE o.ticket_id = c.ticket_id) >= 3
       ORDER BY c.created_at DESC, c.id LIMIT 1`,
      [seeded.workspace_id],
    );
    const words = entry.body
      .split(/[^A-Za-z]+/)
      .filter((word) => word.length >= 5)
      .slice(0, 3);
    expect(words.length).toBeGreaterThan(0);
    const found = await server.http
      .get(`/api/v1/tickets?limit=100&customer_id=${entry.customer_id}&q=${encodeURIComponent(words.join(' '))}`)
      .set(key)
      .expect(200);
    expect(found.body.data.map((ticket: { id: string }) => ticket.id)).toContain(entry.ticket_id);
    if (dataSource.options.type === 'postgres') {
      // One document per ticket holding exactly the words of its subject and thread, beside its
      // facet lexemes (`=s:…`, `=p:…`, `=t:…`; migration TicketSearchFacetsPostgres).
      const wrong = await scalar(
        `SELECT COUNT(*) FROM tickets t LEFT JOIN ticket_search s ON s.ticket_id = t.id WHERE t.workspace_id = ? AND (s.ticket_id IS NULL OR ` +
          `strip(ts_delete(s.document, ARRAY(SELECT lexeme FROM unnest(s.document) WHERE lexeme LIKE '=%'))) <> strip(to_tsvector('simple', t.subject || ' ' || coalesce((SELECT string_agg(c.body, ' ') FROM conversations c WHERE c.ticket_id = t.id), ''))))`,
        [seeded.workspace_id],
      );
      expect(wrong).toBe(0);
      expect(await scalar('SELECT COUNT(*) FROM ticket_search WHERE workspace_id = ?', [seeded.workspace_id])).toBe(500);
    }
  });

  it('finds seeded tickets by words with their status, priority and tags, totals exact', async () => {
    const key = bearer(seeded.api_key);
    const [tag] = await query<{ id: string; name: string; n: number | string }>(
      'SELECT g.id, g.name, COUNT(*) AS n FROM ticket_tags tt JOIN tags g ON g.id = tt.tag_id WHERE tt.workspace_id = ? GROUP BY g.id, g.name ORDER BY n DESC, g.id LIMIT 1',
      [seeded.workspace_id],
    );
    const list = async (filters: string) => (await server.http.get(`/api/v1/tickets?limit=100&${filters}`).set(key).expect(200)).body;
    for (const filters of [
      `q=order&tag=${tag.name}`,
      'q=order&status=open,pending&priority=high,urgent',
      `q=refund&status=resolved,closed&tag=${tag.name}`,
    ])
      for (const sort of ['created_at', 'updated_at']) {
        // The same listing with a filter the search documents do not carry (every ticket passes
        // it) is answered by joining the word matches with the tickets and their tag links.
        const joined = await list(`${filters}&sort=${sort}&created_after=2000-01-01T00:00:00.000Z`);
        const indexed = await list(`${filters}&sort=${sort}`);
        const ids = (page: { data: { id: string }[] }) => page.data.map((ticket) => ticket.id);
        expect({ filters, sort, total: indexed.meta.total, ids: ids(indexed) }).toEqual({
          filters,
          sort,
          total: joined.meta.total,
          ids: ids(joined),
        });
      }
    expect((await list(`q=order&tag=${tag.name}`)).meta.total).toBeGreaterThan(0);
    if (dataSource.options.type !== 'postgres') {
      // Every document carries its ticket's facet terms (migration TicketSearchFacets).
      const documents = (term: string) => scalar(`SELECT COUNT(*) FROM ticket_search WHERE ticket_search MATCH 'f : ${term}'`);
      expect(await documents(`t${Buffer.from(tag.id).toString('hex')}`)).toBe(Number(tag.n));
      expect(await documents('sopen')).toBe(await scalar("SELECT COUNT(*) FROM tickets WHERE status = 'open'"));
      expect(await documents('purgent')).toBe(await scalar("SELECT COUNT(*) FROM tickets WHERE priority = 'urgent'"));
    }
  });

  it('seeds again into a chosen workspace, continuing its numbers and reusing its agents and tags', async () => {
    const agentsBefore = await scalar('SELECT COUNT(*) FROM users WHERE workspace_id = ?', [seeded.workspace_id]);
    const tagsBefore = await scalar('SELECT COUNT(*) FROM tags WHERE workspace_id = ?', [seeded.workspace_id]);
    const searchGeneration = () =>
      scalar('SELECT COALESCE(SUM(generation), 0) FROM ticket_search_generations WHERE workspace_id = ?', [seeded.workspace_id]);
    const generationBefore = await searchGeneration();
    const again = await seed('--tickets', '20', '--customers', '5', '--agents', '2', '--workspace-id', seeded.workspace_id);
    expect(again).toMatchObject({ workspace_id: seeded.workspace_id, workspace_created: false, first_number: 501, last_number: 520 });
    expect(await scalar('SELECT COUNT(*) FROM users WHERE workspace_id = ?', [seeded.workspace_id])).toBe(agentsBefore);
    expect(await scalar('SELECT COUNT(*) FROM tags WHERE workspace_id = ?', [seeded.workspace_id])).toBe(tagsBefore);
    expect(await scalar('SELECT MAX(number) FROM tickets WHERE workspace_id = ?', [seeded.workspace_id])).toBe(520);
    expect(await scalar('SELECT COUNT(*) FROM customers WHERE workspace_id = ?', [seeded.workspace_id])).toBe(55);
    // Search totals counted before the new tickets are not served after them.
    expect(await searchGeneration()).toBeGreaterThan(generationBefore);
    // The API's own next ticket takes the number after the seeded ones.
    const created = await server.http
      .post('/api/v1/tickets')
      .set(bearer(again.api_key))
      .send({ subject: 'After the seed', customer_email: 'after.seed@example.com' })
      .expect(201);
    expect(created.body.data.number).toBe(521);
  });

  it('shows none of it to another workspace', async () => {
    const other = await createWorkspace(server.app, 'Elsewhere');
    const key = bearer(other.admin.key);
    for (const path of ['/api/v1/tickets', '/api/v1/customers', '/api/v1/conversations', '/api/v1/tickets?q=refund']) {
      const listed = await server.http.get(path).set(key).expect(200);
      expect({ path, total: listed.body.meta.total }).toEqual({ path, total: 0 });
    }
    const tags = await server.http.get('/api/v1/tags').set(key).expect(200);
    expect(tags.body.data).toEqual([]);
    const [one] = await query<{ id: string }>('SELECT id FROM tickets WHERE workspace_id = ? LIMIT 1', [seeded.workspace_id]);
    await server.http.get(`/api/v1/tickets/${one.id}`).set(key).expect(404);
    await server.http.get('/api/v1/users/me').set(bearer(seeded.api_key)).expect(200);
    await server.http.get(`/api/v1/tickets/${one.id}`).set(bearer(seeded.api_key)).expect(200);
  });

  it('refuses a bad count and an unknown workspace with a message and exit code 1', async () => {
    const failure = (args: string[]) =>
      run(process.execPath, [CLI, 'seed:demo', ...args], { env: { ...process.env, DATABASE_URL: database.url } }).then(
        () => {
          throw new Error('expected the command to fail');
        },
        (error: { code: number; stderr: string; stdout: string }) => error,
      );
    const bad = await failure(['--tickets', 'lots']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe(
      "error: option '--tickets <count>' argument 'lots' is invalid. must be a whole number from 1 to 10000000 (k and m suffixes allowed).\n",
    );
    expect(bad.stdout).toBe('');
    const unknown = await failure(['--tickets', '5', '--workspace-id', 'ws_nope']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^error: no workspace ws_nope/);
  });
});
