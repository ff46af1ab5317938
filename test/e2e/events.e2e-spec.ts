import { Webhook } from 'standardwebhooks';
import { TransactionRunner } from '@relay/database';
import { EventOutbox, SYSTEM_ACTOR } from '@relay/events';
import { InvitesService } from '@relay/sessions';
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
        ['id', 'type', 'created_at', 'workspace_id', 'actor', 'data', ...('changes' in event ? ['changes'] : [])].sort(),
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

  interface Listed {
    id: string;
    type: string;
    actor: { type: string; id: string | null; api_key_id: string | null; rule_id: string | null };
    data: { id?: string; email?: string; name?: string };
  }

  /** The id of the one API key a test user was given. */
  const keyIdOf = async (session: Session) =>
    (await t.http.get(`/api/v1/api-keys?user_id=${session.userId}`).set(bearer(admin.key)).expect(200)).body.data[0].id as string;

  it("records the request's user and API key as the actor of every event it appends", async () => {
    const agentKey = await keyIdOf(agent);
    const { data } = (await list('limit=100')) as { data: Listed[] };
    const byAgent = data.filter((e) => e.actor.id === agent.userId);
    // The setup's every event was the agent's: ticket, thread, customers (created on the way too).
    expect(new Set(byAgent.map((e) => e.type))).toEqual(new Set(EVENT_TYPES));
    for (const event of byAgent) expect(event.actor).toEqual({ type: 'user', id: agent.userId, api_key_id: agentKey, rule_id: null });
  });

  it('records a browser session as its user with no key, and Relay itself (the CLI) as system', async () => {
    const email = (await t.http.get('/api/v1/users/me').set(bearer(viewer.key)).expect(200)).body.data.email as string;
    const invite = await t.http.post(`/api/v1/users/${admin.userId}/invite`).set(bearer(admin.key)).expect(201);
    await t.http
      .post(`/api/v1/auth/invites/${(invite.body.data.url as string).slice('/app/invite/'.length)}`)
      .send({ password: 'correct horse battery staple' })
      .expect(204);
    const adminEmail = (await t.http.get('/api/v1/users/me').set(bearer(admin.key)).expect(200)).body.data.email as string;
    const signedIn = await t.http
      .post('/api/v1/auth/sessions')
      .send({ email: adminEmail, password: 'correct horse battery staple' })
      .expect(201);
    const cookie = ([] as string[]).concat(signedIn.headers['set-cookie'])[0].split(';')[0];
    const customer = await t.http
      .post('/api/v1/customers')
      .set('Cookie', cookie)
      .set('X-CSRF-Token', signedIn.body.data.csrf_token)
      .send({ email: 'by-session@example.com' })
      .expect(201);
    // The operator's `user:set-password` at the CLI: no user of the workspace acts.
    await t.app.get(InvitesService).setPassword(email, 'another horse battery staple', admin.workspaceId);

    const { data } = (await list('limit=100')) as { data: Listed[] };
    const session = { type: 'user', id: admin.userId, api_key_id: null, rule_id: null };
    expect(data.find((e) => e.type === 'customer.created' && e.data.id === customer.body.data.id)!.actor).toEqual(session);
    const [passwordSetBySystem, signedInEvent, passwordSetByInvite] = data.filter((e) => e.type.startsWith('user.'));
    expect(signedInEvent).toMatchObject({ type: 'user.signed_in', actor: session });
    expect(passwordSetByInvite).toMatchObject({ type: 'user.password_set', actor: session });
    expect(passwordSetBySystem).toMatchObject({
      type: 'user.password_set',
      data: { email },
      actor: { type: 'system', id: null, api_key_id: null, rule_id: null },
    });
  });

  it('filters by actor_type and actor_id, pages within the filter, and refuses an unknown actor type', async () => {
    const system = (await list('actor_type=system')) as { data: Listed[] };
    expect(system.data.map((e) => e.type)).toEqual(['user.password_set']);
    const byAgent = (await list(`actor_id=${agent.userId}&limit=100`)) as { data: Listed[] };
    expect(byAgent.data.length).toBeGreaterThanOrEqual(EVENT_TYPES.length);
    expect(byAgent.data.every((e) => e.actor.id === agent.userId)).toBe(true);
    const users = (await list('actor_type=user&limit=100')) as { data: Listed[]; meta: { total: number } };
    expect(users.meta.total).toBe((await list('')).meta.total - 1);
    expect(await list(`actor_type=automation`)).toMatchObject({ data: [], meta: { total: 0 } });
    expect(await list(`actor_id=${viewer.userId}`)).toMatchObject({ data: [], meta: { total: 0 } });
    const first = await list(`actor_id=${agent.userId}&limit=2`);
    const rest = await list(`actor_id=${agent.userId}&limit=100&cursor=${encodeURIComponent(first.meta.next_cursor)}`);
    expect([...first.data, ...rest.data].map((e: Listed) => e.id)).toEqual(byAgent.data.map((e) => e.id));
    for (const query of ['actor_type=robot', 'actor_type=', `actor_id=${'x'.repeat(65)}`]) {
      const res = await t.http.get(`/api/v1/events?${query}`).set(bearer(viewer.key));
      expect({ query, status: res.status, code: res.body.error?.code }).toEqual({ query, status: 400, code: 'validation_failed' });
    }
    // A cursor is bound to its filters.
    await t.http
      .get(`/api/v1/events?actor_type=user&cursor=${encodeURIComponent(first.meta.next_cursor)}`)
      .set(bearer(viewer.key))
      .expect(400);
  });

  it('lists and delivers events in append order, ties on created_at included', async () => {
    const names = Array.from({ length: 60 }, (_, i) => `burst-${String(i).padStart(2, '0')}`);
    // One transaction: the 60 appends share a handful of milliseconds.
    await t.app.get(TransactionRunner).run(async (manager) => {
      for (const name of names) {
        await t.app
          .get(EventOutbox)
          .append(manager, { workspaceId: admin.workspaceId, actor: SYSTEM_ACTOR, type: 'customer.created', data: { name } as never });
      }
    });
    const asc = (await list('type=customer.created&actor_type=system&order=asc&limit=100')) as {
      data: (Listed & { created_at: string })[];
    };
    expect(asc.data.map((e) => e.data.name)).toEqual(names);
    expect(new Set(asc.data.map((e) => e.created_at)).size).toBeLessThan(names.length);
    const desc = (await list('type=customer.created&actor_type=system&limit=100')) as { data: Listed[] };
    expect(desc.data.map((e) => e.data.name)).toEqual([...names].reverse());

    // One endpoint receives them in that order too.
    const bursts = () =>
      receiver.received.map((m) => (JSON.parse(m.body) as Listed).data.name).filter((name) => name?.startsWith('burst-'));
    for (const deadline = Date.now() + 15_000; bursts().length < names.length && Date.now() < deadline;)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(bursts()).toEqual(names);
  });
});
