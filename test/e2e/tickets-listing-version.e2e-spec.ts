import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { TransactionRunner } from '@relay/database';
import { bearer, createWorkspace, Session, startTestApp, TestApp } from '../helpers/test-app';

jest.setTimeout(60_000);

/**
 * Tables a ticket listing may read that need not move the version themselves: each is written
 * only in the transaction that changes the rows it is derived from, which moves it already.
 */
const DERIVED: Record<string, string> = {
  ticket_search: 'search documents of tickets and conversations, rewritten in their transaction',
  ticket_search_generations: 'moved with each rewrite of the search documents',
  ticket_search_pending: 'search documents waiting for their rewrite, queued by ticket and conversation writes',
  ticket_status_counts: 'counts kept by every ticket write',
  tag_status_counts: 'counts kept by every tag link write',
  ticket_listing_versions: 'the version itself',
};

/** Tables a statement reads (FROM / JOIN, schema-qualified or not), never the functions (`json_each(…)`). */
function tablesRead(sql: string): string[] {
  return [...sql.matchAll(/\b(?:FROM|JOIN)\s+(?:"?[A-Za-z_][A-Za-z0-9_]*"?\.)?"?([A-Za-z_][A-Za-z0-9_]*)\b"?(?!\s*\()/gi)].map((match) =>
    match[1].toLowerCase(),
  );
}

// The ticket page cache keeps a page while the workspace's listing version stands (migrations
// TicketListingVersions, TicketListingCustomers): every table a listing's filters or rendered
// fields read must move it. The tables are not listed by hand: every statement the listings run
// (each filter, sort, search, tags, a second page) is recorded, and a write to each table read
// must move the version.
/** Tables only the process's timers read (the job runner's poll, the run-log sweep), never a listing or a report. */
const TIMERS = new Set(['jobs', 'rule_runs']);

describe('tickets: every table a listing reads moves the listing version', () => {
  let t: TestApp;
  let ws: Record<'admin' | 'agent' | 'viewer', Session>;
  let dataSource: DataSource;
  let isPostgres: boolean;
  let recording: string[] | undefined;
  const get = (path: string) => t.http.get(`/api/v1${path}`).set(bearer(ws.agent.key));
  const sql = (text: string) =>
    isPostgres ? text.replace(/\?/g, (_, i: number, all: string) => `$${all.slice(0, i).split('?').length}`) : text;
  const version = async () => {
    // Summed: on PostgreSQL the version is a row per slot (migration PostgresCounterSlots).
    const rows: { version: string | number | null }[] = await dataSource.query(
      sql('SELECT SUM(version) AS version FROM ticket_listing_versions WHERE workspace_id = ?'),
      [ws.agent.workspaceId],
    );
    return rows.length ? Number(rows[0].version) : 0;
  };

  // pg_stat_activity: the sync horizon's own read (PostgreSQL), not workspace data.
  const tablesOf = (statements: string[]) =>
    [...new Set(statements.flatMap(tablesRead))].filter((table) => !table.startsWith('pg_') && !TIMERS.has(table)).sort();
  /** The tables among `tables` (the derived ones aside) whose rows of the workspace can be written without moving its version. */
  const unmoved = async (tables: string[]) => {
    const still: string[] = [];
    for (const table of tables.filter((name) => !(name in DERIVED))) {
      const before = await version();
      await dataSource.query(sql(`UPDATE ${table} SET workspace_id = workspace_id WHERE workspace_id = ?`), [ws.agent.workspaceId]);
      if ((await version()) === before) still.push(table);
    }
    return still;
  };

  beforeAll(async () => {
    // No delivery work in the background: only the requests' own statements are recorded.
    t = await startTestApp({ WEBHOOK_DELIVERY: 'off' });
    ws = await createWorkspace(t.app);
    dataSource = t.app.get(DataSource);
    isPostgres = t.app.get(TransactionRunner).isPostgres;
    // Every statement text the app sends its database while `recording` is set.
    if (isPostgres) {
      const query = Client.prototype.query as (...args: unknown[]) => unknown;
      jest.spyOn(Client.prototype, 'query').mockImplementation(function (this: Client, ...args: unknown[]) {
        const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string }).text;
        if (text) recording?.push(text);
        return query.apply(this, args);
      } as never);
    } else {
      const connection = (dataSource.driver as unknown as { databaseConnection: { prepare(text: string): unknown } }).databaseConnection;
      const prepare = connection.prepare.bind(connection);
      connection.prepare = (text: string) => {
        recording?.push(text);
        return prepare(text);
      };
    }
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await t?.close();
  });

  it('a customer whose email changes leaves the customer_email listings at once, from a kept page too', async () => {
    const ticket = (
      await t.http
        .post('/api/v1/tickets')
        .set(bearer(ws.agent.key))
        .send({ subject: 'Mine', customer_email: 'old@example.com' })
        .expect(201)
    ).body.data;
    for (let i = 0; i < 2; i++)
      expect((await get('/tickets?customer_email=old@example.com').expect(200)).body.data.map((x: { id: string }) => x.id)).toEqual([
        ticket.id,
      ]);
    expect((await get('/tickets?customer_email=new@example.com').expect(200)).body.data).toEqual([]);
    await t.http.patch(`/api/v1/customers/${ticket.customer_id}`).set(bearer(ws.agent.key)).send({ email: 'new@example.com' }).expect(200);
    expect((await get('/tickets?customer_email=old@example.com').expect(200)).body.data).toEqual([]);
    expect((await get('/tickets?customer_email=new@example.com').expect(200)).body.data.map((x: { id: string }) => x.id)).toEqual([
      ticket.id,
    ]);
  });

  it('every table the listing filters, sorts, searches and renders read moves the version when written', async () => {
    const post = (path: string, body: object) => t.http.post(`/api/v1${path}`).set(bearer(ws.agent.key)).send(body).expect(201);
    const assignee = ws.agent.userId;
    const first = (
      await post('/tickets', {
        subject: 'Refund wanted',
        customer_email: 'pat@example.com',
        tags: ['billing', 'vip'],
        assignee_id: assignee,
        external_id: 'crm-1',
        description: 'Please refund order 42',
      })
    ).body.data;
    await post('/tickets', { subject: 'Another', customer_email: 'sam@example.com', tags: ['billing'] });

    // What any authenticated request reads (the key, the user) is not the listing's.
    recording = [];
    await get('/users/me').expect(200);
    const plumbing = new Set(recording);

    recording = [];
    const queries = [
      '',
      'status=open,pending',
      'priority=normal',
      'tag=billing',
      'tag=billing&tag=vip',
      'tag=billing&status=open&priority=normal',
      `assignee_id=${assignee}`,
      'assignee_id=none',
      `customer_id=${first.customer_id}`,
      'customer_email=pat@example.com',
      'channel=api',
      'external_id=crm-1',
      'created_after=2020-01-01&created_before=2100-01-01',
      'updated_after=2020-01-01',
      'q=refund',
      'q=order&tag=billing',
      'q=refund&sort=updated_at',
      'sort=updated_at&order=asc',
      'order=asc',
    ];
    for (const query of queries) {
      const page = await get(`/tickets?limit=1&${query}`).expect(200);
      if (page.body.meta.next_cursor)
        await get(`/tickets?limit=1&${query}&cursor=${encodeURIComponent(page.body.meta.next_cursor)}`).expect(200);
    }
    const tables = tablesOf(recording.filter((text) => !plumbing.has(text)));
    recording = undefined;
    expect(tables).toEqual(expect.arrayContaining(['customers', 'tags', 'ticket_tags', 'tickets']));
    expect(await unmoved(tables)).toEqual([]);
  });

  // Analytics reports are kept by the same cache (TicketsCache) under the same version: every
  // table a report reads, whatever its filters, must move it too.
  it('every table the analytics reports read moves the version when written', async () => {
    await t.http
      .post('/api/v1/tickets')
      .set(bearer(ws.agent.key))
      .send({ subject: 'Report me', customer_email: 'rita@example.com', tags: ['billing'], assignee_id: ws.agent.userId })
      .expect(201);
    recording = [];
    await get('/users/me').expect(200);
    const plumbing = new Set(recording);

    recording = [];
    const filters = ['', 'tag=billing', `assignee_id=${ws.agent.userId}`, 'assignee_id=none', 'channel=api', 'tag=billing&channel=api'];
    for (const report of ['summary', 'volume', 'volume?interval=week', 'agents']) {
      for (const filter of filters) await get(`/analytics/${report}${report.includes('?') ? '&' : '?'}${filter}`).expect(200);
    }
    const tables = tablesOf(recording.filter((text) => !plumbing.has(text)));
    recording = undefined;
    expect(tables).toEqual(expect.arrayContaining(['tags', 'ticket_tags', 'tickets', 'users']));
    expect(await unmoved(tables)).toEqual([]);
  });
});
