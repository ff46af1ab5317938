import type { Role } from '@relay/auth';
import { bearer, createWorkspace, Session, startTestApp, TestApp } from '../helpers/test-app';

// Contract §11 manual runs: POST /rules/{id}/run answers 202 with a job, GET /jobs/{id} follows it.
describe('manual rule runs as jobs', () => {
  let t: TestApp;
  let ws: Record<Role, Session>;
  let other: Record<Role, Session>;

  beforeAll(async () => {
    t = await startTestApp();
    ws = await createWorkspace(t.app, 'Jobs');
    other = await createWorkspace(t.app, 'Other');
  });
  afterAll(() => t.close());

  const created = async (path: string, body: object, key = ws.admin.key) =>
    (await t.http.post(`/api/v1${path}`).set(bearer(key)).send(body).expect(201)).body.data;
  const run = (ruleId: string, body: object, key = ws.admin.key) => t.http.post(`/api/v1/rules/${ruleId}/run`).set(bearer(key)).send(body);
  const job = (id: string, key = ws.admin.key) => t.http.get(`/api/v1/jobs/${id}`).set(bearer(key));
  const finished = async (id: string, key = ws.admin.key) => {
    for (let i = 0; i < 200; i++) {
      const body = (await job(id, key).expect(200)).body.data;
      if (body.status === 'succeeded' || body.status === 'failed') return body;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`job ${id} did not finish`);
  };
  const manualRule = (name: string, tag: string, key = ws.admin.key) =>
    created('/rules', { name, events: ['manual'], actions: [{ type: 'add_tags', tags: [tag] }] }, key);
  const tickets = async (n: number, subject: string, key = ws.admin.key) => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++)
      ids.push((await created('/tickets', { subject: `${subject} ${i}`, customer_email: 'ann@acme.com' }, key)).id);
    return ids;
  };
  const tagged = async (tag: string) =>
    (await t.http.get('/api/v1/tickets').query({ tag, limit: 1 }).set(bearer(ws.admin.key)).expect(200)).body.meta.total;

  it('applies a manual rule to every ticket of a filter, once each, as a job', async () => {
    const ids = await tickets(25, 'Sweep');
    const rule = await manualRule('Sweep', 'swept');
    const res = await run(rule.id, { filter: { q: 'Sweep' } }).expect(202);
    expect(res.body.data).toEqual({
      id: expect.stringMatching(/^job_/),
      status: 'queued',
      total: 25,
      processed: 0,
      failed: 0,
      created_at: expect.stringMatching(/Z$/),
      finished_at: null,
    });
    const done = await finished(res.body.data.id);
    expect(done).toMatchObject({ status: 'succeeded', total: 25, processed: 25, failed: 0, finished_at: expect.stringMatching(/Z$/) });
    expect(await tagged('swept')).toBe(25);
    const counted = (await t.http.get(`/api/v1/rules/${rule.id}`).set(bearer(ws.admin.key)).expect(200)).body.data;
    expect(counted).toMatchObject({ fire_count: 25, last_fired_at: expect.stringMatching(/Z$/), last_error: null });
    const runs = await t.http.get(`/api/v1/rules/${rule.id}/runs`).query({ limit: 100 }).set(bearer(ws.admin.key)).expect(200);
    expect(runs.body.meta.total).toBe(25);
    expect(new Set(runs.body.data.map((r: { ticket_id: string }) => r.ticket_id))).toEqual(new Set(ids));
    expect(runs.body.data[0]).toMatchObject({
      trigger: 'manual',
      trigger_event_id: null,
      actor: { type: 'user', id: ws.admin.userId },
      status: 'applied',
    });
    const history = await t.http.get(`/api/v1/tickets/${ids[0]}/automation-runs`).set(bearer(ws.viewer.key)).expect(200);
    expect(history.body.data).toEqual([expect.objectContaining({ rule_id: rule.id, trigger: 'manual', rule_version: 1 })]);
  });

  it('runs over chosen tickets, each once however often it is named', async () => {
    const [a, b] = await tickets(2, 'Chosen');
    const rule = await manualRule('Chosen', 'chosen');
    const res = await run(rule.id, { ticket_ids: [b, a, b] }).expect(202);
    expect(res.body.data.total).toBe(2);
    expect(await finished(res.body.data.id)).toMatchObject({ status: 'succeeded', processed: 2 });
    expect(await tagged('chosen')).toBe(2);
  });

  it('finishes at once when nothing matches', async () => {
    const rule = await manualRule('Nothing', 'nothing');
    const res = await run(rule.id, { filter: { q: 'zzzzunmatched' } }).expect(202);
    expect(res.body.data).toMatchObject({ status: 'succeeded', total: 0, processed: 0, finished_at: expect.stringMatching(/Z$/) });
  });

  it('runs a rule of other events only with force, and a disabled one only with force', async () => {
    const [id] = await tickets(1, 'Forced');
    const onCreate = await created('/rules', {
      name: 'On create',
      events: ['ticket.created'],
      actions: [{ type: 'add_tags', tags: ['forced'] }],
    });
    const refused = await run(onCreate.id, { ticket_ids: [id] }).expect(409);
    expect(refused.body.error).toMatchObject({ code: 'conflict', details: [{ field: 'force' }] });
    expect(refused.body.error.message).toContain('force: true');
    const off = await created('/rules', {
      name: 'Off',
      events: ['manual'],
      enabled: false,
      actions: [{ type: 'add_tags', tags: ['off'] }],
    });
    await run(off.id, { ticket_ids: [id] }).expect(409);
    const forced = await run(onCreate.id, { ticket_ids: [id], force: true }).expect(202);
    expect(await finished(forced.body.data.id)).toMatchObject({ status: 'succeeded', processed: 1 });
  });

  it('refuses bad bodies (400), other workspaces’ ids (404) and roles without rules:write + tickets:write (403)', async () => {
    const rule = await manualRule('Guarded', 'guarded');
    const [id] = await tickets(1, 'Guarded');
    const theirTicket = (await tickets(1, 'Theirs', other.admin.key))[0];
    const theirRule = await manualRule('Theirs', 'theirs', other.admin.key);
    for (const body of [
      {},
      { ticket_ids: [id], filter: {} },
      { ticket_ids: [] },
      { ticket_ids: [id], force: 'yes' },
      { filter: { status: ['nope'] } },
      { filter: {}, extra: 1 },
    ]) {
      expect((await run(rule.id, body).expect(400)).body.error.code).toBe('validation_failed');
    }
    const missing = await run(rule.id, { ticket_ids: [id, theirTicket] }).expect(404);
    expect(missing.body.error.details).toEqual([{ field: 'ticket_ids[1]', message: 'no such ticket' }]);
    await run(theirRule.id, { ticket_ids: [id] }).expect(404);
    await run('rul_nope', { ticket_ids: [id] }).expect(404);
    await run(rule.id, { ticket_ids: [id] }, ws.agent.key).expect(403);
    await run(rule.id, { ticket_ids: [id] }, ws.viewer.key).expect(403);
    const mine = (await run(rule.id, { ticket_ids: [id] }).expect(202)).body.data.id;
    await job(mine, other.admin.key).expect(404);
    await job('job_nope').expect(404);
    expect((await job(mine, ws.viewer.key).expect(200)).body.data.id).toBe(mine);
  });

  it("lists the workspace's jobs newest first, filtered by status, never another workspace's", async () => {
    const rule = await manualRule('Listed', 'listed');
    const [id] = await tickets(1, 'Listed');
    const mine = (await run(rule.id, { ticket_ids: [id] }).expect(202)).body.data.id;
    await finished(mine);
    const list = (await t.http.get('/api/v1/jobs').set(bearer(ws.viewer.key)).expect(200)).body;
    expect(list.data[0]).toMatchObject({ id: mine, status: 'succeeded' });
    expect(list.meta.total).toBeGreaterThan(1);
    const running = (await t.http.get('/api/v1/jobs').query({ status: 'running' }).set(bearer(ws.admin.key)).expect(200)).body;
    expect(running.data.map((j: { id: string }) => j.id)).not.toContain(mine);
    const theirs = (await t.http.get('/api/v1/jobs').set(bearer(other.admin.key)).expect(200)).body;
    expect(theirs.data.map((j: { id: string }) => j.id)).not.toContain(mine);
    await t.http.get('/api/v1/jobs').query({ status: 'done' }).set(bearer(ws.admin.key)).expect(400);
  });
});
