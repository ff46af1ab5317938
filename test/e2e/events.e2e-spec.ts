import { Webhook } from 'standardwebhooks';
import { bearer, createWorkspace, Session, startTestApp, TestApp } from '../helpers/test-app';
import { signatureHeaders, startReceiver, WebhookReceiver } from '../helpers/webhook-receiver';

const EVENT_TYPES = [
  'ticket.created',
  'ticket.updated',
  'ticket.status_changed',
  'ticket.deleted',
  'conversation.created',
  'customer.created',
  'customer.updated',
  'customer.deleted',
];

// Contract §6: every domain event reaches a `*` subscriber signed, shaped like GET /events.
describe('events: the log and its webhooks', () => {
  let t: TestApp;
  let admin: Session;
  let agent: Session;
  let viewer: Session;
  let other: Session;
  let receiver: WebhookReceiver;
  let secret: string;
  let startedAt: string;

  beforeAll(async () => {
    t = await startTestApp({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' });
    ({ admin, agent, viewer } = await createWorkspace(t.app, 'Events'));
    ({ admin: other } = await createWorkspace(t.app, 'Elsewhere'));
    receiver = await startReceiver();
    const hook = await t.http
      .post('/api/v1/webhooks')
      .set(bearer(admin.key))
      .send({ url: receiver.url, events: ['*'] })
      .expect(201);
    secret = hook.body.data.secret;
    startedAt = new Date().toISOString();

    const ticket = await t.http
      .post('/api/v1/tickets')
      .set(bearer(agent.key))
      .send({ subject: 'Printer on fire', customer_email: 'pat@example.com', description: 'It is on fire.' })
      .expect(201);
    await t.http
      .patch(`/api/v1/tickets/${ticket.body.data.id}`)
      .set(bearer(agent.key))
      .send({ status: 'resolved', priority: 'high' })
      .expect(200);
    await t.http.patch(`/api/v1/customers/${ticket.body.data.customer_id}`).set(bearer(agent.key)).send({ name: 'Pat' }).expect(200);
    await t.http.delete(`/api/v1/tickets/${ticket.body.data.id}`).set(bearer(agent.key)).expect(204);
    const loner = await t.http.post('/api/v1/customers').set(bearer(agent.key)).send({ email: 'loner@example.com' }).expect(201);
    await t.http.delete(`/api/v1/customers/${loner.body.data.id}`).set(bearer(agent.key)).expect(204);
    // Another workspace's activity must not leak into this one's log or webhooks.
    await t.http.post('/api/v1/customers').set(bearer(other.key)).send({ email: 'secret@example.com' }).expect(201);
  });
  afterAll(async () => {
    await receiver.close();
    await t.close();
  });

  const list = async (query: string, session = viewer) =>
    (await t.http.get(`/api/v1/events?${query}`).set(bearer(session.key)).expect(200)).body;

  it('delivers every event type, signed, with webhook-id = event id and the documented payload', async () => {
    const log = await list('limit=100');
    const messages = await receiver.waitFor(log.data.length);
    const payloads = messages.map((m) => {
      const payload = new Webhook(secret).verify(m.body, signatureHeaders(m.headers)) as { id: string; type: string };
      expect(m.headers['webhook-id']).toBe(payload.id);
      return payload;
    });
    expect(new Set(payloads.map((p) => p.type))).toEqual(new Set(EVENT_TYPES));
    for (const item of log.data) expect(payloads).toContainEqual(item);
    expect(payloads).toHaveLength(log.data.length);
  });

  it('lists events newest first, shaped as webhook payloads, with changes on updates', async () => {
    const { data, meta } = await list('limit=100');
    expect(meta).toMatchObject({ total: data.length, next_cursor: null });
    expect(data.length).toBeGreaterThanOrEqual(EVENT_TYPES.length);
    for (const event of data) {
      expect(Object.keys(event).sort()).toEqual(
        ['id', 'type', 'created_at', 'workspace_id', 'data', ...('changes' in event ? ['changes'] : [])].sort(),
      );
      expect(event.workspace_id).toBe(admin.workspaceId);
    }
    const times = data.map((e: { created_at: string }) => e.created_at);
    expect([...times].sort().reverse()).toEqual(times);
    const statusChanged = data.find((e: { type: string }) => e.type === 'ticket.status_changed');
    expect(statusChanged.changes).toEqual({ status: { from: 'open', to: 'resolved' } });
    expect(statusChanged.data).toMatchObject({ status: 'resolved', priority: 'high' });
    const updated = data.find((e: { type: string }) => e.type === 'ticket.updated');
    expect(updated.changes).toMatchObject({ priority: { from: 'normal', to: 'high' } });
    expect(data.find((e: { type: string }) => e.type === 'ticket.created').changes).toBeUndefined();
  });

  it('filters by type and created_after', async () => {
    const created = await list('type=customer.created');
    expect(created.data.map((e: { type: string }) => e.type)).toEqual(['customer.created', 'customer.created']);
    const future = await list(`created_after=${new Date(Date.now() + 60_000).toISOString()}`);
    expect(future).toMatchObject({ data: [], meta: { total: 0 } });
    const since = await list(`created_after=${startedAt}`);
    expect(since.meta.total).toBe((await list('')).meta.total);
  });

  it('pages with a cursor without skipping or repeating, and refuses bad parameters', async () => {
    const all = (await list('limit=100')).data.map((e: { id: string }) => e.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { data: { id: string }[]; meta: { next_cursor: string | null } } = await list(
        `limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      seen.push(...page.data.map((e) => e.id));
      cursor = page.meta.next_cursor;
    } while (cursor);
    expect(seen).toEqual(all);
    for (const query of ['type=ticket.exploded', 'type=ping', 'created_after=yesterday', 'cursor=garbage', 'limit=101']) {
      const res = await t.http.get(`/api/v1/events?${query}`).set(bearer(viewer.key));
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
    }
  });

  it("never shows another workspace's events", async () => {
    const mine = await list('limit=100');
    const theirs = await list('limit=100', other);
    expect(theirs.data.map((e: { type: string }) => e.type)).toEqual(['customer.created']);
    const mineIds = new Set(mine.data.map((e: { id: string }) => e.id));
    expect(theirs.data.some((e: { id: string }) => mineIds.has(e.id))).toBe(false);
    expect(receiver.received.some((m) => m.body.includes('secret@example.com'))).toBe(false);
  });

  it('leaves webhook test pings out of the log', async () => {
    const hooks = await t.http.get('/api/v1/webhooks').set(bearer(admin.key)).expect(200);
    await t.http.post(`/api/v1/webhooks/${hooks.body.data[0].id}/test`).set(bearer(admin.key)).expect(202);
    const { data } = await list('limit=100');
    expect(data.some((e: { type: string }) => e.type === 'ping')).toBe(false);
  });
});
