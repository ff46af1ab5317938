import { DataSource } from 'typeorm';
import { bearer, createWorkspace, Session, startTestApp, TestApp } from '../helpers/test-app';

interface Ticket {
  id: string;
  number: number;
  subject: string;
  created_at: string;
  updated_at: string;
}
interface Listed extends Ticket {
  status: string;
  priority: string;
  tags: string[];
}
const statuses = ['open', 'pending', 'resolved', 'closed'];
const priorities = ['low', 'normal', 'high', 'urgent'];

/** The ids of `rows` passing the status, priority and tag lists of `filter`, in the listing's order. */
const expected = (rows: Listed[], filter: Record<string, string[] | undefined>, sort: 'created_at' | 'updated_at', order: string) =>
  rows
    .filter((r) => (!filter.status || filter.status.includes(r.status)) && (!filter.priority || filter.priority.includes(r.priority)))
    .filter((r) => (filter.tag ?? []).every((tag) => r.tags.includes(tag)))
    .sort((a, b) => (order === 'asc' ? 1 : -1) * (Date.parse(a[sort]) - Date.parse(b[sort]) || (a.id < b.id ? -1 : 1)))
    .map((r) => r.id);

// Contract §2 paging and §5 `/tickets` filters: each alone, combined, full-text `q`, stable
// keyset paging while tickets are being created, and isolation between workspaces.
jest.setTimeout(60_000);

