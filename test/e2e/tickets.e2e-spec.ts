import { bearer, createWorkspace, Session, startTestApp, TestApp } from '../helpers/test-app';

type Sessions = Record<'admin' | 'agent' | 'viewer', Session>;
interface Res {
  status: number;
  body: { data?: any; meta?: any; error?: any }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

// Contract §5 Tickets: fields, defaults, enums, status timestamps, tags, numbers, events,
// deletion, permissions and isolation between workspaces.
describe('tickets', () => {
  let t: TestApp;
  let ws: Sessions;
  let other: Sessions;

  beforeAll(async () => {
    t = await startTestApp();
    ws = await createWorkspace(t.app, 'Tickets');
    other = await createWorkspace(t.app, 'Other');
  });
  afterAll(() => t.close());

  const api = (key: string) => ({
    get: (path: string) => t.http.get(`/api/v1${path}`).set(bearer(key)),
    post: (path: string, body: object) => t.http.post(`/api/v1${path}`).set(bearer(key)).send(body),
    patch: (path: string, body: object) => t.http.patch(`/api/v1${path}`).set(bearer(key)).send(body),
    delete: (path: string) => t.http.delete(`/api/v1${path}`).set(bearer(key)),
  });
  const agent = () => api(ws.agent.key);
  const expectError = (res: Res, status: number, code: string, field?: string) => {
    expect({ status: res.status, code: res.body.error?.code }).toEqual({ status, code });
    expect(res.body.error).toEqual({ code, message: expect.any(String), details: expect.any(Array), request_id: expect.any(String) });
    if (field) expect(res.body.error.details.map((d: { field?: string }) => d.field)).toContain(field);
  };
  const newTicket = async (body: object = {}, session: Session = ws.agent) =>
    (
      await api(session.key)
        .post('/tickets', { subject: 'Help', customer_email: 'someone@example.com', ...body })
        .expect(201)
    ).body.data;
  const eventsFor = async (type: string, id: string, session: Session = ws.admin) => {
    const res = await api(session.key).get(`/events?type=${type}&limit=100`).expect(200);
    return res.body.data.filter((e: { data: { id: string } }) => e.data.id === id);
  };
  const tagCount = async (name: string) => {
    const tags = (await agent().get(`/tags?limit=100`).expect(200)).body.data as { name: string; ticket_count: number }[];
    return tags.find((tag) => tag.name.toLowerCase() === name.toLowerCase())?.ticket_count;
  };

  it('creates a ticket with every default', async () => {
    const res = await agent().post('/tickets', { subject: '  Printer on fire ', customer_email: 'Ada@Example.com' }).expect(201);
    const ticket = res.body.data;
    expect(Object.keys(ticket)).toEqual([
      'id',
      'number',
      'subject',
      'status',
      'priority',
      'tags',
      'customer_id',
      'assignee_id',
      'channel',
      'external_id',
      'created_at',
      'updated_at',
      'first_response_at',
      'resolved_at',
      'closed_at',
      'team_id',
    ]);
    expect(ticket).toMatchObject({
      id: expect.stringMatching(/^tkt_/),
      subject: 'Printer on fire',
      status: 'open',
      priority: 'normal',
      tags: [],
      customer_id: expect.stringMatching(/^cus_/),
      assignee_id: null,
      channel: 'api',
      external_id: null,
      first_response_at: null,
      resolved_at: null,
      closed_at: null,
    });
    expect(ticket.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(ticket.updated_at).toBe(ticket.created_at);
    expect((await agent().get(`/tickets/${ticket.id}`).expect(200)).body.data).toEqual(ticket);

    const [created] = await eventsFor('ticket.created', ticket.id);
    expect(created).toMatchObject({ type: 'ticket.created', workspace_id: ws.admin.workspaceId, data: ticket });
  });

  it('takes every field on create', async () => {
    const customer = (await agent().post('/customers', { email: 'grace@example.com', name: 'Grace' }).expect(201)).body.data;
    const ticket = await newTicket({
      customer_email: undefined,
      customer_id: customer.id,
      subject: 'Invoice wrong',
      description: 'My invoice shows the wrong amount.\n\nThanks',
      priority: 'urgent',
      status: 'pending',
      tags: ['billing', ' VIP ', 'vip', 'Billing'],
      assignee_id: ws.agent.userId,
      channel: 'email',
      external_id: 'mail-123',
    });
    expect(ticket).toMatchObject({
      subject: 'Invoice wrong',
      priority: 'urgent',
      status: 'pending',
      tags: ['billing', 'VIP'],
      customer_id: customer.id,
      assignee_id: ws.agent.userId,
      channel: 'email',
      external_id: 'mail-123',
    });
    const thread = (await agent().get(`/tickets/${ticket.id}/conversations`).expect(200)).body.data;
    expect(thread).toEqual([
      {
        id: expect.stringMatching(/^cnv_/),
        ticket_id: ticket.id,
        type: 'reply',
        body: 'My invoice shows the wrong amount.\n\nThanks',
        author_type: 'customer',
        author_id: customer.id,
        created_at: expect.any(String),
      },
    ]);
    expect(await eventsFor('conversation.created', thread[0].id)).toHaveLength(1);
    // A description is the customer's opening message, not a first response.
    expect(ticket.first_response_at).toBeNull();
  });

  it('accepts every enum value and refuses others', async () => {
    for (const status of ['open', 'pending', 'resolved', 'closed']) expect((await newTicket({ status })).status).toBe(status);
    for (const priority of ['low', 'normal', 'high', 'urgent']) expect((await newTicket({ priority })).priority).toBe(priority);
    for (const channel of ['api', 'email', 'web', 'chat', 'phone']) expect((await newTicket({ channel })).channel).toBe(channel);
    const bad = await agent().post('/tickets', {
      subject: 'x',
      customer_email: 'a@b.co',
      status: 'solved',
      priority: 'meh',
      channel: 'fax',
    });
    expectError(bad, 400, 'validation_failed');
    expect(bad.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['channel', 'priority', 'status']);
  });

  it('refuses bad create bodies with a 400 naming the field', async () => {
    expectError(await agent().post('/tickets', { customer_email: 'a@b.co' }), 400, 'validation_failed', 'subject');
    expectError(await agent().post('/tickets', { subject: '   ', customer_email: 'a@b.co' }), 400, 'validation_failed', 'subject');
    expectError(
      await agent().post('/tickets', { subject: 'x'.repeat(501), customer_email: 'a@b.co' }),
      400,
      'validation_failed',
      'subject',
    );
    expectError(await agent().post('/tickets', { subject: 'x' }), 400, 'validation_failed', 'customer_email');
    expectError(
      await agent().post('/tickets', { subject: 'x', customer_email: 'a@b.co', customer_id: 'cus_x' }),
      400,
      'validation_failed',
      'customer_email',
    );
    expectError(
      await agent().post('/tickets', { subject: 'x', customer_email: 'not-an-email' }),
      400,
      'validation_failed',
      'customer_email',
    );
    expectError(await agent().post('/tickets', { subject: 'x', customer_email: null }), 400, 'validation_failed', 'customer_email');
    expectError(
      await agent().post('/tickets', { subject: 'x', customer_email: 'a@b.co', description: ' \n ' }),
      400,
      'validation_failed',
      'description',
    );
    expectError(await agent().post('/tickets', { subject: 'x', customer_email: 'a@b.co', tags: 'vip' }), 400, 'validation_failed', 'tags');
    expectError(await agent().post('/tickets', { subject: 'x', customer_email: 'a@b.co', tags: ['  '] }), 400, 'validation_failed', 'tags');
    expectError(await agent().post('/tickets', { subject: 'x', customer_email: 'a@b.co', number: 7 }), 400, 'validation_failed', 'number');
    expectError(
      await agent().post('/tickets', { subject: 'x', customer_email: 'a@b.co', assignee_id: 'usr_nobody' }),
      404,
      'not_found',
      'assignee_id',
    );
    expectError(await agent().post('/tickets', { subject: 'x', customer_id: 'cus_nobody' }), 404, 'not_found', 'customer_id');
  });

  it('finds the customer by email case-insensitively, creating it once', async () => {
    const a = await newTicket({ customer_email: 'Linus@Example.org' });
    const b = await newTicket({ customer_email: 'linus@example.ORG' });
    expect(b.customer_id).toBe(a.customer_id);
    expect(await eventsFor('customer.created', a.customer_id)).toHaveLength(1);
    expect((await agent().get(`/customers/${a.customer_id}`).expect(200)).body.data.email).toBe('Linus@Example.org');
  });

  it('keeps external_id unique per workspace (409 naming the existing ticket)', async () => {
    const first = await newTicket({ external_id: 'crm-77' });
    const again = await agent().post('/tickets', { subject: 'x', customer_email: 'a@b.co', external_id: 'crm-77' });
    expectError(again, 409, 'conflict', 'external_id');
    expect(again.body.error.details[0].existing_id).toBe(first.id);
    await newTicket({ external_id: 'crm-77' }, other.agent);
  });

  it('numbers tickets 1, 2, 3… per workspace', async () => {
    const fresh = await createWorkspace(t.app, 'Numbers');
    const numbers: number[] = [];
    for (let i = 0; i < 5; i++) numbers.push((await newTicket({}, fresh.agent)).number);
    expect(numbers).toEqual([1, 2, 3, 4, 5]);
    const mine = (await agent().get('/tickets?limit=100').expect(200)).body.data.map((x: { number: number }) => x.number);
    expect(new Set(mine).size).toBe(mine.length);
  });

  it('sets and clears resolved_at / closed_at with the status, reporting ticket.status_changed', async () => {
    const ticket = await newTicket();
    const resolved = (await agent().patch(`/tickets/${ticket.id}`, { status: 'resolved' }).expect(200)).body.data;
    expect(resolved.resolved_at).not.toBeNull();
    expect(resolved.closed_at).toBeNull();
    expect(resolved.updated_at > ticket.updated_at || resolved.updated_at === ticket.updated_at).toBe(true);

    const closed = (await agent().patch(`/tickets/${ticket.id}`, { status: 'closed' }).expect(200)).body.data;
    expect(closed.closed_at).not.toBeNull();
    expect(closed.resolved_at).toBe(resolved.resolved_at);

    const reopened = (await agent().patch(`/tickets/${ticket.id}`, { status: 'open' }).expect(200)).body.data;
    expect(reopened).toMatchObject({ status: 'open', resolved_at: null, closed_at: null });

    const changes = (await eventsFor('ticket.status_changed', ticket.id)).map((e: { changes: unknown }) => e.changes).reverse();
    expect(changes).toEqual([
      { status: { from: 'open', to: 'resolved' } },
      { status: { from: 'resolved', to: 'closed' } },
      { status: { from: 'closed', to: 'open' } },
    ]);
    // Status-only changes are not reported twice.
    expect(await eventsFor('ticket.updated', ticket.id)).toEqual([]);
  });

  it('stamps timestamps for a ticket created resolved or closed', async () => {
    expect(await newTicket({ status: 'resolved' })).toMatchObject({ resolved_at: expect.any(String), closed_at: null });
    expect(await newTicket({ status: 'closed' })).toMatchObject({ resolved_at: null, closed_at: expect.any(String) });
  });

  it('updates subject, priority and assignee with ticket.updated changes, and both events when status changes too', async () => {
    const ticket = await newTicket({ subject: 'Old' });
    const updated = (
      await agent()
        .patch(`/tickets/${ticket.id}`, { subject: 'New', priority: 'high', assignee_id: ws.admin.userId, status: 'pending' })
        .expect(200)
    ).body.data;
    expect(updated).toMatchObject({ subject: 'New', priority: 'high', assignee_id: ws.admin.userId, status: 'pending' });
    const [change] = await eventsFor('ticket.updated', ticket.id);
    expect(change.changes).toEqual({
      subject: { from: 'Old', to: 'New' },
      priority: { from: 'normal', to: 'high' },
      assignee_id: { from: null, to: ws.admin.userId },
    });
    expect(change.data).toEqual(updated);
    expect((await eventsFor('ticket.status_changed', ticket.id))[0].changes).toEqual({ status: { from: 'open', to: 'pending' } });

    const unassigned = (await agent().patch(`/tickets/${ticket.id}`, { assignee_id: null }).expect(200)).body.data;
    expect(unassigned.assignee_id).toBeNull();
  });

  it('changes nothing (not even updated_at) for a PATCH that changes nothing', async () => {
    const ticket = await newTicket({ priority: 'low', tags: ['same'] });
    const res = (
      await agent()
        .patch(`/tickets/${ticket.id}`, { priority: 'low', tags: ['SAME'], subject: ticket.subject })
        .expect(200)
    ).body.data;
    expect(res).toEqual(ticket);
    expect(await eventsFor('ticket.updated', ticket.id)).toEqual([]);
    expect((await agent().patch(`/tickets/${ticket.id}`, {}).expect(200)).body.data).toEqual(ticket);
  });

  it('refuses bad updates', async () => {
    const ticket = await newTicket();
    expectError(await agent().patch(`/tickets/${ticket.id}`, { subject: null }), 400, 'validation_failed', 'subject');
    expectError(await agent().patch(`/tickets/${ticket.id}`, { status: null }), 400, 'validation_failed', 'status');
    expectError(await agent().patch(`/tickets/${ticket.id}`, { channel: 'email' }), 400, 'validation_failed', 'channel');
    expectError(await agent().patch(`/tickets/${ticket.id}`, { external_id: 'x' }), 400, 'validation_failed', 'external_id');
    expectError(await agent().patch(`/tickets/${ticket.id}`, { assignee_id: other.agent.userId }), 404, 'not_found', 'assignee_id');
    expectError(await agent().patch('/tickets/tkt_nothing', { subject: 'x' }), 404, 'not_found');
    expect((await agent().get(`/tickets/${ticket.id}`).expect(200)).body.data).toEqual(ticket);
  });

  it('replaces, adds and removes tags, keeping ticket_count right', async () => {
    const ticket = await newTicket({ tags: ['t-alpha', 't-beta'] });
    expect(await tagCount('t-alpha')).toBe(1);

    const replaced = (
      await agent()
        .patch(`/tickets/${ticket.id}`, { tags: ['t-beta', 't-gamma'] })
        .expect(200)
    ).body.data;
    expect(replaced.tags).toEqual(['t-beta', 't-gamma']);
    expect([await tagCount('t-alpha'), await tagCount('t-beta'), await tagCount('t-gamma')]).toEqual([0, 1, 1]);
    const [change] = await eventsFor('ticket.updated', ticket.id);
    expect(change.changes).toEqual({ tags: { from: ['t-alpha', 't-beta'], to: ['t-beta', 't-gamma'] } });

    const added = await agent().post(`/tickets/${ticket.id}/tags`, { tags: ['T-Delta', 't-beta'] });
    expect(added.status).toBe(200);
    expect(added.body.data.tags).toEqual(['t-beta', 'T-Delta', 't-gamma']);
    expect([await tagCount('t-beta'), await tagCount('t-delta')]).toEqual([1, 1]);

    const removed = await agent().delete(`/tickets/${ticket.id}/tags/T-BETA`);
    expect(removed.status).toBe(200);
    expect(removed.body.data.tags).toEqual(['T-Delta', 't-gamma']);
    expect(await tagCount('t-beta')).toBe(0);
    // Removing a tag the ticket does not carry changes nothing.
    expect((await agent().delete(`/tickets/${ticket.id}/tags/never-seen`).expect(200)).body.data).toEqual(removed.body.data);
    expect(
      (
        await agent()
          .delete(`/tickets/${ticket.id}/tags/${encodeURIComponent('T-Delta')}`)
          .expect(200)
      ).body.data.tags,
    ).toEqual(['t-gamma']);

    expect((await agent().patch(`/tickets/${ticket.id}`, { tags: [] }).expect(200)).body.data.tags).toEqual([]);
    expect(await tagCount('t-gamma')).toBe(0);

    expectError(await agent().post(`/tickets/${ticket.id}/tags`, { tags: [] }), 400, 'validation_failed', 'tags');
    expectError(await agent().post(`/tickets/${ticket.id}/tags`, {}), 400, 'validation_failed', 'tags');
  });

  it('deletes a ticket (204), its thread and tag counts, emitting ticket.deleted with the ticket as it was', async () => {
    const ticket = await newTicket({ tags: ['t-doomed'], description: 'bye' });
    const entry = (await agent().get(`/tickets/${ticket.id}/conversations`).expect(200)).body.data[0];
    expect(await tagCount('t-doomed')).toBe(1);
    const res = await agent().delete(`/tickets/${ticket.id}`);
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expectError(await agent().get(`/tickets/${ticket.id}`), 404, 'not_found');
    expectError(await agent().get(`/conversations/${entry.id}`), 404, 'not_found');
    expect(await tagCount('t-doomed')).toBe(0);
    const [deleted] = await eventsFor('ticket.deleted', ticket.id);
    expect(deleted.data).toEqual(ticket);
    expectError(await agent().delete(`/tickets/${ticket.id}`), 404, 'not_found');
  });

  it('lets a viewer read but not write', async () => {
    const ticket = await newTicket();
    const viewer = api(ws.viewer.key);
    await viewer.get(`/tickets/${ticket.id}`).expect(200);
    await viewer.get('/tickets').expect(200);
    expectError(await viewer.post('/tickets', { subject: 'x', customer_email: 'a@b.co' }), 403, 'forbidden');
    expectError(await viewer.patch(`/tickets/${ticket.id}`, { subject: 'x' }), 403, 'forbidden');
    expectError(await viewer.post(`/tickets/${ticket.id}/tags`, { tags: ['x'] }), 403, 'forbidden');
    expectError(await viewer.delete(`/tickets/${ticket.id}/tags/x`), 403, 'forbidden');
    expectError(await viewer.delete(`/tickets/${ticket.id}`), 403, 'forbidden');
  });

  it("answers 404 for another workspace's tickets and refuses its ids in bodies", async () => {
    const theirs = await newTicket({ subject: 'Their secret', tags: ['t-theirs'] }, other.agent);
    const theirCustomer = theirs.customer_id;
    const mine = agent();
    expectError(await mine.get(`/tickets/${theirs.id}`), 404, 'not_found');
    expectError(await mine.patch(`/tickets/${theirs.id}`, { subject: 'pwned' }), 404, 'not_found');
    expectError(await mine.post(`/tickets/${theirs.id}/tags`, { tags: ['x'] }), 404, 'not_found');
    expectError(await mine.delete(`/tickets/${theirs.id}/tags/t-theirs`), 404, 'not_found');
    expectError(await mine.delete(`/tickets/${theirs.id}`), 404, 'not_found');
    expectError(await mine.post('/tickets', { subject: 'x', customer_id: theirCustomer }), 404, 'not_found', 'customer_id');
    expectError(
      await mine.post('/tickets', { subject: 'x', customer_email: 'a@b.co', assignee_id: other.agent.userId }),
      404,
      'not_found',
      'assignee_id',
    );
    const listed = (await mine.get(`/tickets?customer_id=${theirCustomer}`).expect(200)).body;
    expect(listed).toMatchObject({ data: [], meta: { total: 0, next_cursor: null } });
    const all = (await mine.get('/tickets?limit=100').expect(200)).body.data.map((x: { id: string }) => x.id);
    expect(all).not.toContain(theirs.id);
    expect((await api(other.agent.key).get(`/tickets/${theirs.id}`).expect(200)).body.data).toEqual(theirs);
    expect(await eventsFor('ticket.created', theirs.id)).toEqual([]);
  });
});
