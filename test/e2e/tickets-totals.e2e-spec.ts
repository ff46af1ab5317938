import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { bearer, createWorkspace, Session, startTestApp, TestApp } from '../helpers/test-app';
import { createTestDatabase } from '../helpers/test-database';

jest.setTimeout(120_000);

const STATUSES = ['open', 'pending', 'resolved', 'closed'] as const;
const TAGS = ['alpha', 'beta', 'gamma'];
// Any filter besides status and one tag makes the server count the rows instead of reading its
// maintained totals: the reference every maintained total must equal.
const COUNTED = 'created_after=2000-01-01T00:00:00.000Z';

const get = async (t: TestApp, key: string, query: string) =>
  (await t.http.get(`/api/v1/tickets?${query}`).set(bearer(key)).expect(200)).body;
const total = async (t: TestApp, key: string, query: string) => (await get(t, key, `limit=1&${query}`)).meta.total as number;
/** Every id of a listing, page by page. */
const walk = async (t: TestApp, key: string, query: string) => {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await get(t, key, `limit=100&${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    ids.push(...page.data.map((ticket: { id: string }) => ticket.id));
    cursor = page.meta.next_cursor;
  } while (cursor);
  return ids;
};

/** Listings whose totals are maintained (and two that are counted), over three tag names. */
const filters = ([a, b, c]: string[]) => [
  '',
  ...STATUSES.map((s) => `status=${s}`),
  'status=open,pending',
  ...[a, b, c].map((tag) => `tag=${tag}`),
  ...[a, b, c].flatMap((tag) => STATUSES.map((s) => `status=${s}&tag=${tag}`)),
  `status=resolved,closed&tag=${b}`,
  `tag=${a},${b}`,
];

/** Every maintained total equals the counted one and the number of rows paged through. */
async function expectExact(t: TestApp, key: string, tags = TAGS): Promise<Record<string, number>> {
  const seen: Record<string, number> = {};
  for (const query of filters(tags)) {
    const maintained = await total(t, key, query);
    expect({ query, total: maintained }).toEqual({ query, total: await total(t, key, `${query}&${COUNTED}`) });
    expect({ query, total: maintained }).toEqual({ query, total: (await walk(t, key, query)).length });
    seen[query] = maintained;
  }
  return seen;
}

// `meta.total` of a listing filtered only by status and/or one tag comes from counts the write
// paths maintain (workspace × status, tag × status). They must stay exact whatever interleaves:
// creates, status changes (by PATCH and by a customer reply reopening the ticket), tag links
// and unlinks, ticket and tag deletes, on SQLite and on PostgreSQL where the requests truly
// overlap. And the cached total of a `q` search must follow every change to the text.
describe('tickets: exact totals', () => {
  let t: TestApp;
  let ws: Record<'admin' | 'agent' | 'viewer', Session>;
  let other: Record<'admin' | 'agent' | 'viewer', Session>;

  beforeAll(async () => {
    t = await startTestApp();
    ws = await createWorkspace(t.app, 'Totals');
    other = await createWorkspace(t.app, 'Other');
  });
  afterAll(() => t.close());

  it('keeps every status and tag total exact under concurrent writes', async () => {
    const pick = <T>(items: readonly T[], i: number) => items[i % items.length];
    const created = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        t.http
          .post('/api/v1/tickets')
          .set(bearer(ws.agent.key))
          .send({ subject: `Load ${i}`, customer_email: `c${i % 7}@example.com`, status: pick(STATUSES, i), tags: TAGS.slice(0, i % 4) })
          .expect(201),
      ),
    );
    const ids: string[] = created.map((res) => res.body.data.id);
    await expectExact(t, ws.agent.key);

    // Everything at once: each ticket gets one or two of these, in no particular order.
    const writes = ids.flatMap((id, i) => {
      const agent = bearer(ws.agent.key);
      const ops = [
        () =>
          t.http
            .patch(`/api/v1/tickets/${id}`)
            .set(agent)
            .send({ status: pick(STATUSES, i + 1) }),
        () =>
          t.http
            .patch(`/api/v1/tickets/${id}`)
            .set(agent)
            .send({ status: pick(STATUSES, i + 2), tags: TAGS.slice(i % 3) }),
        () =>
          t.http
            .post(`/api/v1/tickets/${id}/tags`)
            .set(agent)
            .send({ tags: [pick(TAGS, i)] }),
        () => t.http.delete(`/api/v1/tickets/${id}/tags/${pick(TAGS, i + 1)}`).set(agent),
        () =>
          t.http.post(`/api/v1/tickets/${id}/conversations`).set(agent).send({ type: 'reply', body: 'Any news?', author_type: 'customer' }),
        () => t.http.delete(`/api/v1/tickets/${id}`).set(agent),
      ];
      return i % 6 === 5 ? [ops[5]] : [pick(ops, i), pick(ops, i * 7 + 3)].slice(0, 1 + (i % 2));
    });
    const responses = await Promise.all(writes.map((write) => write()));
    for (const res of responses) expect([200, 201, 204]).toContain(res.status);
    const after = await expectExact(t, ws.agent.key);
    expect(after['']).toBe(50);

    // Deleting a tag takes it off every ticket: its totals go, the others stay as they were.
    const tags = (await t.http.get('/api/v1/tags?limit=100').set(bearer(ws.agent.key)).expect(200)).body.data;
    const beta = tags.find((tag: { name: string }) => tag.name === 'beta');
    await t.http.delete(`/api/v1/tags/${beta.id}`).set(bearer(ws.admin.key)).expect(204);
    const final = await expectExact(t, ws.agent.key);
    expect(final['tag=beta']).toBe(0);
    expect(final['status=open&tag=alpha']).toBe(after['status=open&tag=alpha']);

    // Another workspace sees none of it, and its own totals are its own.
    await t.http
      .post('/api/v1/tickets')
      .set(bearer(other.agent.key))
      .send({ subject: 'Theirs', customer_email: 'o@example.com', tags: ['alpha'] })
      .expect(201);
    expect(await total(t, other.agent.key, '')).toBe(1);
    expect(await total(t, other.agent.key, 'status=open&tag=alpha')).toBe(1);
    expect(await walk(t, other.agent.key, 'tag=alpha')).not.toContain(ids[0]);
    expect(await total(t, ws.agent.key, '')).toBe(50);
  });

  it('follows every change to the searched text in the q total', async () => {
    const key = ws.agent.key;
    const open = async (subject: string, description?: string) =>
      (await t.http.post('/api/v1/tickets').set(bearer(key)).send({ subject, customer_email: 'q@example.com', description }).expect(201))
        .body.data.id as string;
    const a = await open('Wombat sighting');
    const b = await open('Nothing here', 'A wombat in the description');
    await open('Unrelated');
    expect(await total(t, key, 'q=wombat')).toBe(2);
    expect(await total(t, key, 'q=wombat')).toBe(2);

    const c = await open('Quiet one');
    await t.http.post(`/api/v1/tickets/${c}/conversations`).set(bearer(key)).send({ type: 'note', body: 'Saw a WOMBAT today' }).expect(201);
    expect(await total(t, key, 'q=wombat')).toBe(3);
    await t.http.patch(`/api/v1/tickets/${a}`).set(bearer(key)).send({ subject: 'Kangaroo sighting' }).expect(200);
    expect(await total(t, key, 'q=wombat')).toBe(2);
    await t.http.delete(`/api/v1/tickets/${b}`).set(bearer(key)).expect(204);
    expect(await total(t, key, 'q=wombat')).toBe(1);
    expect(await walk(t, key, 'q=wombat')).toEqual([c]);
    // Several words: each may sit in another part of the thread.
    await t.http.post(`/api/v1/tickets/${c}/conversations`).set(bearer(key)).send({ type: 'reply', body: 'And a kangaroo' }).expect(201);
    expect(await walk(t, key, 'q=kangaroo%20wombat')).toEqual([c]);
    expect(await total(t, key, 'q=kangaroo')).toBe(2);

    // The other workspace's text is not searched, nor counted.
    await t.http
      .post('/api/v1/tickets')
      .set(bearer(other.agent.key))
      .send({ subject: 'wombat wombat', customer_email: 'w@example.com' })
      .expect(201);
    expect(await total(t, key, 'q=wombat')).toBe(1);
    expect(await total(t, other.agent.key, 'q=wombat')).toBe(1);
  });

  it('pages a search in creation order across tickets created within the same instant', async () => {
    const key = (await createWorkspace(t.app, 'Burst')).agent.key;
    const ids = (
      await Promise.all(
        Array.from({ length: 25 }, (_, i) =>
          t.http
            .post('/api/v1/tickets')
            .set(bearer(key))
            .send({ subject: `Burst platypus ${i}`, customer_email: 'b@example.com' })
            .expect(201),
        ),
      )
    ).map((res) => res.body.data.id as string);
    const listed = await walk(t, key, '');
    for (const order of ['desc', 'asc']) {
      const expected = order === 'desc' ? listed : [...listed].reverse();
      const searched: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await get(t, key, `limit=7&q=platypus&order=${order}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        expect(page.meta.total).toBe(25);
        searched.push(...page.data.map((ticket: { id: string }) => ticket.id));
        cursor = page.meta.next_cursor;
      } while (cursor);
      expect(searched).toEqual(expected);
    }
    expect(new Set(listed)).toEqual(new Set(ids));
  });
});

// seed:demo writes through the data layer, not the services: it must leave the same totals.
describe('seed:demo: exact totals', () => {
  it('leaves every maintained and search total equal to the counted one', async () => {
    const database = await createTestDatabase('file');
    const cli = join(__dirname, '..', '..', 'dist', 'apps', 'cli', 'src', 'main.js');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [cli, 'seed:demo', '--tickets', '400', '--customers', '40', '--seed', '7'],
      {
        env: { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'silent' },
        timeout: 120_000,
      },
    );
    const key: string = JSON.parse(stdout.trim()).api_key;
    const t = await startTestApp({}, database);
    try {
      const seen = await expectExact(t, key, ['billing', 'refund', 'vip']);
      expect(seen['']).toBe(400);
      const searched = await total(t, key, 'q=refund');
      expect(searched).toBeGreaterThan(0);
      expect(searched).toBe(await total(t, key, `q=refund&${COUNTED}`));
      expect(searched).toBe((await walk(t, key, 'q=refund')).length);
    } finally {
      await t.close();
    }
  });
});
