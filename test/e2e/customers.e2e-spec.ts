import { DataSource } from 'typeorm';
import { EventRecord, SYSTEM_ACTOR } from '@relay/events';
import { CustomersService } from '@relay/customers';
import { TransactionRunner } from '@relay/database';
import type { Role } from '@relay/auth';
import { bearer, createWorkspace, Session, startTestApp, TestApp } from '../helpers/test-app';
import { insertTickets } from '../helpers/ticket-fixtures';

// Contract §5 Customers: fields, case-insensitive uniqueness with the existing id, CRM upsert,
// filters, deletion guarded by tickets, events, permissions and workspace isolation.
describe('customers', () => {
  let t: TestApp;
  let ws: Record<Role, Session>;
  let other: Record<Role, Session>;
  beforeAll(async () => {
    t = await startTestApp();
    ws = await createWorkspace(t.app, 'Customers');
    other = await createWorkspace(t.app, 'Other');
  });
  afterAll(() => t.close());

  const api = (key = ws.agent.key) => ({
    post: (body: object) => t.http.post('/api/v1/customers').set(bearer(key)).send(body),
    put: (externalId: string, body: object) =>
      t.http
        .put(`/api/v1/customers/by-external-id/${encodeURIComponent(externalId)}`)
        .set(bearer(key))
        .send(body),
    patch: (id: string, body: object) => t.http.patch(`/api/v1/customers/${id}`).set(bearer(key)).send(body),
    get: (id: string) => t.http.get(`/api/v1/customers/${id}`).set(bearer(key)),
    del: (id: string) => t.http.delete(`/api/v1/customers/${id}`).set(bearer(key)),
    list: (query: object = {}) => t.http.get('/api/v1/customers').query(query).set(bearer(key)),
  });
  const events = (workspaceId: string, type: string) =>
    t.app
      .get(DataSource)
      .getRepository(EventRecord)
      .find({ where: { workspaceId, type: type as EventRecord['type'] }, order: { createdAt: 'ASC' } });
  const unique = () => Math.random().toString(36).slice(2, 10);

  it('creates a customer with every field and reads it back', async () => {
    const body = { email: ' Grace.Hopper@Example.com ', name: 'Grace Hopper', phone: '+1 555 0100', external_id: 'crm-grace' };
    const created = await api().post(body).expect(201);
    expect(created.body.data).toEqual({
      id: expect.stringMatching(/^cus_/),
      email: 'Grace.Hopper@Example.com',
      name: 'Grace Hopper',
      phone: '+1 555 0100',
      external_id: 'crm-grace',
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      updated_at: created.body.data.created_at,
    });
    const read = await api(ws.viewer.key).get(created.body.data.id).expect(200);
    expect(read.body.data).toEqual(created.body.data);

    const [event] = (await events(ws.admin.workspaceId, 'customer.created')).filter(
      (e) => (e.data as { id: string }).id === created.body.data.id,
    );
    expect(event.data).toEqual(created.body.data);
  });

  it('needs an email or an external_id, and validates every field', async () => {
    const onlyExternal = await api()
      .post({ external_id: `x-${unique()}` })
      .expect(201);
    expect(onlyExternal.body.data).toMatchObject({ email: null, name: null, phone: null });
    const cases: [object, string][] = [
      [{ name: 'Nobody' }, 'email'],
      [{ email: 'not-an-email' }, 'email'],
      [{ email: `${'a'.repeat(320)}@example.com` }, 'email'],
      [{ email: 'a@example.com', name: 'n'.repeat(201) }, 'name'],
      [{ email: 'a@example.com', name: '   ' }, 'name'],
      [{ email: 'a@example.com', phone: 5 }, 'phone'],
      [{ email: 'a@example.com', external_id: 'e'.repeat(256) }, 'external_id'],
      [{ email: 'a@example.com', colour: 'red' }, 'colour'],
      [{ email: 'a@example.com', name: 'nul\u0000byte' }, 'name'],
    ];
    for (const [body, field] of cases) {
      const res = await api().post(body);
      expect({ body, status: res.status, code: res.body.error?.code }).toEqual({ body, status: 400, code: 'validation_failed' });
      expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    }
  });

  it('refuses a duplicate email (case-insensitive) or external_id with 409 naming the existing customer', async () => {
    const first = await api().post({ email: 'Dup@Example.com', external_id: 'crm-dup' }).expect(201);
    const id = first.body.data.id;
    const email = await api().post({ email: 'dup@EXAMPLE.com' }).expect(409);
    expect(email.body.error).toMatchObject({ code: 'conflict', details: [{ field: 'email', message: 'already taken', existing_id: id }] });
    const external = await api().post({ email: 'fresh@example.com', external_id: 'crm-dup' }).expect(409);
    expect(external.body.error.details).toEqual([{ field: 'external_id', message: 'already taken', existing_id: id }]);
    const both = await api().post({ email: 'DUP@example.com', external_id: 'crm-dup' }).expect(409);
    expect(both.body.error.details.map((d: { field: string }) => d.field)).toEqual(['email', 'external_id']);
    // Uniqueness is per workspace.
    await api(other.agent.key).post({ email: 'dup@example.com', external_id: 'crm-dup' }).expect(201);
  });

  it('turns concurrent creates of one email into one 201 and 409s, never a 500', async () => {
    const email = `race-${unique()}@example.com`;
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => api().post({ email: i % 2 ? email.toUpperCase() : email })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    const list = await api().list({ email }).expect(200);
    expect(list.body.meta.total).toBe(1);
  });

  it('finds or creates by email for other modules, once under concurrency', async () => {
    const email = `Ticket-${unique()}@Example.com`;
    const service = t.app.get(CustomersService);
    const runner = t.app.get(TransactionRunner);
    const found = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        runner.run((m) => service.findOrCreateByEmail(m, SYSTEM_ACTOR, ws.admin.workspaceId, i % 2 ? email.toLowerCase() : email)),
      ),
    );
    expect(new Set(found.map((c) => c.id)).size).toBe(1);
    const createdEvents = (await events(ws.admin.workspaceId, 'customer.created')).filter(
      (e) => (e.data as { id: string }).id === found[0].id,
    );
    expect(createdEvents).toHaveLength(1);
    await expect(
      runner.run((m) => service.requireInWorkspace(m, other.admin.workspaceId, found[0].id, 'customer_id')),
    ).rejects.toMatchObject({
      status: 404,
      details: [{ field: 'customer_id', message: 'no such customer' }],
    });
  });

  it('updates fields, clears them with null, and records the changes', async () => {
    const created = (await api().post({ email: 'ada@example.com', name: 'Ada', phone: '1' }).expect(201)).body.data;
    await new Promise((r) => setTimeout(r, 5));
    const updated = await api().patch(created.id, { name: 'Ada Lovelace', phone: null, email: 'ADA@example.com' }).expect(200);
    expect(updated.body.data).toMatchObject({
      id: created.id,
      email: 'ADA@example.com',
      name: 'Ada Lovelace',
      phone: null,
      created_at: created.created_at,
    });
    expect(Date.parse(updated.body.data.updated_at)).toBeGreaterThan(Date.parse(created.updated_at));
    const [event] = (await events(ws.admin.workspaceId, 'customer.updated')).filter((e) => (e.data as { id: string }).id === created.id);
    expect(event.data).toEqual(updated.body.data);
    expect(event.changes).toEqual({
      email: { from: 'ada@example.com', to: 'ADA@example.com' },
      name: { from: 'Ada', to: 'Ada Lovelace' },
      phone: { from: '1', to: null },
    });

    // Nothing changed: no event, same updated_at.
    const same = await api().patch(created.id, { name: 'Ada Lovelace' }).expect(200);
    expect(same.body.data.updated_at).toBe(updated.body.data.updated_at);
    expect(
      (await events(ws.admin.workspaceId, 'customer.updated')).filter((e) => (e.data as { id: string }).id === created.id),
    ).toHaveLength(1);

    const taken = (await api().post({ email: 'babbage@example.com', external_id: 'crm-babbage' }).expect(201)).body.data;
    const conflictEmail = await api().patch(created.id, { email: 'BABBAGE@example.com' }).expect(409);
    expect(conflictEmail.body.error.details).toEqual([{ field: 'email', message: 'already taken', existing_id: taken.id }]);
    await api().patch(created.id, { external_id: 'crm-babbage' }).expect(409);
    const anonymous = await api().patch(created.id, { email: null }).expect(400);
    expect(anonymous.body.error.details[0].field).toBe('email');
    await api().patch(created.id, { bogus: 1 }).expect(400);
    await api().patch('cus_nope', { name: 'x' }).expect(404);
  });

  it('creates or updates by external_id (201, then 200)', async () => {
    const externalId = `crm/${unique()}`;
    const created = await api().put(externalId, { email: 'sync@example.com', name: 'Sync' }).expect(201);
    expect(created.body.data).toMatchObject({ external_id: externalId, email: 'sync@example.com', name: 'Sync', phone: null });
    const updated = await api().put(externalId, { name: 'Synced', phone: '42' }).expect(200);
    expect(updated.body.data).toMatchObject({ id: created.body.data.id, email: 'sync@example.com', name: 'Synced', phone: '42' });
    const changes = (await events(ws.admin.workspaceId, 'customer.updated')).find(
      (e) => (e.data as { id: string }).id === created.body.data.id,
    )?.changes;
    expect(changes).toEqual({ name: { from: 'Sync', to: 'Synced' }, phone: { from: null, to: '42' } });

    const concurrent = await Promise.all(Array.from({ length: 6 }, (_, i) => api().put(`${externalId}-race`, { name: `n${i}` })));
    expect(concurrent.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    expect(new Set(concurrent.map((r) => r.body.data.id)).size).toBe(1);

    const holder = (await api().post({ email: 'held@example.com' }).expect(201)).body.data;
    const conflict = await api().put(`crm-${unique()}`, { email: 'Held@Example.com' }).expect(409);
    expect(conflict.body.error.details).toEqual([{ field: 'email', message: 'already taken', existing_id: holder.id }]);
    await api().put('e'.repeat(256), { name: 'x' }).expect(400);
    await api().put('nul\u0000', { name: 'x' }).expect(400);
    await api().put(externalId, { external_id: 'other' }).expect(400);
    // Another workspace's external id is theirs: a new customer here.
    await api(other.agent.key).put(externalId, { name: 'Theirs' }).expect(201);
  });

  it('filters by email, external_id, text and dates, and pages stably', async () => {
    const tag = unique();
    const made: { id: string; created_at: string }[] = [];
    for (const [i, name] of ['Alan Turing', 'Alan Kay', 'Barbara Liskov', '100% Sure'].entries()) {
      made.push(
        (
          await api()
            .post({ email: `f${i}-${tag}@Filter.example`, name, external_id: `f-${tag}-${i}` })
            .expect(201)
        ).body.data,
      );
      await new Promise((r) => setTimeout(r, 3));
    }
    const ids = (res: { body: { data: { id: string }[] } }) => res.body.data.map((c) => c.id);

    expect(ids(await api().list({ email: `F1-${tag}@filter.EXAMPLE` }))).toEqual([made[1].id]);
    expect(ids(await api().list({ external_id: `f-${tag}-2` }))).toEqual([made[2].id]);
    expect(ids(await api().list({ q: 'alan', email: `f0-${tag}@filter.example` }))).toEqual([made[0].id]);
    expect(ids(await api().list({ q: `ALAN`, created_after: made[0].created_at }))).toEqual([made[1].id, made[0].id]);
    expect(ids(await api().list({ q: tag }))).toHaveLength(4);
    // % is literal, not a wildcard.
    expect(ids(await api().list({ q: '100%' }))).toEqual([made[3].id]);
    expect(ids(await api().list({ q: `${tag}`, created_after: made[2].created_at }))).toEqual([made[3].id, made[2].id]);

    await new Promise((r) => setTimeout(r, 3));
    const touched = (await api().patch(made[0].id, { phone: '7' }).expect(200)).body.data;
    expect(ids(await api().list({ q: tag, updated_after: touched.updated_at }))).toEqual([made[0].id]);

    const first = await api().list({ q: tag, limit: 3, order: 'asc' }).expect(200);
    expect(first.body.meta).toEqual({ limit: 3, total: 4, next_cursor: expect.any(String) });
    expect(ids(first)).toEqual(made.slice(0, 3).map((c) => c.id));
    const second = await api().list({ q: tag, limit: 3, order: 'asc', cursor: first.body.meta.next_cursor }).expect(200);
    expect(ids(second)).toEqual([made[3].id]);
    expect(second.body.meta.next_cursor).toBeNull();

    for (const query of [
      { created_after: 'yesterday' },
      { email: 'x'.repeat(321) },
      { q: '' },
      { q: 'a\u0000' },
      { sort: 'name' },
      { colour: 'red' },
    ]) {
      const res = await api().list(query);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
    }
  });

  it('deletes a customer without tickets, refuses one with tickets', async () => {
    const lonely = (await api().post({ email: 'lonely@example.com' }).expect(201)).body.data;
    await api().del(lonely.id).expect(204);
    await api().get(lonely.id).expect(404);
    await api().del(lonely.id).expect(404);
    const [deleted] = (await events(ws.admin.workspaceId, 'customer.deleted')).filter((e) => (e.data as { id: string }).id === lonely.id);
    expect(deleted.data).toEqual(lonely);
    // The email is free again.
    await api().post({ email: 'LONELY@example.com' }).expect(201);

    const busy = (await api().post({ email: 'busy@example.com' }).expect(201)).body.data;
    await insertTickets(t, ws.admin.workspaceId, [{ created: new Date().toISOString(), customerId: busy.id }]);
    const refused = await api().del(busy.id).expect(409);
    expect(refused.body.error).toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/tickets/),
      details: [{ field: 'id', ticket_count: 1 }],
    });
    await api().get(busy.id).expect(200);
  });

  it('lets viewers read but not write', async () => {
    const customer = (await api().post({ email: 'readonly@example.com' }).expect(201)).body.data;
    const viewer = api(ws.viewer.key);
    await viewer.get(customer.id).expect(200);
    await viewer.list().expect(200);
    for (const res of [
      await viewer.post({ email: 'nope@example.com' }),
      await viewer.patch(customer.id, { name: 'x' }),
      await viewer.put('crm-viewer', { name: 'x' }),
      await viewer.del(customer.id),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
  });

  it("never shows or touches another workspace's customers", async () => {
    const mine = (await api().post({ email: 'private@example.com', external_id: 'crm-private' }).expect(201)).body.data;
    const them = api(other.admin.key);
    await them.get(mine.id).expect(404);
    await them.patch(mine.id, { name: 'x' }).expect(404);
    await them.del(mine.id).expect(404);
    for (const query of [{ email: 'private@example.com' }, { external_id: 'crm-private' }, { q: 'private' }]) {
      const res = await them.list(query).expect(200);
      expect(res.body).toEqual({ data: [], meta: { limit: 50, total: 0, next_cursor: null } });
    }
    await api().get(mine.id).expect(200);
  });
});
