import { DataSource } from 'typeorm';
import { TransactionRunner } from '@relay/database';
import { TagsService } from '@relay/tags';
import type { Role } from '@relay/auth';
import { bearer, createWorkspace, Session, startTestApp, TestApp } from '../helpers/test-app';
import { sql } from '../helpers/ticket-fixtures';

// Contract §5 Tags: trimmed names unique case-insensitively, ticket_count kept by tagging,
// renames visible on every ticket, deletion removing the tag everywhere.
describe('tags', () => {
  let t: TestApp;
  let ws: Record<Role, Session>;
  let other: Record<Role, Session>;
  beforeAll(async () => {
    t = await startTestApp();
    ws = await createWorkspace(t.app, 'Tags');
    other = await createWorkspace(t.app, 'Other');
  });
  afterAll(() => t.close());

  const api = (key = ws.agent.key) => ({
    post: (body: object) => t.http.post('/api/v1/tags').set(bearer(key)).send(body),
    patch: (id: string, body: object) => t.http.patch(`/api/v1/tags/${id}`).set(bearer(key)).send(body),
    get: (id: string) => t.http.get(`/api/v1/tags/${id}`).set(bearer(key)),
    del: (id: string) => t.http.delete(`/api/v1/tags/${id}`).set(bearer(key)),
    list: (query: object = {}) => t.http.get('/api/v1/tags').query(query).set(bearer(key)),
    ticket: (tags: string[]) =>
      t.http.post('/api/v1/tickets').set(bearer(key)).send({ subject: 'Help', customer_email: 'tagged@example.com', tags }).expect(201),
    getTicket: (id: string) => t.http.get(`/api/v1/tickets/${id}`).set(bearer(key)).expect(200),
  });
  const byName = async (name: string, key = ws.agent.key) => (await api(key).list({ name }).expect(200)).body.data[0];

  it('creates a tag with a trimmed, collapsed name and reads it back', async () => {
    const created = await api().post({ name: '  Billing   Issue ' }).expect(201);
    expect(created.body.data).toEqual({
      id: expect.stringMatching(/^tag_/),
      name: 'Billing Issue',
      ticket_count: 0,
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      updated_at: created.body.data.created_at,
    });
    expect((await api(ws.viewer.key).get(created.body.data.id).expect(200)).body.data).toEqual(created.body.data);
  });

  it('refuses a duplicate name case-insensitively with 409 naming the existing tag', async () => {
    const first = (await api().post({ name: 'Refund' }).expect(201)).body.data;
    for (const name of ['refund', ' REFUND ', 'ReFuNd']) {
      const res = await api().post({ name }).expect(409);
      expect(res.body.error).toMatchObject({
        code: 'conflict',
        details: [{ field: 'name', message: 'already taken', existing_id: first.id }],
      });
    }
    await api(other.agent.key).post({ name: 'refund' }).expect(201);
    const racing = await Promise.all(Array.from({ length: 6 }, (_, i) => api().post({ name: i % 2 ? 'Race' : 'race' })));
    expect(racing.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
  });

  it('validates names', async () => {
    for (const body of [
      {},
      { name: '' },
      { name: '   ' },
      { name: 'x'.repeat(51) },
      { name: 7 },
      { name: 'nul\u0000' },
      { name: 'ok', extra: 1 },
    ]) {
      const res = await api().post(body);
      expect({ body, status: res.status, code: res.body.error?.code }).toEqual({ body, status: 400, code: 'validation_failed' });
    }
    await api()
      .post({ name: 'y'.repeat(50) })
      .expect(201);
  });

  it('refuses , and ; (the separators of tag filters and of the CSV export) wherever a tag is named, naming the field', async () => {
    const expect400 = (res: { status: number; body: { error?: { code: string; details: { field?: string }[] } } }, field: string) =>
      expect({ status: res.status, code: res.body.error?.code, field: res.body.error?.details[0]?.field }).toEqual({
        status: 400,
        code: 'validation_failed',
        field,
      });
    for (const name of ['a;b', 'vip,customer', ';', ' x ; y ']) expect400(await api().post({ name }), 'name');
    const tag = (await api().post({ name: 'Separated' }).expect(201)).body.data;
    expect400(await api().patch(tag.id, { name: 'Sepa;rated' }), 'name');
    expect400(
      await t.http
        .post('/api/v1/tickets')
        .set(bearer(ws.agent.key))
        .send({ subject: 'S', customer_email: 's@example.com', tags: ['sep-ok', 'a;b'] }),
      'tags',
    );
    const ticket = (await api().ticket(['sep-ok'])).body.data;
    expect400(
      await t.http
        .patch(`/api/v1/tickets/${ticket.id}`)
        .set(bearer(ws.agent.key))
        .send({ tags: ['x,y'] }),
      'tags',
    );
    expect400(
      await t.http
        .post(`/api/v1/tickets/${ticket.id}/tags`)
        .set(bearer(ws.agent.key))
        .send({ tags: ['x;y'] }),
      'tags',
    );
    expect((await api().getTicket(ticket.id)).body.data.tags).toEqual(['sep-ok']);
    for (const name of ['a;b', 'x,y', 'x;y']) expect(await byName(name)).toBeUndefined();
  });

  it('caps a ticket at 50 tags with a 400 naming tags, on every route that adds them', async () => {
    const names = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
    const ticket = (await api().ticket(names('cap', 50))).body.data;
    expect(ticket.tags).toHaveLength(50);
    const add = (tags: string[]) => t.http.post(`/api/v1/tickets/${ticket.id}/tags`).set(bearer(ws.agent.key)).send({ tags });
    const refused = await add(['cap-extra']);
    expect({ status: refused.status, details: refused.body.error?.details }).toEqual({
      status: 400,
      details: [{ field: 'tags', message: 'a ticket carries at most 50 tags; this change would give it 51' }],
    });
    await add(['CAP-0', 'cap-1']).expect(200); // already carried: no change, no refusal
    expect((await api().getTicket(ticket.id)).body.data.tags).toHaveLength(50);
    expect(await byName('cap-extra')).toBeUndefined();

    const patch = (tags: string[]) => t.http.patch(`/api/v1/tickets/${ticket.id}`).set(bearer(ws.agent.key)).send({ tags });
    await patch(names('swap', 50)).expect(200);
    expect((await patch(names('swap', 51))).status).toBe(400);
    expect(
      (
        await t.http
          .post('/api/v1/tickets')
          .set(bearer(ws.agent.key))
          .send({ subject: 'S', customer_email: 's@example.com', tags: names('new', 51) })
      ).status,
    ).toBe(400);

    // Two adds racing for the last place: exactly one gets it.
    await patch(names('race', 49)).expect(200);
    const racing = await Promise.all([add(['race-a']), add(['race-b'])]);
    expect(racing.map((r) => r.status).sort()).toEqual([200, 400]);
    expect((await api().getTicket(ticket.id)).body.data.tags).toHaveLength(50);
  });

  it('counts the tickets carrying each tag as tickets are tagged, untagged and deleted', async () => {
    const a = (await api().ticket(['Urgent-Care', 'shipping'])).body.data;
    const b = (await api().ticket(['urgent-care'])).body.data;
    expect(a.tags).toEqual(['shipping', 'Urgent-Care']);
    expect(b.tags).toEqual(['Urgent-Care']);
    expect(await byName('URGENT-CARE')).toMatchObject({ name: 'Urgent-Care', ticket_count: 2 });
    expect(await byName('shipping')).toMatchObject({ ticket_count: 1 });

    await t.http.delete(`/api/v1/tickets/${a.id}/tags/urgent-care`).set(bearer(ws.agent.key)).expect(200);
    expect(await byName('urgent-care')).toMatchObject({ ticket_count: 1 });
    await t.http
      .patch(`/api/v1/tickets/${b.id}`)
      .set(bearer(ws.agent.key))
      .send({ tags: ['shipping'] })
      .expect(200);
    expect(await byName('urgent-care')).toMatchObject({ ticket_count: 0 });
    expect(await byName('shipping')).toMatchObject({ ticket_count: 2 });
    await t.http.delete(`/api/v1/tickets/${a.id}`).set(bearer(ws.agent.key)).expect(204);
    expect(await byName('shipping')).toMatchObject({ ticket_count: 1 });
  });

  it('renames a tag on every ticket, keeping its count; 409 when the new name is taken', async () => {
    const tickets = [(await api().ticket(['Old Name'])).body.data, (await api().ticket(['old name', 'other'])).body.data];
    const tag = await byName('old name');
    await new Promise((r) => setTimeout(r, 3));
    const renamed = await api().patch(tag.id, { name: '  New   Name ' }).expect(200);
    expect(renamed.body.data).toMatchObject({ id: tag.id, name: 'New Name', ticket_count: 2, created_at: tag.created_at });
    for (const ticket of tickets) {
      const read = await api().getTicket(ticket.id);
      expect(read.body.data.tags).toContain('New Name');
      expect(read.body.data.tags).not.toContain('Old Name');
      // Tickets changed as the API shows them, so incremental syncs see them.
      expect(Date.parse(read.body.data.updated_at)).toBeGreaterThan(Date.parse(ticket.updated_at));
    }
    // Only the case changes: fine.
    expect((await api().patch(tag.id, { name: 'new name' }).expect(200)).body.data.name).toBe('new name');
    const taken = await byName('other');
    const refused = await api().patch(tag.id, { name: 'OTHER' }).expect(409);
    expect(refused.body.error.details).toEqual([{ field: 'name', message: 'already taken', existing_id: taken.id }]);
    await api().patch(tag.id, { name: ' ' }).expect(400);
    await api().patch('tag_nope', { name: 'x' }).expect(404);
  });

  it('deletes a tag from every ticket', async () => {
    const ticket = (await api().ticket(['doomed', 'kept'])).body.data;
    const doomed = await byName('doomed');
    await api().del(doomed.id).expect(204);
    await api().get(doomed.id).expect(404);
    await api().del(doomed.id).expect(404);
    expect((await api().getTicket(ticket.id)).body.data.tags).toEqual(['kept']);
    const links = (await sql(t.app.get(DataSource), 'SELECT COUNT(*) AS n FROM ticket_tags WHERE tag_id = :id', { id: doomed.id })) as {
      n: number | string;
    }[];
    expect(Number(links[0].n)).toBe(0);
    // The name is free again, and tagging with it creates a new tag.
    const again = (await api().ticket(['Doomed'])).body.data;
    expect(again.tags).toEqual(['Doomed']);
    expect((await byName('doomed')).id).not.toBe(doomed.id);
  });

  it('lists tags newest first, paged, with an exact-name filter', async () => {
    const fresh = await createWorkspace(t.app, 'Paging');
    const names = ['one', 'two', 'three'];
    for (const name of names) {
      await api(fresh.agent.key).post({ name }).expect(201);
      await new Promise((r) => setTimeout(r, 3));
    }
    const first = await api(fresh.viewer.key).list({ limit: 2 }).expect(200);
    expect(first.body.data.map((tag: { name: string }) => tag.name)).toEqual(['three', 'two']);
    expect(first.body.meta).toEqual({ limit: 2, total: 3, next_cursor: expect.any(String) });
    const second = await api(fresh.viewer.key).list({ limit: 2, cursor: first.body.meta.next_cursor }).expect(200);
    expect(second.body.data.map((tag: { name: string }) => tag.name)).toEqual(['one']);
    expect(second.body.meta.next_cursor).toBeNull();
    expect((await api(fresh.viewer.key).list({ name: ' TWO ' }).expect(200)).body.data).toHaveLength(1);
    await api(fresh.viewer.key).list({ limit: 0 }).expect(400);
  });

  it('finds or creates tags for other modules: normalised, de-duplicated, in input order', async () => {
    const service = t.app.get(TagsService);
    const runner = t.app.get(TransactionRunner);
    const existing = (await api().post({ name: 'Alpha' }).expect(201)).body.data;
    const tags = await runner.run((m) => service.ensureTags(m, ws.admin.workspaceId, ['  beta  gamma ', 'ALPHA', 'Beta Gamma', 'delta']));
    expect(tags.map((tag) => tag.name)).toEqual(['beta gamma', 'Alpha', 'delta']);
    expect(tags[1].id).toBe(existing.id);
    await expect(runner.run((m) => service.ensureTags(m, ws.admin.workspaceId, ['ok', '  ']))).rejects.toMatchObject({
      status: 400,
      details: [{ field: 'tags', message: expect.any(String) }],
    });
    const tooLong = await t.http
      .post('/api/v1/tickets')
      .set(bearer(ws.agent.key))
      .send({ subject: 'x', customer_email: 'a@example.com', tags: ['z'.repeat(51)] });
    expect(tooLong.status).toBe(400);
  });

  it('lets viewers read but not write', async () => {
    const tag = (await api().post({ name: 'viewer-visible' }).expect(201)).body.data;
    const viewer = api(ws.viewer.key);
    await viewer.get(tag.id).expect(200);
    await viewer.list().expect(200);
    for (const res of [await viewer.post({ name: 'nope' }), await viewer.patch(tag.id, { name: 'x' }), await viewer.del(tag.id)]) {
      expect(res.status).toBe(403);
    }
  });

  it("never shows or touches another workspace's tags", async () => {
    const mine = (await api().post({ name: 'private-tag' }).expect(201)).body.data;
    const them = api(other.admin.key);
    await them.get(mine.id).expect(404);
    await them.patch(mine.id, { name: 'stolen' }).expect(404);
    await them.del(mine.id).expect(404);
    expect((await them.list({ name: 'private-tag' }).expect(200)).body).toEqual({
      data: [],
      meta: { limit: 50, total: 0, next_cursor: null },
    });
    expect((await api().get(mine.id).expect(200)).body.data.name).toBe('private-tag');
  });
});