describe('tickets: filters, search and paging', () => {
  let t: TestApp;
  let ws: Record<'admin' | 'agent' | 'viewer', Session>;
  let other: Record<'admin' | 'agent' | 'viewer', Session>;
  const fx: Record<string, Ticket> = {};

  const get = (path: string, key = ws.agent.key) => t.http.get(`/api/v1${path}`).set(bearer(key));
  const post = (path: string, body: object, key = ws.agent.key) => t.http.post(`/api/v1${path}`).set(bearer(key)).send(body);
  const create = async (body: object, key = ws.agent.key): Promise<Ticket> => (await post('/tickets', body, key).expect(201)).body.data;

  /** The ids of every ticket a query matches, following next_cursor to the end. */
  async function ids(query: string, key = ws.agent.key): Promise<string[]> {
    const out: string[] = [];
    let cursor: string | null = null;
    do {
      const suffix: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const res = await get(`/tickets?limit=100&${query}${suffix}`, key);
      expect({ query, status: res.status }).toEqual({ query, status: 200 });
      out.push(...res.body.data.map((x: Ticket) => x.id));
      cursor = res.body.meta.next_cursor;
    } while (cursor);
    return out;
  }
  const named = async (query: string) => (await ids(query)).map((id) => Object.keys(fx).find((k) => fx[k].id === id) ?? id).sort();

  beforeAll(async () => {
    t = await startTestApp();
    ws = await createWorkspace(t.app, 'Filters');
    other = await createWorkspace(t.app, 'Other');
    fx.T1 = await create({
      subject: 'Refund for order 1042',
      status: 'open',
      priority: 'high',
      tags: ['billing', 'vip'],
      assignee_id: ws.agent.userId,
      channel: 'email',
      external_id: 'ext-1',
      customer_email: 'alice@example.com',
      description: 'I was charged twice',
    });
    fx.T2 = await create({ subject: 'Login broken', status: 'pending', tags: ['bug'], channel: 'web', customer_email: 'bob@example.com' });
    await post(`/tickets/${fx.T2.id}/conversations`, { type: 'reply', body: 'Please clear the cookies and retry' }).expect(201);
    // The reply moved T2: read it again so updated_at is current.
    fx.T2 = (await get(`/tickets/${fx.T2.id}`).expect(200)).body.data;
    fx.T3 = await create({
      subject: 'Refund request',
      status: 'resolved',
      priority: 'low',
      tags: ['billing'],
      assignee_id: ws.admin.userId,
      channel: 'chat',
      customer_email: 'ALICE@example.com',
    });
    fx.T4 = await create({
      subject: 'Café crème order',
      status: 'closed',
      priority: 'urgent',
      tags: ['vip'],
      channel: 'phone',
      customer_email: 'bob@example.com',
      description: 'Der Kaffee war kalt',
    });
    fx.T5 = await create({ subject: 'Question', customer_email: 'alice@example.com' });
    await post(`/tickets/${fx.T5.id}/conversations`, { type: 'note', body: 'internal: refund approved' }).expect(201);
    fx.T5 = (await get(`/tickets/${fx.T5.id}`).expect(200)).body.data;
    // Another workspace with look-alike data: it must never show up.
    await create(
      { subject: 'Refund for order 1042', tags: ['billing', 'vip'], customer_email: 'alice@example.com', external_id: 'ext-1' },
      other.agent.key,
    );
  });
  afterAll(() => t.close());

  it('lists newest first with meta', async () => {
    const res = await get('/tickets').expect(200);
    expect(res.body.meta).toEqual({ limit: 50, total: 5, next_cursor: null });
    expect(res.body.data.map((x: Ticket) => x.id)).toEqual([fx.T5, fx.T4, fx.T3, fx.T2, fx.T1].map((x) => x.id));
    const asc = await get('/tickets?order=asc').expect(200);
    expect(asc.body.data.map((x: Ticket) => x.id)).toEqual([fx.T1, fx.T2, fx.T3, fx.T4, fx.T5].map((x) => x.id));
  });

  it.each([
    ['status=open', ['T1', 'T5']],
    ['status=open,pending', ['T1', 'T2', 'T5']],
    ['status=open&status=closed', ['T1', 'T4', 'T5']],
    ['priority=high,urgent', ['T1', 'T4']],
    ['priority=normal', ['T2', 'T5']],
    ['tag=billing', ['T1', 'T3']],
    ['tag=BILLING', ['T1', 'T3']],
    ['tag=billing&tag=vip', ['T1']],
    ['tag=billing,vip', ['T1']],
    ['tag=vip,nonexistent', []],
    ['assignee_id=none', ['T2', 'T4', 'T5']],
    ['channel=phone', ['T4']],
    ['external_id=ext-1', ['T1']],
    ['customer_email=ALICE@EXAMPLE.COM', ['T1', 'T3', 'T5']],
    ['customer_email=nobody@example.com', []],
    ['status=open&tag=vip', ['T1']],
    ['priority=high,urgent&channel=phone', ['T4']],
    ['customer_email=alice@example.com&status=resolved', ['T3']],
    ['assignee_id=none&status=pending&channel=web', ['T2']],
    ['tag=vip&status=closed&priority=urgent&customer_email=bob@example.com', ['T4']],
  ])('filters %s', async (query, expected) => {
    expect(await named(query)).toEqual(expected);
  });

  it('filters by assignee and customer ids', async () => {
    expect(await named(`assignee_id=${ws.agent.userId}`)).toEqual(['T1']);
    expect(await named(`assignee_id=${ws.admin.userId}&status=resolved`)).toEqual(['T3']);
    expect(await named(`customer_id=${fx.T2.id.replace('tkt', 'cus')}`)).toEqual([]);
    const bob = (await get(`/tickets/${fx.T4.id}`).expect(200)).body.data.customer_id;
    expect(await named(`customer_id=${bob}`)).toEqual(['T2', 'T4']);
  });

  it('filters by created_after (inclusive), created_before (exclusive) and updated_after', async () => {
    const all = Object.entries(fx);
    const pick = (pred: (x: Ticket) => boolean) =>
      all
        .filter(([, x]) => pred(x))
        .map(([k]) => k)
        .sort();
    const at = fx.T3.created_at;
    expect(await named(`created_after=${at}`)).toEqual(pick((x) => x.created_at >= at));
    expect(await named(`created_before=${at}`)).toEqual(pick((x) => x.created_at < at));
    expect(await named(`created_after=${fx.T2.created_at}&created_before=${fx.T4.created_at}`)).toEqual(
      pick((x) => x.created_at >= fx.T2.created_at && x.created_at < fx.T4.created_at),
    );
    const updated = fx.T5.updated_at;
    expect(await named(`updated_after=${updated}`)).toEqual(pick((x) => x.updated_at >= updated));
    expect(await named('created_after=2999-01-01T00:00:00.000Z')).toEqual([]);
    expect(await named('created_before=2000-01-01')).toEqual([]);
  });

  it.each([
    ['q=refund', ['T1', 'T3', 'T5']],
    ['q=REFUND', ['T1', 'T3', 'T5']],
    ['q=refund%20charged', ['T1']],
    ['q=charged%20refund', ['T1']],
    ['q=cookies', ['T2']],
    ['q=clear%20LOGIN', ['T2']],
    ['q=caf%C3%A9', ['T4']],
    ['q=kaffee%20kalt', ['T4']],
    ['q=1042', ['T1']],
    ['q=refund%20nothing', []],
    ['q=ref', []],
    ['q=approved', ['T5']],
    ['q=refund&status=resolved', ['T3']],
    ['q=refund&tag=vip', ['T1']],
    // Query syntax of either engine is plain punctuation here, never an operator.
    ['q=%22refund%22*%20(NEAR', []],
    ['q=%22refund%22*%20(%20-%20%5E', ['T1', 'T3', 'T5']],
  ])('searches %s', async (query, expected) => {
    expect(await named(query)).toEqual(expected);
  });

  it('keeps search in step with subject edits and deletions', async () => {
    const ticket = await create({ subject: 'Zebra crossing', customer_email: 'z@example.com' });
    expect(await ids('q=zebra')).toEqual([ticket.id]);
    await t.http.patch(`/api/v1/tickets/${ticket.id}`).set(bearer(ws.agent.key)).send({ subject: 'Giraffe crossing' }).expect(200);
    expect(await ids('q=zebra')).toEqual([]);
    expect(await ids('q=giraffe')).toEqual([ticket.id]);
    await post(`/tickets/${ticket.id}/conversations`, { type: 'reply', body: 'okapi sighted' }).expect(201);
    expect(await ids('q=okapi%20giraffe')).toEqual([ticket.id]);
    await t.http.delete(`/api/v1/tickets/${ticket.id}`).set(bearer(ws.agent.key)).expect(204);
    expect(await ids('q=okapi')).toEqual([]);
    expect(await ids('q=giraffe')).toEqual([]);
  });

  it('finds text written around the API (a script, the database shell) at the next search', async () => {
    const ticket = await create({ subject: 'Quiet ticket', customer_email: 'q@example.com' });
    // Past the create's webhook fan-out, whose own commit would otherwise index the text first.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const dataSource = t.app.get(DataSource);
    const postgres = dataSource.options.type === 'postgres';
    const now = Date.now();
    await dataSource.query(
      `INSERT INTO conversations (id, workspace_id, ticket_id, type, body, author_type, author_id, created_at, updated_at) VALUES ${
        postgres ? '($1, $2, $3, $4, $5, $6, $7, $8, $9)' : '(?, ?, ?, ?, ?, ?, ?, ?, ?)'
      }`,
      ['cnv_written_by_a_script01', ws.agent.workspaceId, ticket.id, 'note', 'wombat spotted', 'user', null, now, now],
    );
    expect(await ids('q=wombat%20quiet')).toEqual([ticket.id]);
  });

  it("yields an empty list for another workspace's ids, and never shows its tickets", async () => {
    const theirs = (await get('/tickets', other.agent.key).expect(200)).body.data[0];
    for (const query of [`customer_id=${theirs.customer_id}`, `assignee_id=${other.agent.userId}`, 'external_id=ext-1&channel=api']) {
      expect(await ids(query)).toEqual([]);
    }
    expect(await ids('q=1042')).toEqual([fx.T1.id]);
    expect(await ids('q=1042', other.agent.key)).toEqual([theirs.id]);
  });

  it.each([
    'status=solved',
    'status=open,bogus',
    'priority=extreme',
    'channel=fax',
    'created_after=yesterday',
    'created_before=2026-13-45',
    'updated_after=1700000000',
    'q=!!!',
    `q=${Array.from({ length: 11 }, (_, i) => `w${i}`).join('%20')}`,
    `q=${'x'.repeat(201)}`,
    'limit=0',
    'limit=101',
    'sort=number',
    'order=sideways',
    'colour=red',
    'customer_id=a&customer_id=b',
  ])('refuses %s with 400', async (query) => {
    const res = await get(`/tickets?${query}`);
    expect({ query, status: res.status, code: res.body.error?.code }).toEqual({ query, status: 400, code: 'validation_failed' });
  });

  it('refuses a forged cursor, and a cursor replayed with other filters', async () => {
    expect((await get('/tickets?cursor=abc.def')).body.error.code).toBe('invalid_cursor');
    const first = (await get('/tickets?limit=2&status=open,pending,resolved').expect(200)).body.meta.next_cursor;
    const replay = await get(`/tickets?limit=2&status=open&cursor=${encodeURIComponent(first)}`);
    expect({ status: replay.status, code: replay.body.error.code }).toEqual({ status: 400, code: 'invalid_cursor' });
  });

  describe('paging 120 tickets', () => {
    let pager: Record<'admin' | 'agent' | 'viewer', Session>;
    let created: string[];

    beforeAll(async () => {
      pager = await createWorkspace(t.app, 'Pager');
      created = [];
      for (let i = 0; i < 120; i++)
        created.push((await create({ subject: `Paged ${i}`, customer_email: 'pager@example.com' }, pager.agent.key)).id);
    });

    async function pages(order: 'asc' | 'desc', between?: () => Promise<void>) {
      const sizes: number[] = [];
      const totals: number[] = [];
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const suffix: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
        const res = await get(`/tickets?limit=50&order=${order}${suffix}`, pager.agent.key).expect(200);
        sizes.push(res.body.data.length);
        totals.push(res.body.meta.total);
        seen.push(...res.body.data.map((x: Ticket) => x.id));
        cursor = res.body.meta.next_cursor;
        if (cursor && between) await between();
      } while (cursor);
      return { sizes, totals, seen };
    }

    it('serves 50 / 50 / 20 with total 120, no duplicate and no gap', async () => {
      const { sizes, totals, seen } = await pages('desc');
      expect(sizes).toEqual([50, 50, 20]);
      expect(totals).toEqual([120, 120, 120]);
      expect(seen).toEqual([...created].reverse());
    });

    it('neither skips nor repeats while tickets are created between pages', async () => {
      let extra = 0;
      const during = await pages('desc', async () => {
        for (let i = 0; i < 5; i++, extra++)
          await create({ subject: `Inserted ${extra}`, customer_email: 'pager@example.com' }, pager.agent.key);
      });
      // Newest first: tickets created meanwhile sort before the cursor; the original 120 come through exactly once.
      expect(during.seen).toEqual([...created].reverse());
      expect(during.totals).toEqual([120, 125, 130]);

      const before = (await get('/tickets?limit=1', pager.agent.key).expect(200)).body.meta.total;
      const ascending = await pages('asc', async () => {
        await create({ subject: 'Late', customer_email: 'pager@example.com' }, pager.agent.key);
      });
      // Oldest first: the ones created meanwhile come at the end, each once.
      expect(new Set(ascending.seen).size).toBe(ascending.seen.length);
      expect(ascending.seen.slice(0, 120)).toEqual(created);
      expect(ascending.seen.length).toBeGreaterThanOrEqual(before);
    });

    it('pages by updated_at too', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const suffix: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
        const res = await get(`/tickets?limit=50&sort=updated_at${suffix}`, pager.agent.key).expect(200);
        seen.push(...res.body.data.map((x: Ticket) => x.id));
        cursor = res.body.meta.next_cursor;
      } while (cursor);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toEqual(expect.arrayContaining(created));
    });
  });

  // SQLite answers q with status, priority and tags from the search documents alone (migration
  // TicketSearchFacets): every change to those must reach the documents and the exact totals.
  describe('q with status, priority and tags', () => {
    let shop: Record<'admin' | 'agent' | 'viewer', Session>;
    /** The tickets whose subject or thread holds the word `parcel`. */
    const parcels = new Set<string>();
    const filters = [
      'status=open',
      'priority=high,urgent',
      'tag=fragile',
      'status=open,pending,resolved&tag=fragile,heavy',
      'status=closed,open&priority=low,normal&tag=heavy',
      // Another filter beside them: checked on the tickets the search finds.
      'status=open,pending&assignee_id=none',
    ];

    beforeAll(async () => {
      shop = await createWorkspace(t.app, 'Shop');
      for (let i = 0; i < 16; i++) {
        const word = i % 4 === 3 ? 'Box' : 'Parcel';
        const ticket = await create(
          {
            subject: `${word} ${i}`,
            customer_email: 'shop@example.com',
            status: statuses[i % 4],
            priority: priorities[Math.floor(i / 2) % 4],
            tags: i % 3 === 0 ? ['fragile', 'heavy'] : i % 3 === 1 ? ['fragile'] : [],
          },
          shop.agent.key,
        );
        if (word === 'Parcel') parcels.add(ticket.id);
        // Every other ticket moved later, so updated_at order differs from creation order.
        if (i % 2 === 0) await patch(ticket.id, { subject: `${word} ${i}*` });
      }
    });

    const patch = (id: string, body: object) => t.http.patch(`/api/v1/tickets/${id}`).set(bearer(shop.agent.key)).send(body).expect(200);
    const all = async (): Promise<Listed[]> => (await get('/tickets?limit=100', shop.agent.key).expect(200)).body.data;
    const find = async (pick: (r: Listed) => boolean) => (await all()).find((r) => parcels.has(r.id) && pick(r))!;

    /** Every filter with q=parcel, in both sorts and orders, pages of two: the tickets and every page's total exact. */
    async function expectExact(): Promise<void> {
      const rows = await all();
      for (const filter of filters) {
        // Every ticket here has no assignee: assignee_id=none leaves them all.
        const lists = Object.fromEntries([...new URLSearchParams(filter)].map(([name, value]) => [name, value.split(',')]));
        for (const sort of ['created_at', 'updated_at'] as const)
          for (const order of ['desc', 'asc']) {
            const query = `q=parcel&${filter}&sort=${sort}&order=${order}`;
            const want = expected(
              rows.filter((r) => parcels.has(r.id)),
              lists,
              sort,
              order,
            );
            const seen: string[] = [];
            const totals: number[] = [];
            let cursor: string | null = null;
            do {
              const suffix: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
              const res = await get(`/tickets?limit=2&${query}${suffix}`, shop.agent.key).expect(200);
              seen.push(...res.body.data.map((x: Ticket) => x.id));
              totals.push(res.body.meta.total);
              cursor = res.body.meta.next_cursor;
            } while (cursor);
            expect({ query, seen, totals: [...new Set(totals)] }).toEqual({ query, seen: want, totals: [want.length] });
          }
      }
    }

    it('finds the tickets with the words and the filters, with exact totals', async () => {
      await expectExact();
    });

    it('follows status and priority changes', async () => {
      const open = await find((r) => r.status === 'open' && r.tags.includes('fragile'));
      await patch(open.id, { status: 'closed' });
      await expectExact();
      const low = await find((r) => r.priority === 'low');
      await patch(low.id, { priority: 'urgent' });
      await expectExact();
    });

    it('follows tags added and removed, replaced and deleted', async () => {
      const fragileOnly = await find((r) => r.tags.length === 1 && r.tags[0] === 'fragile');
      await post(`/tickets/${fragileOnly.id}/tags`, { tags: ['heavy'] }, shop.agent.key).expect(200);
      await expectExact();
      const both = await find((r) => r.tags.includes('heavy') && r.tags.includes('fragile'));
      await t.http.delete(`/api/v1/tickets/${both.id}/tags/fragile`).set(bearer(shop.agent.key)).expect(200);
      await expectExact();
      const bare = await find((r) => r.tags.length === 0);
      await patch(bare.id, { tags: ['heavy', 'fragile'] });
      await expectExact();

      const tags = (await get('/tags?limit=100', shop.agent.key).expect(200)).body.data as { id: string; name: string }[];
      const heavy = tags.find((tag) => tag.name === 'heavy')!;
      await t.http.delete(`/api/v1/tags/${heavy.id}`).set(bearer(shop.admin.key)).expect(204);
      await expectExact();
      // A new tag of the same name is another tag: no ticket carries it until linked.
      await post(`/tickets/${bare.id}/tags`, { tags: ['heavy'] }, shop.agent.key).expect(200);
      await expectExact();
      const dataSource = t.app.get(DataSource);
      if (dataSource.options.type !== 'postgres') {
        // The deleted tag's term left every document with its links.
        const term = `t${Buffer.from(heavy.id).toString('hex')}`;
        const [row] = await dataSource.query(`SELECT count(*) AS n FROM ticket_search WHERE ticket_search MATCH 'f : ${term}'`);
        expect(row.n).toBe(0);
      }
    });

    it('follows words written in a new conversation', async () => {
      const box = (await all()).find((r) => !parcels.has(r.id) && r.priority === 'urgent')!;
      await post(`/tickets/${box.id}/conversations`, { type: 'reply', body: 'The parcel arrived torn' }, shop.agent.key).expect(201);
      parcels.add(box.id);
      await expectExact();
    });
  });

  // Status and priority filters are read as one index range per pair and merged (migration
  // TicketListingShapes): every combination must page exactly as the whole list sorted.
  describe('status × priority × tag in every sort', () => {
    let mixed: Record<'admin' | 'agent' | 'viewer', Session>;

    beforeAll(async () => {
      mixed = await createWorkspace(t.app, 'Mixed');
      for (let i = 0; i < 24; i++) {
        const ticket = await create(
          {
            subject: `Mixed ${i}`,
            customer_email: 'mixed@example.com',
            status: statuses[i % 4],
            priority: priorities[Math.floor(i / 2) % 4],
            tags: i % 3 === 0 ? ['red', 'blue'] : i % 3 === 1 ? ['red'] : [],
          },
          mixed.agent.key,
        );
        // Every other ticket moved later, so updated_at order differs from creation order.
        if (i % 2 === 0)
          await t.http
            .patch(`/api/v1/tickets/${ticket.id}`)
            .set(bearer(mixed.agent.key))
            .send({ subject: `Mixed ${i}*` })
            .expect(200);
      }
    });

    const all = async (): Promise<Listed[]> => (await get('/tickets?limit=100', mixed.agent.key).expect(200)).body.data;

    it.each([
      [{ status: ['open'] }],
      [{ priority: ['normal'] }],
      // Eight pairs of three tickets: each range reads its share of a page first, then in full
      // where its rows may reach into the page.
      [{ status: ['open', 'pending', 'resolved', 'closed'] }],
      [{ status: ['open', 'closed'], priority: ['low', 'urgent'] }],
      [{ status: ['pending'], tag: ['red'] }],
      [{ priority: ['high', 'low'], tag: ['red'] }],
      [{ status: ['open', 'pending', 'resolved'], priority: ['normal', 'high'], tag: ['red', 'blue'] }],
      // Every ticket matches: by updated_at a page of one is read by walking the tickets and
      // looking their documents up (SQLite), with filters by starting from the matches.
      [{ q: ['mixed'] }],
      [{ q: ['mixed'], status: ['open', 'pending'], tag: ['red'] }],
    ])('pages %j like the sorted whole list', async (filter: Record<string, string[]>) => {
      const rows = await all();
      for (const sort of ['created_at', 'updated_at'] as const)
        for (const order of ['desc', 'asc']) {
          const query = [...Object.entries(filter).map(([k, v]) => `${k}=${v.join(',')}`), `sort=${sort}`, `order=${order}`].join('&');
          const seen: string[] = [];
          let cursor: string | null = null;
          let total: number | undefined;
          do {
            const suffix: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
            const res = await get(`/tickets?limit=${filter.q ? 1 : 5}&${query}${suffix}`, mixed.agent.key).expect(200);
            seen.push(...res.body.data.map((x: Ticket) => x.id));
            total ??= res.body.meta.total;
            cursor = res.body.meta.next_cursor;
          } while (cursor);
          const want = expected(rows, filter, sort, order);
          expect({ query, seen }).toEqual({ query, seen: want });
          expect({ query, total }).toEqual({ query, total: want.length });
        }
    });

    it('pages a status list whose newest tickets all have one status', async () => {
      // Twelve of each status, in blocks: the newest page is all `resolved`, more than that
      // status's share of a page, so its range must be read again in full.
      const blocks = await createWorkspace(t.app, 'Blocks');
      const made: string[] = [];
      for (const status of ['open', 'pending', 'resolved'])
        for (let i = 0; i < 12; i++)
          made.push((await create({ subject: `Block ${status} ${i}`, customer_email: 'b@example.com', status }, blocks.agent.key)).id);
      const page = await get('/tickets?status=open,pending,resolved&limit=10', blocks.agent.key).expect(200);
      expect(page.body.data.map((x: Ticket) => x.id)).toEqual(made.slice(-10).reverse());
      expect(page.body.meta.total).toBe(36);
      // Every ticket matches `block`: pages of one are read by walking the ranges and looking
      // each ticket's document up (SQLite), the total counted from the matches.
      for (const sort of ['created_at', 'updated_at']) {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const suffix: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
          const res = await get(`/tickets?q=block&status=open,pending,resolved&sort=${sort}&limit=1${suffix}`, blocks.agent.key).expect(
            200,
          );
          expect(res.body.meta.total).toBe(36);
          seen.push(...res.body.data.map((x: Ticket) => x.id));
          cursor = res.body.meta.next_cursor;
        } while (cursor);
        expect({ sort, seen }).toEqual({ sort, seen: [...made].reverse() });
      }
    });

    it("follows a ticket's new priority and updated_at in tag listings", async () => {
      const target = (await all()).find((r) => r.tags.includes('red'))!;
      const priority = target.priority === 'urgent' ? 'low' : 'urgent';
      await t.http.patch(`/api/v1/tickets/${target.id}`).set(bearer(mixed.agent.key)).send({ priority }).expect(200);
      const listed = await get(`/tickets?tag=red&priority=${priority}&sort=updated_at&limit=1`, mixed.agent.key).expect(200);
      expect(listed.body.data[0].id).toBe(target.id);
      const others = await get(`/tickets?tag=red&priority=${target.priority}&limit=100`, mixed.agent.key).expect(200);
      expect(others.body.data.map((x: Ticket) => x.id)).not.toContain(target.id);
    });
  });
});
