import type { Role } from '@relay/auth';
import { DataSource } from 'typeorm';
import { RunLogRetention } from '@relay/automation';
import { addUser, bearer, createWorkspace, Session, startTestApp, TestApp } from '../helpers/test-app';
import { sql } from '../helpers/ticket-fixtures';

// Contract §11 run log (GET /rules/{id}/runs, GET /tickets/{id}/automation-runs) and §10's
// team delete refused while an enabled rule names the team.
describe('rule run log and rules naming teams', () => {
  let t: TestApp;
  let ws: Record<Role, Session>;
  let other: Record<Role, Session>;

  beforeAll(async () => {
    t = await startTestApp();
    ws = await createWorkspace(t.app, 'Runs');
    other = await createWorkspace(t.app, 'Other');
  });
  afterAll(() => t.close());

  const get = (path: string, key = ws.admin.key, query: object = {}) => t.http.get(`/api/v1${path}`).query(query).set(bearer(key));
  const post = async (path: string, body: object, key = ws.admin.key) =>
    (await t.http.post(`/api/v1${path}`).set(bearer(key)).send(body).expect(201)).body.data;
  const rule = (body: object, key = ws.admin.key) => post('/rules', body, key);
  const ticket = (body: object, key = ws.admin.key) => post('/tickets', { customer_email: 'ann@acme.com', ...body }, key);
  const tagVip = (name: string, extra: object = {}) => ({
    name,
    events: ['ticket.created'],
    conditions: { all: [{ field: 'ticket.subject', operator: 'contains', value: 'vip' }], any: [] },
    actions: [{ type: 'add_tags', tags: ['vip'] }],
    ...extra,
  });

  it('answers empty lists in the list envelope before anything ran', async () => {
    const quiet = await rule({ ...tagVip('Quiet'), enabled: false });
    const plain = await ticket({ subject: 'Nothing here' });
    const empty = { data: [], meta: { limit: 50, total: 0, next_cursor: null } };
    expect((await get(`/rules/${quiet.id}/runs`).expect(200)).body).toEqual(empty);
    expect((await get(`/tickets/${plain.id}/automation-runs`).expect(200)).body).toEqual(empty);
  });

  it("refuses another workspace's rule and ticket with 404, and unknown ids too", async () => {
    const theirs = await rule(tagVip('Theirs'), other.admin.key);
    const theirTicket = await ticket({ subject: 'vip theirs' }, other.admin.key);
    for (const path of [
      `/rules/${theirs.id}/runs`,
      `/tickets/${theirTicket.id}/automation-runs`,
      '/rules/rul_nope/runs',
      '/tickets/tkt_nope/automation-runs',
    ]) {
      expect((await get(path).expect(404)).body.error.code).toBe('not_found');
    }
  });

  it('needs rules:read, and tickets:read as well for a ticket’s runs (403)', async () => {
    const mine = await rule({ ...tagVip('Scoped'), enabled: false });
    const plain = await ticket({ subject: 'Scoped' });
    const ticketsOnly = await addUser(t.app, ws.admin.workspaceId, 'agent', 'tickets-only@example.com', ['tickets:read']);
    const rulesOnly = await addUser(t.app, ws.admin.workspaceId, 'agent', 'rules-only@example.com', ['rules:read']);
    expect((await get(`/rules/${mine.id}/runs`, ticketsOnly.key).expect(403)).body.error.code).toBe('forbidden');
    await get(`/tickets/${plain.id}/automation-runs`, ticketsOnly.key).expect(403);
    await get(`/tickets/${plain.id}/automation-runs`, rulesOnly.key).expect(403);
    await get(`/rules/${mine.id}/runs`, rulesOnly.key).expect(200);
    await get(`/tickets/${plain.id}/automation-runs`, ws.viewer.key).expect(200);
  });

  it('refuses bad filters and paging with 400', async () => {
    const mine = await rule({ ...tagVip('Filters'), enabled: false });
    const plain = await ticket({ subject: 'Filters' });
    for (const query of [
      { status: 'done' },
      { created_after: 'yesterday' },
      { limit: 0 },
      { limit: 101 },
      { cursor: 'garbage' },
      { sort: 'name' },
    ]) {
      const res = await get(`/rules/${mine.id}/runs`, ws.admin.key, query).expect(400);
      expect(res.body.error.code).toMatch(/^(validation_failed|invalid_cursor)$/);
    }
    for (const query of [{ order: 'up' }, { cursor: 'garbage' }, { status: 'applied' }]) {
      await get(`/tickets/${plain.id}/automation-runs`, ws.admin.key, query).expect(400);
    }
  });

  it('logs every firing: per rule newest first, per ticket oldest first, with filters and stable paging', async () => {
    const tagger = await rule(tagVip('Log tags'));
    const raiser = await rule({ ...tagVip('Log priority'), actions: [{ type: 'set_priority', priority: 'high' }] });
    const made = [];
    for (let i = 0; i < 3; i++) made.push(await ticket({ subject: `vip ${i}` }));
    const history = (await get(`/tickets/${made[0].id}/automation-runs`).expect(200)).body;
    expect(history.meta).toEqual({ limit: 50, total: 2, next_cursor: null });
    expect(new Set(history.data.map((r: { rule_id: string }) => r.rule_id))).toEqual(new Set([tagger.id, raiser.id]));
    expect(history.data[0].created_at <= history.data[1].created_at).toBe(true);
    const tagRun = history.data.find((r: { rule_id: string }) => r.rule_id === tagger.id);
    expect(tagRun).toEqual({
      id: expect.any(String),
      rule_id: tagger.id,
      rule_version: 1,
      ticket_id: made[0].id,
      trigger: 'ticket.created',
      trigger_event_id: expect.any(String),
      actor: expect.objectContaining({ type: 'user', id: ws.admin.userId }),
      status: 'applied',
      actions: [{ index: 0, type: 'add_tags', status: 'applied', changes: { tags: { from: [], to: ['vip'] } }, error: null }],
      created_at: expect.stringMatching(/Z$/),
    });

    const runs = (await get(`/rules/${tagger.id}/runs`).expect(200)).body;
    expect(runs.meta.total).toBe(3);
    expect(runs.data.map((r: { ticket_id: string }) => r.ticket_id)).toEqual(made.map((m) => m.id).reverse());
    const byTicket = (await get(`/rules/${tagger.id}/runs`, ws.admin.key, { ticket_id: made[1].id }).expect(200)).body;
    expect(byTicket.data.map((r: { ticket_id: string }) => r.ticket_id)).toEqual([made[1].id]);
    expect((await get(`/rules/${tagger.id}/runs`, ws.admin.key, { status: 'failed' }).expect(200)).body.meta.total).toBe(0);
    expect((await get(`/rules/${tagger.id}/runs`, ws.admin.key, { status: 'applied' }).expect(200)).body.meta.total).toBe(3);
    expect((await get(`/rules/${tagger.id}/runs`, ws.admin.key, { created_after: '2999-01-01' }).expect(200)).body.data).toEqual([]);
    // Another workspace's ticket id filters to nothing rather than failing.
    const theirs = await ticket({ subject: 'not mine' }, other.admin.key);
    expect((await get(`/rules/${tagger.id}/runs`, ws.admin.key, { ticket_id: theirs.id }).expect(200)).body.meta.total).toBe(0);

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = (await get(`/rules/${tagger.id}/runs`, ws.admin.key, { limit: 1, ...(cursor ? { cursor } : {}) }).expect(200)).body;
      seen.push(...page.data.map((r: { id: string }) => r.id));
      cursor = page.meta.next_cursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(runs.data.map((r: { id: string }) => r.id));
  });

  it('refuses to delete a team an enabled rule names (409 with the rule ids); disabled rules do not count', async () => {
    const team = await post('/teams', { name: 'Named' });
    const setter = await rule({ ...tagVip('Route to Named'), actions: [{ type: 'set_team', team_id: team.id }] });
    const tester = await rule({
      ...tagVip('Test Named'),
      conditions: { all: [{ field: 'ticket.team_id', operator: 'in', value: [team.id] }], any: [] },
    });
    const res = await t.http.delete(`/api/v1/teams/${team.id}`).set(bearer(ws.admin.key)).expect(409);
    expect(res.body.error).toMatchObject({ code: 'conflict', details: [{ field: 'id' }] });
    expect(new Set(res.body.error.details[0].rule_ids)).toEqual(new Set([setter.id, tester.id]));
    for (const id of [setter.id, tester.id]) {
      await t.http.patch(`/api/v1/rules/${id}`).set(bearer(ws.admin.key)).send({ enabled: false }).expect(200);
    }
    await t.http.delete(`/api/v1/teams/${team.id}`).set(bearer(ws.admin.key)).expect(204);
  });

  it('forgets runs older than AUTOMATION_RUN_RETENTION_DAYS, and only those', async () => {
    const keeper = await rule(tagVip('Retained'));
    const [old, recent] = [await ticket({ subject: 'vip old' }), await ticket({ subject: 'vip recent' })];
    const runOf = async (ticketId: string) =>
      (await get(`/rules/${keeper.id}/runs`, ws.admin.key, { ticket_id: ticketId }).expect(200)).body.data as { id: string }[];
    const [aged] = await runOf(old.id);
    // The clock cannot be moved for the server: the entry is made 91 days old where it is stored.
    await sql(t.app.get(DataSource), 'UPDATE rule_runs SET created_at = :at WHERE id = :id', {
      at: Date.now() - 91 * 86_400_000,
      id: aged.id,
    });
    await t.app.get(RunLogRetention).sweep();
    expect(await runOf(old.id)).toEqual([]);
    expect(await runOf(recent.id)).toHaveLength(1);
  });
});
