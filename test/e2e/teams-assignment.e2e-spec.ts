import type { Role } from '@relay/auth';
import { postgresApis } from '../helpers/postgres-apis';
import { addUser, bearer, createWorkspace, Session, startTestApp, TestApp } from '../helpers/test-app';
import { isPostgresRun } from '../helpers/test-database';

/**
 * `count` calls all in flight at once, as a burst from a web form or an import would send them:
 * each process runs one team's creates one at a time (TeamTurnQueue), so the burst waits in
 * memory, not on the pool's connections (which answered 503 past its 5 s wait).
 */
function concurrently<T>(count: number, call: (i: number) => Promise<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: count }, (_, i) => call(i)));
}

// Contract §10: tickets' team_id (validation, membership, filters, export) and automatic
// assignment (round robin, least loaded, caps, waiting tickets assigned when room appears).
describe('teams: tickets and assignment', () => {
  let t: TestApp;
  let ws: Record<Role, Session>;
  let other: Record<Role, Session>;
  let seq = 0;
  beforeAll(async () => {
    t = await startTestApp();
    ws = await createWorkspace(t.app, 'Routing');
    other = await createWorkspace(t.app, 'Other');
  });
  afterAll(() => t.close());

  const call = (method: 'get' | 'post' | 'patch' | 'put' | 'delete', path: string, body?: object, key = ws.admin.key) => {
    const req = t.http[method](`/api/v1${path}`).set(bearer(key));
    return body ? req.send(body) : req;
  };
  const team = async (body: object) => (await call('post', '/teams', { name: `Team ${++seq}`, ...body }).expect(201)).body.data;
  const agent = async () => (await addUser(t.app, ws.admin.workspaceId, 'agent', `a${++seq}-${Date.now()}@example.com`)).userId;
  const ticket = async (body: object = {}, status = 201) =>
    (await call('post', '/tickets', { subject: `T ${++seq}`, customer_email: 'route@example.com', ...body }).expect(status)).body;
  const events = async (type: string) =>
    (await call('get', `/events?type=${type}&limit=100`).expect(200)).body.data as {
      data: { id: string };
      changes: object;
      context?: object;
      actor: object;
    }[];

  it('takes team_id on create and patch, validates it, and filters by it', async () => {
    const billing = await team({});
    const gone = await team({});
    await call('delete', `/teams/${gone.id}`).expect(204);
    const foreign = (await call('post', '/teams', { name: 'Foreign' }, other.admin.key).expect(201)).body.data;

    const created = (await ticket({ team_id: billing.id })).data;
    expect(created.team_id).toBe(billing.id);
    expect((await ticket({ team_id: 'team_nope' }, 404)).error.details[0].field).toBe('team_id');
    expect((await ticket({ team_id: foreign.id }, 404)).error.details[0].field).toBe('team_id');
    expect((await ticket({ team_id: gone.id }, 400)).error.details[0].field).toBe('team_id');
    await ticket({ team_id: null }, 400);

    const plain = (await ticket()).data;
    expect(plain.team_id).toBeNull();
    const moved = (await call('patch', `/tickets/${plain.id}`, { team_id: billing.id }).expect(200)).body.data;
    expect(moved.team_id).toBe(billing.id);

    const ids = async (query: string) =>
      (await call('get', `/tickets?${query}&limit=100`).expect(200)).body.data.map((x: { id: string }) => x.id).sort();
    expect(await ids(`team_id=${billing.id}`)).toEqual([created.id, plain.id].sort());
    const none = await ids('team_id=none');
    expect(none).not.toContain(created.id);
    expect(await ids(`team_id=none,${billing.id}`)).toEqual([...none, created.id, plain.id].sort());
    expect(await ids(`team_id=${foreign.id}`)).toEqual([]);
    const total = (await call('get', `/tickets?team_id=${billing.id}`).expect(200)).body.meta.total;
    expect(total).toBe(2);

    // A cached page must not outlive a change of team.
    await call('patch', `/tickets/${plain.id}`, { team_id: null }).expect(200);
    expect(await ids(`team_id=${billing.id}`)).toEqual([created.id]);

    const csv = (await call('get', `/tickets/export?format=csv&team_id=${billing.id}`).expect(200)).text.trim().split('\r\n');
    expect(csv[0].endsWith(',team_id')).toBe(true);
    expect(csv).toHaveLength(2);
    expect(csv[1].endsWith(`,${billing.id}`)).toBe(true);

    const analytics = (await call('get', `/analytics/summary?team_id=${billing.id}`).expect(200)).body.data;
    expect(analytics.created).toBe(1);
    const perTeam = (await call('get', `/analytics/teams`, undefined, ws.viewer.key).expect(200)).body.data;
    expect(perTeam.find((row: { team_id: string }) => row.team_id === billing.id)).toEqual({
      team_id: billing.id,
      name: billing.name,
      created: 1,
      resolved: 0,
      backlog: 1,
      unassigned_now: 1,
      first_response_seconds: { median: null },
    });
    expect((await call('get', `/analytics/teams?team_id=${billing.id}`).expect(200)).body.data).toHaveLength(1);

    const res = await call('delete', `/teams/${billing.id}`).expect(409);
    expect(res.body.error.details[0]).toMatchObject({ ticket_count: 1 });
    await call('patch', `/tickets/${created.id}`, { status: 'resolved' }).expect(200);
    await call('delete', `/teams/${billing.id}`).expect(204);
  });

  it('requires an active agent or admin as assignee, a member of the team when both are set', async () => {
    const member = await agent();
    const outsider = await agent();
    const squad = await team({ member_ids: [member] });
    expect((await ticket({ assignee_id: ws.viewer.userId }, 400)).error.details[0].field).toBe('assignee_id');
    expect((await ticket({ assignee_id: 'usr_nope' }, 404)).error.details[0].field).toBe('assignee_id');
    expect((await ticket({ team_id: squad.id, assignee_id: outsider }, 400)).error.details[0].field).toBe('assignee_id');
    const inactive = await agent();
    await call('patch', `/users/${inactive}`, { active: false }).expect(200);
    await ticket({ assignee_id: inactive }, 400);

    const both = (await ticket({ team_id: squad.id, assignee_id: member })).data;
    expect(both).toMatchObject({ team_id: squad.id, assignee_id: member });
    await call('patch', `/tickets/${both.id}`, { assignee_id: outsider }).expect(400);

    // The team alone, with an assignee outside it: the assignee goes in the same change.
    const mine = (await ticket({ assignee_id: outsider })).data;
    const patched = (await call('patch', `/tickets/${mine.id}`, { team_id: squad.id }).expect(200)).body.data;
    expect(patched).toMatchObject({ team_id: squad.id, assignee_id: null });
    const updated = (await events('ticket.updated')).find((e) => e.data.id === mine.id)!;
    expect(updated.changes).toEqual({ assignee_id: { from: outsider, to: null }, team_id: { from: null, to: squad.id } });
    const assigned = (await events('ticket.assigned')).filter((e) => e.data.id === mine.id);
    expect(assigned.map((e) => e.changes)).toEqual([
      { team_id: { from: null, to: squad.id }, assignee_id: { from: outsider, to: null } },
      { assignee_id: { from: null, to: outsider } },
    ]);
    expect(assigned[0]).toMatchObject({ context: { method: 'manual', team_id: squad.id, rule_id: null } });
  });

  it('round robin hands 300 concurrent creates out 100/100/100', async () => {
    const agents = [await agent(), await agent(), await agent()];
    const rr = await team({ assignment_method: 'round_robin', member_ids: agents });
    const results = await concurrently(300, () => ticket({ team_id: rr.id }));
    const counts = new Map<string, number>();
    for (const { data } of results) counts.set(data.assignee_id, (counts.get(data.assignee_id) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual([...agents].sort());
    expect([...counts.values()]).toEqual([100, 100, 100]);
    const members = (await call('get', `/teams/${rr.id}/members`).expect(200)).body.data;
    expect(members.map((m: { open_assigned: number }) => m.open_assigned)).toEqual([100, 100, 100]);
  }, 120_000);

  it('least loaded picks the member with fewest open tickets', async () => {
    const [busy, idle] = [await agent(), await agent()];
    await ticket({ assignee_id: busy });
    const ll = await team({ assignment_method: 'least_loaded', member_ids: [busy, idle] });
    expect((await ticket({ team_id: ll.id })).data.assignee_id).toBe(idle);
    expect((await ticket({ team_id: ll.id })).data.assignee_id).toBe(idle === [busy, idle].sort()[0] ? idle : busy);
  });

  it('with the cap reached tickets wait; capacity assigns them oldest first in the transaction that freed it', async () => {
    const first = await agent();
    const capped = await team({ assignment_method: 'round_robin', max_open_per_agent: 1, member_ids: [first] });
    const a = (await ticket({ team_id: capped.id })).data;
    expect(a.assignee_id).toBe(first);
    const waiting = [
      (await ticket({ team_id: capped.id })).data,
      (await ticket({ team_id: capped.id })).data,
      (await ticket({ team_id: capped.id })).data,
    ];
    expect(waiting.map((w) => w.assignee_id)).toEqual([null, null, null]);

    const now = (await call('post', `/tickets/${waiting[2].id}/assign`, {}).expect(200)).body;
    expect(now.meta).toEqual({ assignment: 'waiting' });

    // A new member takes the oldest waiting ticket, within the response of the change.
    const second = await agent();
    await call('post', `/teams/${capped.id}/members`, { user_ids: [second] }).expect(200);
    const get = async (id: string) => (await call('get', `/tickets/${id}`).expect(200)).body.data;
    expect((await get(waiting[0].id)).assignee_id).toBe(second);
    expect((await get(waiting[1].id)).assignee_id).toBeNull();

    // Resolving a ticket lowers the load under the cap: the next oldest goes to that agent.
    await call('patch', `/tickets/${a.id}`, { status: 'resolved' }).expect(200);
    expect((await get(waiting[1].id)).assignee_id).toBe(first);
    expect((await get(waiting[2].id)).assignee_id).toBeNull();

    // Raising the cap makes room too.
    await call('patch', `/teams/${capped.id}`, { max_open_per_agent: 2 }).expect(200);
    expect((await get(waiting[2].id)).assignee_id).not.toBeNull();
    const assigned = (await events('ticket.assigned')).filter((e) => e.data.id === waiting[0].id);
    expect(assigned[0].changes).toEqual({ assignee_id: { from: null, to: second } });
    expect(assigned[0]).toMatchObject({
      context: { method: 'round_robin', team_id: capped.id, rule_id: null },
      actor: { type: 'user', id: ws.admin.userId },
    });
  });

  it('POST /tickets/{id}/assign: 400 without a team or for method none, 404 for another workspace', async () => {
    const none = await team({});
    const plain = (await ticket()).data;
    expect((await call('post', `/tickets/${plain.id}/assign`, {}).expect(400)).body.error.details[0].field).toBe('team_id');
    await call('post', `/tickets/${plain.id}/assign`, { team_id: none.id }).expect(400);
    await call('post', `/tickets/${plain.id}/assign`, {}, other.admin.key).expect(404);
    await call('post', `/tickets/${plain.id}/assign`, {}, ws.viewer.key).expect(403);
    const member = await agent();
    const rr = await team({ assignment_method: 'round_robin', member_ids: [member] });
    const res = (await call('post', `/tickets/${plain.id}/assign`, { team_id: rr.id }).expect(200)).body;
    expect(res.data).toMatchObject({ team_id: rr.id, assignee_id: member });
    expect(res.meta).toEqual({ assignment: 'assigned' });
  });
});

// Two API processes on one PostgreSQL: the state row's lock holds across processes.
const describePg = isPostgresRun() ? describe : describe.skip;

describePg('teams: round robin through two API processes on PostgreSQL', () => {
  const { apis, call } = postgresApis('teams');

  it('hands 300 concurrent creates out 100/100/100', async () => {
    const agents: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await call(apis[0], 'POST', '/users', { email: `rr${i}@example.com`, name: `RR ${i}`, role: 'agent' });
      expect(res.status).toBe(201);
      agents.push(res.body.data.id);
    }
    const rr = await call(apis[1], 'POST', '/teams', { name: 'Round robin', assignment_method: 'round_robin', member_ids: agents });
    expect(rr.status).toBe(201);
    const results = await concurrently(300, (i) =>
      call(apis[i % 2], 'POST', '/tickets', { subject: `RR ${i}`, customer_email: `c${i % 20}@example.com`, team_id: rr.body.data.id }),
    );
    expect(results.filter((r) => r.status !== 201)).toEqual([]);
    const counts = new Map<string, number>();
    for (const { body } of results) counts.set(body.data.assignee_id, (counts.get(body.data.assignee_id) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual([...agents].sort());
    expect([...counts.values()]).toEqual([100, 100, 100]);
  }, 120_000);
});
