import { addUser, bearer, createWorkspace, Session, startTestApp, TestApp } from '../helpers/test-app';

// Contract §11: automation rules — CRUD, ordering, save-time checks, permissions.
describe('rules', () => {
  let t: TestApp;
  let admin: Session;
  let agent: Session;
  let viewer: Session;
  let other: Session;

  beforeAll(async () => {
    t = await startTestApp();
    ({ admin, agent, viewer } = await createWorkspace(t.app, 'Rules'));
    other = (await createWorkspace(t.app, 'Other')).admin;
  });
  afterAll(() => t.close());

  const vipRule = (name: string, extra: Record<string, unknown> = {}) => ({
    name,
    events: ['ticket.created'],
    conditions: { all: [{ field: 'customer.email_domain', operator: 'in', value: ['acme.com'] }], any: [] },
    actions: [
      { type: 'set_priority', priority: 'high' },
      { type: 'add_tags', tags: ['vip'] },
    ],
    ...extra,
  });
  const create = (session: Session, body: Record<string, unknown>) => t.http.post('/api/v1/rules').set(bearer(session.key)).send(body);
  const list = async (session: Session, query = '') =>
    (await t.http.get(`/api/v1/rules${query}`).set(bearer(session.key)).expect(200)).body as {
      data: { id: string; name: string; position: number }[];
      meta: { total: number; next_cursor: string | null };
    };
  const order = async (session: Session) => (await list(session, '?limit=100')).data.map((r) => [r.name, r.position]);

  describe('in a fresh workspace', () => {
    let ws: Session;
    beforeAll(async () => {
      ws = (await createWorkspace(t.app, 'Order')).admin;
    });

    it('creates a rule with every field, appended at the end', async () => {
      const res = await create(ws, vipRule('VIP')).expect(201);
      expect(res.body.data).toMatchObject({
        name: 'VIP',
        description: null,
        enabled: true,
        position: 1,
        events: ['ticket.created'],
        conditions: { all: [{ field: 'customer.email_domain', operator: 'in', value: ['acme.com'] }], any: [] },
        actions: [
          { type: 'set_priority', priority: 'high' },
          { type: 'add_tags', tags: ['vip'] },
        ],
        stop_processing: false,
        version: 1,
        created_by: ws.userId,
        last_fired_at: null,
        fire_count: 0,
        last_error: null,
      });
      expect(res.body.data.id).toMatch(/^rul_/);
      await create(ws, vipRule('Second')).expect(201);
      await create(ws, vipRule('Third')).expect(201);
      expect(await order(ws)).toEqual([
        ['VIP', 1],
        ['Second', 2],
        ['Third', 3],
      ]);
    });

    it('inserts at a position and shifts the rest; refuses a gap', async () => {
      await create(ws, vipRule('First', { position: 1 })).expect(201);
      expect(await order(ws)).toEqual([
        ['First', 1],
        ['VIP', 2],
        ['Second', 3],
        ['Third', 4],
      ]);
      const gap = await create(ws, vipRule('Far', { position: 9 })).expect(400);
      expect(gap.body.error.details[0].field).toBe('position');
    });

    it('moves with PATCH {position} and closes the gap on delete', async () => {
      const rules = (await list(ws)).data;
      const third = rules.find((r) => r.name === 'Third')!;
      await t.http.patch(`/api/v1/rules/${third.id}`).set(bearer(ws.key)).send({ position: 1 }).expect(200);
      expect(await order(ws)).toEqual([
        ['Third', 1],
        ['First', 2],
        ['VIP', 3],
        ['Second', 4],
      ]);
      await t.http.patch(`/api/v1/rules/${third.id}`).set(bearer(ws.key)).send({ position: 4 }).expect(200);
      expect((await order(ws)).map(([name]) => name)).toEqual(['First', 'VIP', 'Second', 'Third']);
      const vip = rules.find((r) => r.name === 'VIP')!;
      await t.http.delete(`/api/v1/rules/${vip.id}`).set(bearer(ws.key)).expect(204);
      expect(await order(ws)).toEqual([
        ['First', 1],
        ['Second', 2],
        ['Third', 3],
      ]);
      await t.http.get(`/api/v1/rules/${vip.id}`).set(bearer(ws.key)).expect(404);
    });

    it('sets the whole order with PUT /rules/order, naming missing and extra ids', async () => {
      const ids = (await list(ws)).data.map((r) => r.id);
      const res = await t.http
        .put('/api/v1/rules/order')
        .set(bearer(ws.key))
        .send({ ids: [...ids].reverse() })
        .expect(200);
      expect(res.body.data.ids).toEqual([...ids].reverse());
      expect((await order(ws)).map(([name]) => name)).toEqual(['Third', 'Second', 'First']);

      const bad = await t.http
        .put('/api/v1/rules/order')
        .set(bearer(ws.key))
        .send({ ids: [ids[0], ids[0], 'rul_nope'] })
        .expect(400);
      const details = bad.body.error.details as { missing?: string[]; extra?: string[]; repeated?: string[] }[];
      expect(details.find((d) => d.missing)?.missing?.sort()).toEqual([ids[1], ids[2]].sort());
      expect(details.find((d) => d.extra)?.extra).toEqual(['rul_nope']);
      expect(details.find((d) => d.repeated)?.repeated).toEqual([ids[0]]);
    });

    it('pages in position order, ascending by default, and descending on request', async () => {
      const first = await list(ws, '?limit=2');
      expect(first.data.map((r) => r.position)).toEqual([1, 2]);
      expect(first.meta.total).toBe(3);
      const rest = await list(ws, `?limit=2&cursor=${encodeURIComponent(first.meta.next_cursor!)}`);
      expect(rest.data.map((r) => r.position)).toEqual([3]);
      expect(rest.meta.next_cursor).toBeNull();
      expect((await list(ws, '?order=desc')).data.map((r) => r.position)).toEqual([3, 2, 1]);
      expect((await list(ws, '?sort=created_at&order=asc')).data.map((r) => r.name)).toEqual(['Second', 'Third', 'First']);
      await t.http.get('/api/v1/rules?sort=name').set(bearer(ws.key)).expect(400);
    });
  });

  it('keeps names unique case-insensitively (409 with the existing id)', async () => {
    const first = await create(admin, vipRule('Unique name')).expect(201);
    const dup = await create(admin, vipRule('  unique NAME ')).expect(409);
    expect(dup.body.error.details[0]).toMatchObject({ field: 'name', existing_id: first.body.data.id });
    const second = await create(admin, vipRule('Another name')).expect(201);
    await t.http.patch(`/api/v1/rules/${second.body.data.id}`).set(bearer(admin.key)).send({ name: 'UNIQUE name' }).expect(409);
  });

  it('bumps version only when what the rule does changes, and emits rule.* events', async () => {
    const rule = (await create(admin, vipRule('Versioned')).expect(201)).body.data;
    const patch = (body: Record<string, unknown>) => t.http.patch(`/api/v1/rules/${rule.id}`).set(bearer(admin.key)).send(body).expect(200);
    expect((await patch({ name: 'Versioned 2', description: 'd', enabled: false })).body.data.version).toBe(1);
    expect((await patch({ stop_processing: true })).body.data.version).toBe(2);
    expect((await patch({ actions: [{ type: 'set_status', status: 'pending' }] })).body.data.version).toBe(3);
    expect((await patch({ actions: [{ type: 'set_status', status: 'pending' }] })).body.data.version).toBe(3);
    await t.http.delete(`/api/v1/rules/${rule.id}`).set(bearer(admin.key)).expect(204);
    const events = (await t.http.get('/api/v1/events?limit=100').set(bearer(admin.key)).expect(200)).body.data as {
      type: string;
      data: { id: string; version: number };
      changes?: Record<string, { from: unknown; to: unknown }>;
    }[];
    const mine = events.filter((e) => e.data.id === rule.id).reverse();
    expect(mine.map((e) => e.type)).toEqual(['rule.created', 'rule.updated', 'rule.updated', 'rule.updated', 'rule.deleted']);
    expect(mine[2].changes).toMatchObject({ stop_processing: { from: false, to: true }, version: { from: 1, to: 2 } });
  });

  describe('checks a rule when it is saved, naming the exact path', () => {
    const expectFields = async (body: Record<string, unknown>, status: number, fields: string[]) => {
      const res = await create(admin, {
        name: `check ${Math.random()}`,
        events: ['ticket.created'],
        actions: [{ type: 'add_note', body: 'n' }],
        ...body,
      });
      expect(res.status).toBe(status);
      expect(res.body.error.details.map((d: { field: string }) => d.field)).toEqual(fields);
    };

    it('refuses operators, values and fields that cannot match', async () => {
      await expectFields(
        {
          conditions: {
            all: [
              { field: 'ticket.subject', operator: 'contains', value: 'refund' },
              { field: 'ticket.priority', operator: 'in', value: ['high'] },
              { field: 'ticket.status', operator: 'eq', value: 'done' },
            ],
          },
        },
        400,
        ['conditions.all[2].value'],
      );
      await expectFields({ conditions: { all: [{ field: 'ticket.tags', operator: 'contains', value: 'x' }] } }, 400, [
        'conditions.all[0].operator',
      ]);
      await expectFields({ conditions: { any: [{ field: 'ticket.subject', operator: 'matches', value: '(a+)+$' }] } }, 400, [
        'conditions.any[0].value',
      ]);
      await expectFields({ conditions: { any: [{ field: 'ticket.subject', operator: 'matches', value: '([' }] } }, 400, [
        'conditions.any[0].value',
      ]);
      await expectFields(
        { events: ['ticket.updated'], conditions: { all: [{ field: 'conversation.body', operator: 'contains', value: 'x' }] } },
        400,
        ['conditions.all[0].field'],
      );
      await expectFields({ conditions: { all: [{ field: 'ticket.status', operator: 'changed' }] } }, 400, ['conditions.all[0].operator']);
      await expectFields({ actions: [{ type: 'set_priority', priority: 'hot' }, { type: 'launch' }] }, 400, [
        'actions[0].priority',
        'actions[1].type',
      ]);
      await expectFields({ actions: [] }, 400, ['actions']);
      await expectFields({ events: ['manual', 'ticket.created'] }, 400, ['events']);
      await expectFields({ events: ['ticket.closed'] }, 400, ['events[0]']);
    });

    it('refuses unknown fields in the body and in actions', async () => {
      await create(admin, { ...vipRule('Typo'), stop_procesing: true }).expect(400);
      await expectFields({ actions: [{ type: 'add_note', body: 'n', bdy: 'x' }] }, 400, ['actions[0].bdy']);
    });

    it('refuses an id of nothing in the workspace with 404 on its path, and an unusable assignee with 400', async () => {
      await expectFields(
        {
          actions: [
            { type: 'add_note', body: 'n' },
            { type: 'set_assignee', user_id: other.userId },
          ],
        },
        404,
        ['actions[1].user_id'],
      );
      await expectFields({ conditions: { all: [{ field: 'ticket.assignee_id', operator: 'eq', value: 'usr_nope' }] } }, 404, [
        'conditions.all[0].value',
      ]);
      await expectFields({ actions: [{ type: 'send_webhook', webhook_id: 'whk_nope' }] }, 404, ['actions[0].webhook_id']);
      await expectFields({ actions: [{ type: 'notify_channel', channel_id: 'nch_nope' }] }, 404, ['actions[0].channel_id']);
      await expectFields({ actions: [{ type: 'set_assignee', user_id: viewer.userId }] }, 400, ['actions[0].user_id']);
      const ok = await create(admin, {
        name: 'Assign to agent',
        events: ['ticket.created'],
        actions: [{ type: 'set_assignee', user_id: agent.userId }],
      }).expect(201);
      // A PATCH checks the rule again: the agent is now deactivated.
      await t.http.patch(`/api/v1/users/${agent.userId}`).set(bearer(admin.key)).send({ active: false }).expect(200);
      const again = await t.http.patch(`/api/v1/rules/${ok.body.data.id}`).set(bearer(admin.key)).send({ enabled: true }).expect(400);
      expect(again.body.error.details[0].field).toBe('actions[0].user_id');
      await t.http.patch(`/api/v1/users/${agent.userId}`).set(bearer(admin.key)).send({ active: true }).expect(200);
    });

    it('accepts a changed_to condition on a ticket.updated rule', async () => {
      const res = await create(admin, {
        name: 'Resolved',
        events: ['ticket.updated'],
        conditions: { all: [{ field: 'ticket.status', operator: 'changed_to', value: 'resolved' }] },
        actions: [{ type: 'add_tags', tags: ['done'] }],
      }).expect(201);
      expect(res.body.data.conditions).toEqual({ all: [{ field: 'ticket.status', operator: 'changed_to', value: 'resolved' }], any: [] });
    });
  });

  it('lets every role read rules and only admins write them (rules:read / rules:write)', async () => {
    await t.http.get('/api/v1/rules').set(bearer(viewer.key)).expect(200);
    await t.http.get('/api/v1/rules').set(bearer(agent.key)).expect(200);
    await create(agent, vipRule('Agent rule')).expect(403);
    const rule = (await create(admin, vipRule('Admin rule')).expect(201)).body.data;
    await t.http.patch(`/api/v1/rules/${rule.id}`).set(bearer(viewer.key)).send({ name: 'x' }).expect(403);
    await t.http.delete(`/api/v1/rules/${rule.id}`).set(bearer(agent.key)).expect(403);
    await t.http.put('/api/v1/rules/order').set(bearer(agent.key)).send({ ids: [] }).expect(403);
    const scoped = await addUser(t.app, admin.workspaceId, 'admin', `scoped-${Date.now()}@example.com`, ['tickets:read']);
    await t.http.get('/api/v1/rules').set(bearer(scoped.key)).expect(403);
    const keyRes = await t.http
      .post('/api/v1/api-keys')
      .set(bearer(admin.key))
      .send({ name: 'rules', scopes: ['rules:read'] })
      .expect(201);
    await t.http.get('/api/v1/rules').set(bearer(keyRes.body.data.key)).expect(200);
    await create({ ...admin, key: keyRes.body.data.key }, vipRule('Scoped')).expect(403);
  });

  it("answers 404 for another workspace's rules", async () => {
    const rule = (await create(admin, vipRule('Mine')).expect(201)).body.data;
    await t.http.get(`/api/v1/rules/${rule.id}`).set(bearer(other.key)).expect(404);
    await t.http.patch(`/api/v1/rules/${rule.id}`).set(bearer(other.key)).send({ name: 'stolen' }).expect(404);
    await t.http.delete(`/api/v1/rules/${rule.id}`).set(bearer(other.key)).expect(404);
    expect((await list(other)).data.map((r) => r.id)).not.toContain(rule.id);
    await t.http
      .put('/api/v1/rules/order')
      .set(bearer(other.key))
      .send({ ids: [rule.id] })
      .expect(400);
  });

  it('holds at most 100 enabled rules per event', async () => {
    const ws = (await createWorkspace(t.app, 'Limits')).admin;
    for (let i = 0; i < 100; i++)
      await create(ws, { name: `r${i}`, events: ['conversation.created'], actions: [{ type: 'add_note', body: 'n' }] }).expect(201);
    const over = await create(ws, { name: 'r100', events: ['conversation.created'], actions: [{ type: 'add_note', body: 'n' }] }).expect(
      400,
    );
    expect(over.body.error.details[0].field).toBe('events');
    const disabled = await create(ws, {
      name: 'r100',
      enabled: false,
      events: ['conversation.created'],
      actions: [{ type: 'add_note', body: 'n' }],
    }).expect(201);
    await t.http.patch(`/api/v1/rules/${disabled.body.data.id}`).set(bearer(ws.key)).send({ enabled: true }).expect(400);
  });
});
