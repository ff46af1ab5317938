import { DataSource } from 'typeorm';
import { addUser, bearer, createWorkspace, Session, startTestApp, TestApp } from '../helpers/test-app';
import { insertTickets, sql } from '../helpers/ticket-fixtures';

// Contract §11 dry-run: a rule (draft or saved) tried on tickets, explained, nothing written.
describe('rules dry-run', () => {
  let t: TestApp;
  let admin: Session;
  let viewer: Session;
  let other: Session;
  let acme: string;
  let globex: string;
  let refund: string;

  const vip = {
    name: 'VIP',
    events: ['ticket.created'],
    conditions: {
      all: [
        { field: 'customer.email_domain', operator: 'in', value: ['acme.com'] },
        { field: 'ticket.priority', operator: 'neq', value: 'urgent' },
      ],
      any: [],
    },
    actions: [
      { type: 'set_priority', priority: 'high' },
      { type: 'add_tags', tags: ['vip'] },
    ],
  };
  const billing = {
    name: 'Billing',
    events: ['ticket.created'],
    conditions: { all: [], any: [{ field: 'conversation.body', operator: 'contains', value: 'refund' }] },
    actions: [
      { type: 'add_tags', tags: ['billing'] },
      { type: 'add_note', body: 'mentions a refund' },
    ],
  };

  const dryRun = (session: Session, body: Record<string, unknown>, id?: string) =>
    t.http
      .post(id ? `/api/v1/rules/${id}/dry-run` : '/api/v1/rules/dry-run')
      .set(bearer(session.key))
      .send(body);
  const ticket = async (session: Session, body: Record<string, unknown>) =>
    (await t.http.post('/api/v1/tickets').set(bearer(session.key)).send(body).expect(201)).body.data.id as string;

  beforeAll(async () => {
    t = await startTestApp();
    ({ admin, viewer } = await createWorkspace(t.app, 'Dry run'));
    other = (await createWorkspace(t.app, 'Other')).admin;
    acme = await ticket(admin, { subject: 'Login broken', customer_email: 'ann@acme.com', priority: 'urgent' });
    globex = await ticket(admin, { subject: 'Question', customer_email: 'bob@globex.com' });
    refund = await ticket(admin, { subject: 'Charged twice', customer_email: 'cy@acme.com', description: 'Please REFUND me' });
  });
  afterAll(() => t.close());

  it('explains a draft over chosen tickets: the failing condition and what it saw', async () => {
    const res = await dryRun(viewer, { rule: vip, ticket_ids: [acme, globex, refund] }).expect(200);
    expect(res.body.meta).toEqual({ limit: 3, next_cursor: null });
    expect(res.body.data).toMatchObject({ evaluated: 3, matched: 1 });
    const [a, g, r] = res.body.data.results;
    expect(a).toMatchObject({ ticket_id: acme, number: 1, matched: false, actions: [], would_emit: [], pass: null });
    expect(a.conditions).toEqual([
      { group: 'all', index: 0, field: 'customer.email_domain', operator: 'in', value: ['acme.com'], actual: 'acme.com', result: true },
      { group: 'all', index: 1, field: 'ticket.priority', operator: 'neq', value: 'urgent', actual: 'urgent', result: false },
    ]);
    expect(g.conditions[0]).toMatchObject({ actual: 'globex.com', result: false });
    expect(r).toMatchObject({
      ticket_id: refund,
      matched: true,
      actions: [
        { index: 0, type: 'set_priority', status: 'would_apply', changes: { priority: { from: 'normal', to: 'high' } } },
        { index: 1, type: 'add_tags', status: 'would_apply', changes: { tags: { from: [], to: ['vip'] } } },
      ],
      would_emit: [{ type: 'ticket.updated', rule_id: 'draft' }],
    });
    // Nothing was applied.
    const after = await t.http.get(`/api/v1/tickets/${refund}`).set(bearer(admin.key)).expect(200);
    expect(after.body.data).toMatchObject({ priority: 'normal', tags: [] });
  });

  it('reads the description as conversation.body on ticket.created, or the hypothetical entry given', async () => {
    const res = await dryRun(admin, { rule: billing, ticket_ids: [refund, globex] }).expect(200);
    expect(res.body.data.results.map((r: { matched: boolean }) => r.matched)).toEqual([true, false]);
    expect(res.body.data.results[0].conditions[0]).toMatchObject({ actual: 'please refund me', result: true });
    expect(res.body.data.results[0].would_emit).toEqual([
      { type: 'ticket.updated', rule_id: 'draft' },
      { type: 'conversation.created', rule_id: 'draft' },
    ]);
    const entry = await dryRun(admin, { rule: billing, ticket_ids: [globex], conversation: { body: 'a refund?' } }).expect(200);
    expect(entry.body.data.matched).toBe(1);
  });

  it('pages a filter newest first with its cursor', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { data: { results: { ticket_id: string }[] }; meta: { limit: number; next_cursor: string | null } } } =
        await dryRun(admin, {
          rule: vip,
          filter: { status: ['open'] },
          limit: 2,
          ...(cursor ? { cursor } : {}),
        }).expect(200);
      expect(res.body.meta.limit).toBe(2);
      seen.push(...res.body.data.results.map((r) => r.ticket_id));
      cursor = res.body.meta.next_cursor;
    } while (cursor);
    expect(seen).toEqual([refund, globex, acme]);
    const filtered = await dryRun(admin, { rule: vip, filter: { customer_email: 'bob@globex.com' } }).expect(200);
    expect(filtered.body.data.results.map((r: { ticket_id: string }) => r.ticket_id)).toEqual([globex]);
  });

  it('runs the pass in position order with a saved rule at its position', async () => {
    const first = (
      await t.http
        .post('/api/v1/rules')
        .set(bearer(admin.key))
        .send({
          ...vip,
          name: 'Stopper',
          conditions: { all: [], any: [] },
          actions: [{ type: 'add_tags', tags: ['seen'] }],
          stop_processing: true,
        })
        .expect(201)
    ).body.data;
    const second = (await t.http.post('/api/v1/rules').set(bearer(admin.key)).send(vip).expect(201)).body.data;
    const res = await dryRun(admin, { ticket_ids: [refund], mode: 'pass' }, second.id).expect(200);
    const [r] = res.body.data.results;
    expect(r.pass).toEqual([
      { rule_id: first.id, position: 1, matched: true, fired: true, stopped: true },
      { rule_id: second.id, position: 2, matched: false, fired: false, stopped: false },
    ]);
    // Stopped before it: not matched, yet every condition is still explained.
    expect(r).toMatchObject({ matched: false, actions: [], would_emit: [{ type: 'ticket.updated', rule_id: first.id }] });
    expect(r.conditions).toHaveLength(2);
    // A draft at position 1 runs before the stopper and sees its own changes applied after.
    const draft = await dryRun(admin, { rule: { ...vip, name: 'Draft', position: 1 }, ticket_ids: [refund], mode: 'pass' }).expect(200);
    expect(draft.body.data.results[0].pass.map((p: { rule_id: string; position: number }) => [p.rule_id, p.position])).toEqual([
      ['draft', 1],
      [first.id, 2],
      [second.id, 3],
    ]);
    expect(draft.body.data.results[0].matched).toBe(true);
    await t.http.delete(`/api/v1/rules/${first.id}`).set(bearer(admin.key)).expect(204);
    await t.http.delete(`/api/v1/rules/${second.id}`).set(bearer(admin.key)).expect(204);
  });

  it('takes exactly one of ticket_ids and filter', async () => {
    for (const body of [{ rule: vip }, { rule: vip, ticket_ids: [acme], filter: {} }]) {
      const res = await dryRun(admin, body).expect(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.details.map((d: { field: string }) => d.field)).toEqual(['ticket_ids', 'filter']);
    }
  });

  it('refuses bad bodies on their exact path', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [
        {
          rule: { ...vip, conditions: { all: [{ field: 'ticket.priority', operator: 'eq', value: 'soon' }], any: [] } },
          ticket_ids: [acme],
        },
        'rule.conditions.all[0].value',
      ],
      [{ rule: vip, ticket_ids: [] }, 'ticket_ids'],
      [{ rule: vip, filter: { status: ['gone'] } }, 'filter.status'],
      [{ rule: vip, filter: {}, limit: 501 }, 'limit'],
      [{ rule: vip, filter: {}, event: 'ticket.updated' }, 'event'],
      [{ rule: vip, filter: {}, changes: { status: { from: 'open', to: 'pending' } } }, 'changes'],
      [{ rule: vip, filter: {}, mode: 'all' }, 'mode'],
      [{ rule: vip, filter: {}, typo: 1 }, 'typo'],
    ];
    for (const [body, field] of cases) {
      const res = await dryRun(admin, body).expect(400);
      expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    }
  });

  it('needs rules:read and tickets:read', async () => {
    const noTickets = await addUser(t.app, admin.workspaceId, 'agent', 'rules-only@example.com', ['rules:read']);
    const noRules = await addUser(t.app, admin.workspaceId, 'agent', 'tickets-only@example.com', ['tickets:read']);
    for (const session of [noTickets, noRules]) {
      expect((await dryRun(session, { rule: vip, ticket_ids: [acme] }).expect(403)).body.error.code).toBe('forbidden');
    }
  });

  it("answers 404 for another workspace's rule or ticket ids", async () => {
    const theirs = (await t.http.post('/api/v1/rules').set(bearer(other.key)).send(vip).expect(201)).body.data.id;
    expect((await dryRun(admin, { ticket_ids: [acme] }, theirs).expect(404)).body.error.code).toBe('not_found');
    const res = await dryRun(other, { rule: vip, ticket_ids: [globex, acme] }).expect(404);
    expect(res.body.error.details.map((d: { field: string }) => d.field)).toEqual(['ticket_ids[0]', 'ticket_ids[1]']);
  });

  it('writes nothing: every table has the same rows and max(updated_at) after 500 tickets', async () => {
    const ws = (await createWorkspace(t.app, 'Big')).admin;
    await insertTickets(
      t,
      ws.workspaceId,
      Array.from({ length: 500 }, (_, i) => ({
        created: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
        tags: i % 50 ? [] : ['vip'],
      })),
    );
    await t.http.post('/api/v1/rules').set(bearer(ws.key)).send(billing).expect(201);
    const saved = (await t.http.post('/api/v1/rules').set(bearer(ws.key)).send(vip).expect(201)).body.data.id;
    const before = await tableState(t);
    const draft = await dryRun(ws, {
      rule: { ...vip, conditions: { all: [{ field: 'customer.email_domain', operator: 'eq', value: 'example.com' }], any: [] } },
      filter: {},
      limit: 500,
      mode: 'pass',
    }).expect(200);
    expect(draft.body.data).toMatchObject({ evaluated: 500, matched: 500 });
    expect(draft.body.meta).toEqual({ limit: 500, next_cursor: null });
    expect(draft.body.data.results[0].actions[0]).toMatchObject({
      status: 'would_apply',
      changes: { priority: { from: 'normal', to: 'high' } },
    });
    await dryRun(ws, { filter: { tag: ['vip'] }, limit: 500, mode: 'pass' }, saved).expect(200);
    expect(await tableState(t)).toEqual(before);
  });
});

/** Every table's row count and, where it has one, its greatest updated_at. */
async function tableState(t: TestApp): Promise<Record<string, unknown>> {
  const db = t.app.get(DataSource);
  const postgres = db.options.type === 'postgres';
  const tables = (
    (await db.query(
      postgres
        ? "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
        : "SELECT name FROM sqlite_master WHERE type = 'table'",
    )) as { name: string }[]
  ).map((row) => row.name);
  const state: Record<string, unknown> = {};
  for (const table of tables.sort()) {
    const columns = postgres
      ? ((await sql(
          db,
          'SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = :table',
          {
            table,
          },
        )) as { name: string }[])
      : ((await db.query(`SELECT name FROM pragma_table_info('${table}')`)) as { name: string }[]);
    const updated = columns.some((column) => column.name === 'updated_at') ? ', MAX(updated_at) AS updated' : '';
    const [row] = (await db.query(`SELECT COUNT(*) AS n${updated} FROM "${table}"`)) as { n: unknown; updated?: unknown }[];
    state[table] = { rows: Number(row.n), updated: row.updated === undefined ? null : String(row.updated) };
  }
  expect(Object.keys(state).length).toBeGreaterThan(10);
  return state;
}
