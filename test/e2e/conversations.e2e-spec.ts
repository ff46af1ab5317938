import { bearer, createWorkspace, Session, startTestApp, TestApp } from '../helpers/test-app';

interface Res {
  status: number;
  body: { data?: any; meta?: any; error?: any }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

jest.setTimeout(60_000);

// Contract §5 Conversations: both create routes, listing and filters, authorship, the effects
// on the ticket (first response, reopening, updated_at), events, permissions and isolation.
describe('conversations', () => {
  let t: TestApp;
  let ws: Record<'admin' | 'agent' | 'viewer', Session>;
  let other: Record<'admin' | 'agent' | 'viewer', Session>;

  beforeAll(async () => {
    t = await startTestApp();
    ws = await createWorkspace(t.app, 'Threads');
    other = await createWorkspace(t.app, 'Other');
  });
  afterAll(() => t.close());

  const get = (path: string, key = ws.agent.key) => t.http.get(`/api/v1${path}`).set(bearer(key));
  const post = (path: string, body: object, key = ws.agent.key) => t.http.post(`/api/v1${path}`).set(bearer(key)).send(body);
  const patch = (path: string, body: object, key = ws.agent.key) => t.http.patch(`/api/v1${path}`).set(bearer(key)).send(body);
  const newTicket = async (body: object = {}, key = ws.agent.key) =>
    (await post('/tickets', { subject: 'Help', customer_email: 'carol@example.com', ...body }, key).expect(201)).body.data;
  const ticketOf = async (id: string) => (await get(`/tickets/${id}`).expect(200)).body.data;
  const expectError = (res: Res, status: number, code: string, field?: string) => {
    expect({ status: res.status, code: res.body.error?.code }).toEqual({ status, code });
    expect(res.body.error).toEqual({ code, message: expect.any(String), details: expect.any(Array), request_id: expect.any(String) });
    if (field) expect(res.body.error.details.map((d: { field?: string }) => d.field)).toContain(field);
  };
  const eventsFor = async (type: string, id: string) =>
    (await get(`/events?type=${type}&limit=100`, ws.admin.key).expect(200)).body.data.filter(
      (e: { data: { id: string } }) => e.data.id === id,
    );

  it('adds a reply by the calling user through either route (201), stored exactly as given', async () => {
    const ticket = await newTicket();
    const body = '  Hi Carol,\n\n<b>not html-escaped</b> — ünïcödé 🎉\t\n';
    const res = await post(`/tickets/${ticket.id}/conversations`, { type: 'reply', body }).expect(201);
    expect(res.body.data).toEqual({
      id: expect.stringMatching(/^cnv_/),
      ticket_id: ticket.id,
      type: 'reply',
      body,
      author_type: 'user',
      author_id: ws.agent.userId,
      created_at: expect.stringMatching(/Z$/),
    });
    const second = await post('/conversations', { ticket_id: ticket.id, type: 'note', body: 'internal' }, ws.admin.key).expect(201);
    expect(second.body.data).toMatchObject({ ticket_id: ticket.id, type: 'note', author_type: 'user', author_id: ws.admin.userId });
    expect((await get(`/conversations/${res.body.data.id}`).expect(200)).body.data).toEqual(res.body.data);
    const [event] = await eventsFor('conversation.created', res.body.data.id);
    expect(event.data).toEqual(res.body.data);
  });

  it("attributes a customer entry to the ticket's customer; a note is never the customer's", async () => {
    const ticket = await newTicket();
    const res = await post(`/tickets/${ticket.id}/conversations`, { type: 'reply', body: 'Still broken', author_type: 'customer' }).expect(
      201,
    );
    expect(res.body.data).toMatchObject({ author_type: 'customer', author_id: ticket.customer_id });
    expectError(
      await post(`/tickets/${ticket.id}/conversations`, { type: 'note', body: 'x', author_type: 'customer' }),
      400,
      'validation_failed',
      'author_type',
    );
  });

  it('sets first_response_at on the first user reply only, never for notes or customer replies', async () => {
    const ticket = await newTicket();
    await post(`/tickets/${ticket.id}/conversations`, { type: 'note', body: 'looking' }).expect(201);
    await post(`/tickets/${ticket.id}/conversations`, { type: 'reply', body: 'hello?', author_type: 'customer' }).expect(201);
    expect((await ticketOf(ticket.id)).first_response_at).toBeNull();
    const first = (await post(`/tickets/${ticket.id}/conversations`, { type: 'reply', body: 'On it' }).expect(201)).body.data;
    expect((await ticketOf(ticket.id)).first_response_at).toBe(first.created_at);
    await post(`/tickets/${ticket.id}/conversations`, { type: 'reply', body: 'Done' }, ws.admin.key).expect(201);
    expect((await ticketOf(ticket.id)).first_response_at).toBe(first.created_at);
  });

  it.each(['pending', 'resolved'])('reopens a %s ticket on a customer reply, emitting ticket.status_changed', async (status) => {
    const ticket = await newTicket({ status });
    const entry = (
      await post(`/tickets/${ticket.id}/conversations`, { type: 'reply', body: 'It happened again', author_type: 'customer' }).expect(201)
    ).body.data;
    const after = await ticketOf(ticket.id);
    expect(after).toMatchObject({ status: 'open', resolved_at: null, updated_at: entry.created_at });
    const [event] = await eventsFor('ticket.status_changed', ticket.id);
    expect(event.changes).toEqual({ status: { from: status, to: 'open' } });
    expect(event.data).toEqual(after);
  });

  it('leaves the status alone for notes, user replies, and customer replies on open or closed tickets', async () => {
    for (const [status, entry] of [
      ['pending', { type: 'note', body: 'waiting on finance' }],
      ['resolved', { type: 'reply', body: 'anything else?' }],
      ['closed', { type: 'reply', body: 'thanks', author_type: 'customer' }],
      ['open', { type: 'reply', body: 'more info', author_type: 'customer' }],
    ] as const) {
      const ticket = await newTicket({ status });
      const created = (await post(`/tickets/${ticket.id}/conversations`, entry).expect(201)).body.data;
      const after = await ticketOf(ticket.id);
      expect({ status: after.status, updated_at: after.updated_at }).toEqual({ status, updated_at: created.created_at });
      expect(await eventsFor('ticket.status_changed', ticket.id)).toEqual([]);
    }
  });

  it('lists a thread oldest first, pages it, and lists across tickets with filters', async () => {
    const ticket = await newTicket({ description: 'first' });
    for (const body of ['second', 'third', 'fourth'])
      await post(`/tickets/${ticket.id}/conversations`, { type: 'reply', body }).expect(201);
    await post(`/tickets/${ticket.id}/conversations`, { type: 'note', body: 'fifth' }).expect(201);

    const thread = (await get(`/tickets/${ticket.id}/conversations`).expect(200)).body;
    expect(thread.data.map((c: { body: string }) => c.body)).toEqual(['first', 'second', 'third', 'fourth', 'fifth']);
    expect(thread.meta).toEqual({ limit: 50, total: 5, next_cursor: null });
    const newest = (await get(`/tickets/${ticket.id}/conversations?order=desc&limit=2`).expect(200)).body;
    expect(newest.data.map((c: { body: string }) => c.body)).toEqual(['fifth', 'fourth']);
    const next = (
      await get(`/tickets/${ticket.id}/conversations?order=desc&limit=2&cursor=${encodeURIComponent(newest.meta.next_cursor)}`).expect(200)
    ).body;
    expect(next.data.map((c: { body: string }) => c.body)).toEqual(['third', 'second']);

    const bodies = async (query: string) =>
      (await get(`/conversations?ticket_id=${ticket.id}&${query}`).expect(200)).body.data.map((c: { body: string }) => c.body);
    expect(await bodies('')).toEqual(['fifth', 'fourth', 'third', 'second', 'first']);
    expect(await bodies('type=note')).toEqual(['fifth']);
    expect(await bodies('author_type=customer')).toEqual(['first']);
    expect(await bodies('type=reply&author_type=user')).toEqual(['fourth', 'third', 'second']);
    const third = thread.data[2];
    expect(await bodies(`created_after=${third.created_at}`)).toEqual(expect.arrayContaining(['fifth', 'fourth', 'third']));
    expect(await bodies('created_after=2999-01-01T00:00:00Z')).toEqual([]);
    for (const bad of ['type=email', 'author_type=bot', 'created_after=soon', 'limit=500', 'ticket=1']) {
      expectError(await get(`/conversations?${bad}`), 400, 'validation_failed');
    }
  });

  it('refuses blank, missing, oversized and mistyped entries', async () => {
    const ticket = await newTicket();
    const path = `/tickets/${ticket.id}/conversations`;
    expectError(await post(path, { type: 'reply', body: '' }), 400, 'validation_failed', 'body');
    expectError(await post(path, { type: 'reply', body: ' \n\t ' }), 400, 'validation_failed', 'body');
    expectError(await post(path, { type: 'reply' }), 400, 'validation_failed', 'body');
    expectError(await post(path, { type: 'reply', body: 'x'.repeat(65537) }), 400, 'validation_failed', 'body');
    expectError(await post(path, { type: 'email', body: 'x' }), 400, 'validation_failed', 'type');
    expectError(await post(path, { body: 'x' }), 400, 'validation_failed', 'type');
    expectError(await post(path, { type: 'reply', body: 'x', author_type: 'bot' }), 400, 'validation_failed', 'author_type');
    expectError(await post(path, { type: 'reply', body: 42 }), 400, 'validation_failed', 'body');
    expectError(await post(path, { type: 'reply', body: 'x', ticket_id: ticket.id }), 400, 'validation_failed', 'ticket_id');
    expectError(await post('/conversations', { type: 'reply', body: 'x' }), 400, 'validation_failed', 'ticket_id');
    expect((await post(path, { type: 'reply', body: 'x'.repeat(65536) }).expect(201)).body.data.body).toHaveLength(65536);
  });

  it('lets a viewer read threads but not write them', async () => {
    const ticket = await newTicket({ description: 'hello' });
    const [entry] = (await get(`/tickets/${ticket.id}/conversations`, ws.viewer.key).expect(200)).body.data;
    await get(`/conversations/${entry.id}`, ws.viewer.key).expect(200);
    await get('/conversations', ws.viewer.key).expect(200);
    expectError(await post(`/tickets/${ticket.id}/conversations`, { type: 'note', body: 'x' }, ws.viewer.key), 403, 'forbidden');
    expectError(await post('/conversations', { ticket_id: ticket.id, type: 'note', body: 'x' }, ws.viewer.key), 403, 'forbidden');
    expect((await get(`/tickets/${ticket.id}/conversations`).expect(200)).body.meta.total).toBe(1);
  });

  it("answers 404 for another workspace's tickets and entries, in paths and in bodies", async () => {
    const theirs = await newTicket({ description: 'their secret' }, other.agent.key);
    const [theirEntry] = (await get(`/tickets/${theirs.id}/conversations`, other.agent.key).expect(200)).body.data;
    expectError(await get(`/tickets/${theirs.id}/conversations`), 404, 'not_found');
    expectError(await get(`/conversations/${theirEntry.id}`), 404, 'not_found');
    expectError(await post(`/tickets/${theirs.id}/conversations`, { type: 'reply', body: 'x' }), 404, 'not_found');
    expectError(await post('/conversations', { ticket_id: theirs.id, type: 'reply', body: 'x' }), 404, 'not_found', 'ticket_id');
    expectError(await post('/conversations', { ticket_id: 'tkt_nothing', type: 'reply', body: 'x' }), 404, 'not_found', 'ticket_id');
    expect((await get(`/conversations?ticket_id=${theirs.id}`).expect(200)).body).toMatchObject({ data: [], meta: { total: 0 } });
    const mine = (await get('/conversations?limit=100').expect(200)).body.data.map((c: { id: string }) => c.id);
    expect(mine).not.toContain(theirEntry.id);
    expect((await get(`/tickets/${theirs.id}/conversations`, other.agent.key).expect(200)).body.meta.total).toBe(1);
    // Nothing was written to their ticket.
    expect((await get(`/tickets/${theirs.id}`, other.agent.key).expect(200)).body.data).toEqual(theirs);
  });

  it('applies concurrent replies to one ticket one after the other', async () => {
    const ticket = await newTicket({ status: 'pending' });
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        post(`/tickets/${ticket.id}/conversations`, { type: 'reply', body: `r${i}`, author_type: i % 2 ? 'customer' : 'user' }).expect(201),
      ),
    );
    const after = await ticketOf(ticket.id);
    const thread = (await get(`/tickets/${ticket.id}/conversations`).expect(200)).body.data;
    expect(thread).toHaveLength(10);
    const firstUser = thread.find((c: { author_type: string }) => c.author_type === 'user');
    expect(after.first_response_at).toBe(firstUser.created_at);
    expect(after.status).toBe('open');
    expect(await eventsFor('ticket.status_changed', ticket.id)).toHaveLength(1);
    await patch(`/tickets/${ticket.id}`, { status: 'resolved' }).expect(200);
  });
});
