import { DataSource } from 'typeorm';
import { bearer, createWorkspace, Session, startTestApp, TestApp } from '../helpers/test-app';
import { isPostgresRun } from '../helpers/test-database';

jest.setTimeout(180_000);

interface Listed {
  id: string;
  created_at: string;
  updated_at: string;
}

/** What the test knows of a ticket: every filter a listing here can apply to it. */
interface Known {
  id: string;
  status: string;
  priority: string;
  tags: Set<string>;
  subject: string;
  bodies: string[];
}

/** Words as the API reads `q` (ticket-filters searchWords): runs of letters, marks and digits, case-folded. */
const wordsOf = (text: string) =>
  text
    .toLowerCase()
    .split(/[^\p{L}\p{M}\p{N}]+/u)
    .filter(Boolean);

/**
 * Each query's `q` with status, priority and tags: every match is found, page by page, in
 * order, and `meta.total` is exact. On PostgreSQL the search documents carry those filters as
 * lexemes (migration TicketSearchFacetsPostgres): a write to any of them must follow into the
 * documents, and a word shaped like such a lexeme must match words only. Runs on both engines.
 */
const QUERIES = [
  'q=refund&status=open',
  'q=refund&status=open,pending',
  'q=refund&priority=high',
  'q=refund&tag=billing',
  'q=refund&tag=billing,vip',
  'q=refund%20order&status=pending,open&priority=high,normal&tag=billing',
  'q=bulk&status=open',
  'q=bulk&status=pending&tag=vip',
  'q=bulk%20refund&priority=low,urgent',
  'q=refund&status=open&team_id=none',
  'q=open&status=closed',
  'q=open&status=pending',
  // Shaped like the facet lexemes: words `s`, `open`, `t`, `billing`, never the filters.
  'q==s:open',
  'q==s:open&status=closed',
  'q==t:billing%20=p:high',
];

