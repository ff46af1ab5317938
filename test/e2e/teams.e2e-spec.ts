import type { Role } from '@relay/auth';
import { addUser, bearer, createWorkspace, Session, startTestApp, TestApp } from '../helpers/test-app';

// Contract §10 Teams: CRUD with live-unique names, soft delete, members limited to agents and
// admins, `team_ids` on users, permissions and workspace isolation.
describe('teams', () => {
  let t: TestApp;
  let ws: Record<Role, Session>;
  let other: Record<Role, Session>;
  beforeAll(async () => {
    t = await startTestApp();
    ws = await createWorkspace(t.app, 'Teams');
    other = await createWorkspace(t.app, 'Other');
  });
  afterAll(() => t.close());

  const api = (key = ws.admin.key) => ({
    post: (body: object) => t.http.post('/api/v1/teams').set(bearer(key)).send(body),
    patch: (id: string, body: object) => t.http.patch(`/api/v1/teams/${id}`).set(bearer(key)).send(body),
    get: (id: string) => t.http.get(`/api/v1/teams/${id}`).set(bearer(key)),
    del: (id: string) => t.http.delete(`/api/v1/teams/${id}`).set(bearer(key)),
    list: (query: object = {}) => t.http.get('/api/v1/teams').query(query).set(bearer(key)),
    members: (id: string) => t.http.get(`/api/v1/teams/${id}/members`).set(bearer(key)),
    addMembers: (id: string, user_ids: unknown) => t.http.post(`/api/v1/teams/${id}/members`).set(bearer(key)).send({ user_ids }),
    putMembers: (id: string, user_ids: unknown) => t.http.put(`/api/v1/teams/${id}/members`).set(bearer(key)).send({ user_ids }),
    patchMember: (id: string, userId: string, body: object) =>
      t.http.patch(`/api/v1/teams/${id}/members/${userId}`).set(bearer(key)).send(body),
    delMember: (id: string, userId: string) => t.http.delete(`/api/v1/teams/${id}/members/${userId}`).set(bearer(key)),
  });
  const create = async (body: object) => (await api().post(body).expect(201)).body.data;
  const events = async (type: string) =>
    (await t.http.get('/api/v1/events').query({ type, limit: 100 }).set(bearer(ws.admin.key)).expect(200)).body.data;

  it('creates a team with defaults, reads it back, and emits team.created', async () => {
    const team = await create({ name: '  Billing  ', description: 'Refunds' });
    expect(team).toEqual({
      id: expect.stringMatching(/^team_/),
      name: 'Billing',
      description: 'Refunds',
      assignment_method: 'none',
      max_open_per_agent: null,
      member_count: 0,
      created_at: expect.stringMatching(/Z$/),
      updated_at: team.created_at,
      deleted_at: null,
    });
    expect((await api(ws.viewer.key).get(team.id).expect(200)).body.data).toEqual(team);
    expect((await events('team.created')).map((e: { data: { id: string } }) => e.data.id)).toContain(team.id);
  });

  it('refuses a duplicate live name case-insensitively with 409 naming the existing team; a deleted team frees it', async () => {
    const first = await create({ name: 'Priority' });
    const res = await api().post({ name: ' PRIORITY ' }).expect(409);
    expect(res.body.error).toMatchObject({ code: 'conflict', details: [{ field: 'name', existing_id: first.id }] });
    const second = await create({ name: 'Priority 2' });
    expect((await api().patch(second.id, { name: 'priority' }).expect(409)).body.error.details[0].existing_id).toBe(first.id);
    await api(other.admin.key).post({ name: 'Priority' }).expect(201);
    await api().del(first.id).expect(204);
    const again = await create({ name: 'Priority' });
    expect(again.id).not.toBe(first.id);
  });

  it('validates bodies, naming the field', async () => {
    for (const body of [
      {},
      { name: '' },
      { name: '   ' },
      { name: 'x'.repeat(101) },
      { name: 'ok', assignment_method: 'random' },
      { name: 'ok', assignment_method: null },
      { name: 'ok', max_open_per_agent: 0 },
      { name: 'ok', max_open_per_agent: 1001 },
      { name: 'ok', max_open_per_agent: 1.5 },
      { name: 'ok', member_ids: 'usr_x' },
      { name: 'ok', extra: true },
    ]) {
      const res = await api().post(body);
      expect({ body, status: res.status, code: res.body.error?.code }).toEqual({ body, status: 400, code: 'validation_failed' });
    }
    const team = await create({ name: 'Limits', max_open_per_agent: 1000, assignment_method: 'least_loaded' });
    await api().patch(team.id, { name: null }).expect(400);
    const cleared = (await api().patch(team.id, { max_open_per_agent: null, description: null }).expect(200)).body.data;
    expect(cleared).toMatchObject({ max_open_per_agent: null, description: null, assignment_method: 'least_loaded' });
  });

  it('emits team.updated with the changes, and nothing for a no-op', async () => {
    const team = await create({ name: 'Updates' });
    await api().patch(team.id, { assignment_method: 'round_robin', max_open_per_agent: 5 }).expect(200);
    await api().patch(team.id, { assignment_method: 'round_robin' }).expect(200);
    const mine = (await events('team.updated')).filter((e: { data: { id: string } }) => e.data.id === team.id);
    expect(mine).toHaveLength(1);
    expect(mine[0].changes).toEqual({
      assignment_method: { from: 'none', to: 'round_robin' },
      max_open_per_agent: { from: null, to: 5 },
    });
  });

  it('lists live teams, filters by q, includes deleted ones on request; a deleted team is read-only', async () => {
    const gone = await create({ name: 'Gone Away' });
    await api().del(gone.id).expect(204);
    await api().del(gone.id).expect(409);
    await api().patch(gone.id, { name: 'Back' }).expect(409);
    const names = async (query: object) =>
      (
        await api()
          .list({ limit: 100, ...query })
          .expect(200)
      ).body.data.map((x: { name: string }) => x.name);
    expect(await names({})).not.toContain('Gone Away');
    expect(await names({ include_deleted: true })).toContain('Gone Away');
    expect(await names({ q: 'gone', include_deleted: 'true' })).toEqual(['Gone Away']);
    expect(await names({ q: '%' })).toEqual([]);
    expect((await api().get(gone.id).expect(200)).body.data.deleted_at).toEqual(expect.stringMatching(/Z$/));
    expect((await events('team.deleted')).map((e: { data: { id: string } }) => e.data.id)).toContain(gone.id);
    await api().list({ include_deleted: 'maybe' }).expect(400);
  });

  it('manages members: agents and admins only, unknown users 404, idempotent adds, replace, assignable, remove', async () => {
    const team = await create({ name: 'Members', member_ids: [ws.agent.userId] });
    expect(team.member_count).toBe(1);
    await api().addMembers(team.id, [ws.viewer.userId]).expect(400);
    expect((await api().addMembers(team.id, ['usr_nope']).expect(404)).body.error.details[0].field).toBe('user_ids');
    expect((await api().addMembers(team.id, [other.agent.userId]).expect(404)).body.error.details[0].field).toBe('user_ids');
    await api()
      .post({ name: 'Viewers', member_ids: [ws.viewer.userId] })
      .expect(400);
    const added = (await api().addMembers(team.id, [ws.admin.userId, ws.agent.userId]).expect(200)).body.data;
    expect(added.map((m: { user_id: string }) => m.user_id).sort()).toEqual([ws.admin.userId, ws.agent.userId].sort());
    expect(added.find((m: { user_id: string }) => m.user_id === ws.agent.userId)).toEqual({
      user_id: ws.agent.userId,
      name: 'agent user',
      email: expect.stringMatching(/^agent-/),
      role: 'agent',
      active: true,
      assignable: true,
      open_assigned: 0,
      last_assigned_at: null,
      added_at: expect.stringMatching(/Z$/),
    });
    expect((await api().get(team.id).expect(200)).body.data.member_count).toBe(2);

    const patched = (await api().patchMember(team.id, ws.agent.userId, { assignable: false }).expect(200)).body.data;
    expect(patched).toMatchObject({ user_id: ws.agent.userId, assignable: false });
    await api().patchMember(team.id, ws.agent.userId, { assignable: 'no' }).expect(400);
    await api().patchMember(team.id, ws.viewer.userId, { assignable: true }).expect(404);

    const third = await addUser(t.app, ws.admin.workspaceId, 'agent', `third-${Date.now()}@example.com`);
    const replaced = (await api().putMembers(team.id, [ws.agent.userId, third.userId]).expect(200)).body.data;
    expect(replaced.map((m: { user_id: string }) => m.user_id).sort()).toEqual([ws.agent.userId, third.userId].sort());
    expect(replaced.find((m: { user_id: string }) => m.user_id === ws.agent.userId).assignable).toBe(false);

    await api().delMember(team.id, third.userId).expect(204);
    await api().delMember(team.id, third.userId).expect(404);
    expect((await api(ws.viewer.key).members(team.id).expect(200)).body.data.map((m: { user_id: string }) => m.user_id)).toEqual([
      ws.agent.userId,
    ]);
    await api()
      .addMembers(
        team.id,
        Array.from({ length: 501 }, (_, i) => `usr_${i}`),
      )
      .expect(400);
  });

  it('shows team_ids on users: live teams only', async () => {
    const a = await create({ name: 'Users A', member_ids: [ws.agent.userId] });
    const b = await create({ name: 'Users B', member_ids: [ws.agent.userId] });
    await api().del(b.id).expect(204);
    const user = (await t.http.get(`/api/v1/users/${ws.agent.userId}`).set(bearer(ws.viewer.key)).expect(200)).body.data;
    expect(user.team_ids).toContain(a.id);
    expect(user.team_ids).not.toContain(b.id);
    const listed = (await t.http.get('/api/v1/users').set(bearer(ws.viewer.key)).expect(200)).body.data;
    expect(listed.find((u: { id: string }) => u.id === ws.agent.userId).team_ids).toEqual(user.team_ids);
    expect((await t.http.get('/api/v1/users/me').set(bearer(ws.viewer.key)).expect(200)).body.data.team_ids).toEqual([]);
  });

  it('answers 403 to the wrong role and 404 to another workspace', async () => {
    const team = await create({ name: 'Guarded' });
    await api(ws.agent.key).post({ name: 'Nope' }).expect(403);
    await api(ws.agent.key).patch(team.id, { name: 'Nope' }).expect(403);
    await api(ws.agent.key).del(team.id).expect(403);
    await api(ws.agent.key).addMembers(team.id, [ws.agent.userId]).expect(403);
    await api(ws.viewer.key).list().expect(200);
    await api(ws.viewer.key).members(team.id).expect(200);
    for (const res of [
      await api(other.admin.key).get(team.id),
      await api(other.admin.key).patch(team.id, { name: 'Mine' }),
      await api(other.admin.key).del(team.id),
      await api(other.admin.key).members(team.id),
      await api(other.admin.key).addMembers(team.id, [other.agent.userId]),
      await api(other.admin.key).patchMember(team.id, ws.agent.userId, { assignable: true }),
    ]) {
      expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: 404, code: 'not_found' });
    }
    const scoped = await addUser(t.app, ws.admin.workspaceId, 'admin', `scoped-${Date.now()}@example.com`, ['teams:read']);
    await api(scoped.key).list().expect(200);
    await api(scoped.key).post({ name: 'Scoped' }).expect(403);
  });
});