describe('tickets: q with status, priority and tags (search facets)', () => {
  let t: TestApp;
  let ws: Record<'admin' | 'agent' | 'viewer', Session>;
  const known = new Map<string, Known>();

  const http = () => ({ auth: bearer(ws.agent.key) });
  const create = async (subject: string, status: string, priority: string, tags: string[]) => {
    const res = await t.http
      .post('/api/v1/tickets')
      .set(http().auth)
      .send({ subject, status, priority, tags, customer_email: 'facets@example.com' })
      .expect(201);
    known.set(res.body.data.id, { id: res.body.data.id, status, priority, tags: new Set(tags), subject, bodies: [] });
    return res.body.data.id as string;
  };
  const patch = async (id: string, body: { status?: string; priority?: string; subject?: string }) => {
    await t.http.patch(`/api/v1/tickets/${id}`).set(http().auth).send(body).expect(200);
    Object.assign(known.get(id)!, body);
  };

  /** The tickets a query should list: every filter of QUERIES, over what the test knows. */
  function expected(query: string): Set<string> {
    const params = new URLSearchParams(query);
    const list = (name: string) => params.get(name)?.split(',');
    const [statuses, priorities, tags] = [list('status'), list('priority'), list('tag')];
    const words = wordsOf(params.get('q') ?? '');
    return new Set(
      [...known.values()]
        .filter((ticket) => !statuses || statuses.includes(ticket.status))
        .filter((ticket) => !priorities || priorities.includes(ticket.priority))
        .filter((ticket) => !tags || tags.every((tag) => ticket.tags.has(tag)))
        .filter((ticket) => words.every((word) => wordsOf([ticket.subject, ...ticket.bodies].join(' ')).includes(word)))
        .map((ticket) => ticket.id),
    );
  }

  /** Every page of a listing: its ids in order, each page's total, and whether the order held. */
  async function walk(query: string) {
    const ids: string[] = [];
    const totals = new Set<number>();
    const [, sort, order] = /sort=(\w+)&order=(\w+)/.exec(query)!;
    let previous: Listed | undefined;
    let ordered = true;
    let cursor: string | null = null;
    do {
      const res: { body: { data: Listed[]; meta: { total: number; next_cursor: string | null } } } = await t.http
        .get(`/api/v1/tickets?${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
        .set(http().auth)
        .expect(200);
      totals.add(res.body.meta.total);
      for (const item of res.body.data as Listed[]) {
        const key = (x: Listed) => `${new Date(sort === 'created_at' ? x.created_at : x.updated_at).toISOString()} ${x.id}`;
        if (previous && (order === 'desc' ? key(previous) < key(item) : key(previous) > key(item))) ordered = false;
        previous = item;
        ids.push(item.id);
      }
      cursor = res.body.meta.next_cursor;
    } while (cursor);
    return { ids, totals: [...totals], ordered };
  }

  /**
   * Every query by both sorts and orders, in pages of one (cursors all the way; where most of the
   * candidates match, PostgreSQL walks them in page order) and of a hundred (it starts from the matches).
   */
  async function expectListings() {
    const pages = [
      'created_at&order=desc&limit=1',
      'updated_at&order=asc&limit=1',
      'created_at&order=asc&limit=100',
      'updated_at&order=desc&limit=100',
    ];
    for (const base of QUERIES) {
      const want = expected(base);
      for (const page of pages) {
        const query = `${base}&sort=${page}`;
        const got = await walk(query);
        expect({ query, ids: [...got.ids].sort(), totals: got.totals, ordered: got.ordered }).toEqual({
          query,
          ids: [...want].sort(),
          totals: [want.size],
          ordered: true,
        });
      }
    }
  }

  beforeAll(async () => {
    t = await startTestApp();
    ws = await createWorkspace(t.app, 'Facets');
  });
  afterAll(() => t.close());

  it('lists q with status, priority and tags exactly, through every write to them', async () => {
    const a = await create('Refund for order alpha', 'open', 'high', ['billing', 'vip']);
    const b = await create('Refund order beta', 'pending', 'normal', ['billing']);
    const c = await create('Refund gamma', 'open', 'low', []);
    const d = await create('Something else', 'open', 'high', ['billing']);
    // Its text spells the facet lexemes: they are words here, nothing more.
    await create('Why is =s:open and =t:billing =p:high shown', 'closed', 'urgent', []);
    const statuses = ['open', 'pending', 'open', 'resolved'];
    const priorities = ['low', 'normal', 'high', 'urgent'];
    const bulk: string[] = [];
    for (let i = 0; i < 24; i++)
      bulk.push(await create(`Bulk ${i % 3 ? 'refund' : 'question'}`, statuses[i % 4], priorities[i % 3], i % 2 ? ['vip'] : ['billing']));
    await expectListings();

    // Status and priority change.
    await patch(a, { status: 'pending' });
    await patch(b, { priority: 'high' });
    await patch(bulk[0], { status: 'pending', priority: 'urgent' });
    await expectListings();

    // Tags added, removed, replaced.
    await t.http
      .post(`/api/v1/tickets/${c}/tags`)
      .set(http().auth)
      .send({ tags: ['billing', 'vip'] })
      .expect(200);
    ['billing', 'vip'].forEach((tag) => known.get(c)!.tags.add(tag));
    await t.http.delete(`/api/v1/tickets/${a}/tags/vip`).set(http().auth).expect(200);
    known.get(a)!.tags.delete('vip');
    await expectListings();

    // A new conversation: its words join the document, the facets stay.
    await t.http
      .post(`/api/v1/tickets/${d}/conversations`)
      .set(http().auth)
      .send({ type: 'reply', body: 'The refund is on its way' })
      .expect(201);
    known.get(d)!.bodies.push('The refund is on its way');
    // A new subject: the document is derived again, facets included.
    await patch(b, { subject: 'Renamed refund' });
    await patch(bulk[3], { subject: 'No longer matching' });
    await expectListings();

    // A deleted tag leaves every ticket; a deleted ticket leaves every listing.
    const tags = (await t.http.get('/api/v1/tags?limit=100').set(http().auth).expect(200)).body.data as { id: string; name: string }[];
    const vip = tags.find((tag) => tag.name === 'vip')!;
    await t.http.delete(`/api/v1/tags/${vip.id}`).set(bearer(ws.admin.key)).expect(204);
    for (const ticket of known.values()) ticket.tags.delete('vip');
    await t.http.delete(`/api/v1/tickets/${bulk[1]}`).set(http().auth).expect(204);
    known.delete(bulk[1]);
    // A tag of that name again is another tag: only the ticket it is put on carries it.
    await t.http
      .post(`/api/v1/tickets/${bulk[2]}/tags`)
      .set(http().auth)
      .send({ tags: ['vip'] })
      .expect(200);
    known.get(bulk[2])!.tags.add('vip');
    await expectListings();

    if (isPostgresRun()) {
      // The documents themselves: no lexeme of the deleted tag is left anywhere.
      const [{ n }] = await t.app
        .get(DataSource)
        .query(`SELECT count(*) AS n FROM ticket_search WHERE document @@ CAST($1 AS tsquery)`, [`'=t:${vip.id}'`]);
      expect(Number(n)).toBe(0);
    }
  });
});
