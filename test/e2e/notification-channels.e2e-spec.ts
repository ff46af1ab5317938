import { bearer, createWorkspace, Session, startTestApp, TestApp } from '../helpers/test-app';
import { DataSource } from 'typeorm';
import { deleteWhileRecording } from '../helpers/target-race';
import { ReceiverAnswer, startReceiver, WebhookReceiver } from '../helpers/webhook-receiver';

const RATE = 20;

// Contract §12: Slack notification channels, delivered by the webhook engine.
describe('notification channels', () => {
  let t: TestApp;
  const receivers: WebhookReceiver[] = [];

  beforeAll(async () => {
    t = await startTestApp({
      WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
      NOTIFICATION_ALLOWED_HOSTS: '127.0.0.1,localhost',
      NOTIFY_MAX_PER_SECOND: String(RATE),
      WEBHOOK_RETRY_DELAYS: '0.2,0.2',
    });
  });
  afterAll(async () => {
    await Promise.all(receivers.map((r) => r.close()));
    await t.close();
  });

  const slack = async (respond: (n: number) => number | ReceiverAnswer = () => 200) => {
    const r = await startReceiver(respond);
    receivers.push(r);
    return r;
  };
  const workspace = async () => (await createWorkspace(t.app, 'Slack')).admin;
  const createChannel = async (session: Session, url: string, extra: Record<string, unknown> = {}) => {
    const res = await t.http
      .post('/api/v1/notification-channels')
      .set(bearer(session.key))
      .send({ name: 'support', type: 'slack', url, events: ['ticket.created'], ...extra });
    expect(res.status).toBe(201);
    return res.body.data as { id: string; url_hint: string } & Record<string, unknown>;
  };
  const createTicket = async (session: Session, subject: string, extra: Record<string, unknown> = {}) => {
    const res = await t.http
      .post('/api/v1/tickets')
      .set(bearer(session.key))
      .send({ subject, customer_email: 'jane@example.com', ...extra });
    expect(res.status).toBe(201);
    return res.body.data as { id: string; number: number };
  };
  const deliveries = async (session: Session, channelId: string) =>
    (await t.http.get(`/api/v1/notification-channels/${channelId}/deliveries`).set(bearer(session.key)).expect(200)).body.data as Record<
      string,
      unknown
    >[];
  const eventually = async <T>(probe: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 15_000): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (ok(value) || Date.now() > deadline) return value;
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const messages = (r: WebhookReceiver) => r.received.map((m) => JSON.parse(m.body) as { text: string; blocks: { type: string }[] });

  it('creates, lists, reads, updates and deletes a channel; the URL is write-only and masked', async () => {
    const admin = await workspace();
    // localhost stands in for hooks.slack.com (no DNS here); the URL is only stored, never called.
    const url = 'https://localhost/services/T0000SECRET/B0000SECRET/abcdefghijklmnopqrstWXYZ';
    const created = await createChannel(admin, url, {
      filter: { priorities: ['high', 'urgent'] },
      link_template: 'https://desk.example.com/t/{number}',
    });
    expect(created).toMatchObject({
      name: 'support',
      type: 'slack',
      url_hint: 'https://localhost/…WXYZ',
      events: ['ticket.created'],
      filter: { priorities: ['high', 'urgent'] },
      template: null,
      link_template: 'https://desk.example.com/t/{number}',
      active: true,
      disabled_reason: null,
    });
    expect(created).not.toHaveProperty('url');

    const list = await t.http.get('/api/v1/notification-channels').set(bearer(admin.key)).expect(200);
    expect(list.body.meta).toMatchObject({ total: 1, next_cursor: null });
    const patched = await t.http
      .patch(`/api/v1/notification-channels/${created.id}`)
      .set(bearer(admin.key))
      .send({
        url: 'https://localhost/services/T1/B1/zzzzzzzzzzzzzzzzzzzzQRST',
        template: { text: '#{{ticket.number}} {{ticket.subject}}' },
      })
      .expect(200);
    expect(patched.body.data).toMatchObject({
      url_hint: 'https://localhost/…QRST',
      template: { text: '#{{ticket.number}} {{ticket.subject}}' },
    });
    for (const body of [
      list.body,
      patched.body,
      (await t.http.get(`/api/v1/notification-channels/${created.id}`).set(bearer(admin.key)).expect(200)).body,
    ]) {
      expect(JSON.stringify(body)).not.toContain('SECRET');
      expect(JSON.stringify(body)).not.toContain('zzzzzzzzzz');
    }
    await t.http.delete(`/api/v1/notification-channels/${created.id}`).set(bearer(admin.key)).expect(204);
    await t.http.get(`/api/v1/notification-channels/${created.id}`).set(bearer(admin.key)).expect(404);
  });

  it('refuses unknown placeholders, hosts outside NOTIFICATION_ALLOWED_HOSTS, wildcards and unknown fields with 400', async () => {
    const admin = await workspace();
    const post = (body: Record<string, unknown>) =>
      t.http
        .post('/api/v1/notification-channels')
        .set(bearer(admin.key))
        .send({ name: 'x', type: 'slack', url: 'https://localhost/services/a/b/c', events: ['ticket.created'], ...body });
    const unknown = await post({ template: { text: 'Hi {{ticket.secret}} {{ ticket.number }}' } }).expect(400);
    expect(unknown.body.error).toMatchObject({
      code: 'validation_failed',
      details: [{ field: 'template.text', message: expect.stringContaining('{{ticket.secret}}') }],
    });
    const host = await post({ url: 'https://evil.example.com/services/a/b/c' }).expect(400);
    expect(host.body.error.details).toEqual([{ field: 'url', message: expect.stringContaining('allowed host') }]);
    await post({ events: ['*'] }).expect(400);
    await post({ events: ['customer.created'] }).expect(400);
    await post({ filter: { conversation_types: ['memo'] } }).expect(400);
    await post({ link_template: 'javascript:alert(1)' }).expect(400);
    await post({ secret: 'x' }).expect(400);
    await post({ type: 'teams' }).expect(400);
  });

  it("is admin only (403 for agents and viewers) and another workspace's ids are 404", async () => {
    const ws = await createWorkspace(t.app, 'Perms');
    const other = await workspace();
    const receiver = await slack();
    const channel = await createChannel(ws.admin, receiver.url);
    for (const session of [ws.agent, ws.viewer]) {
      await t.http.get('/api/v1/notification-channels').set(bearer(session.key)).expect(403);
      await t.http
        .post('/api/v1/notification-channels')
        .set(bearer(session.key))
        .send({ name: 'x', type: 'slack', url: receiver.url, events: ['ticket.created'] })
        .expect(403);
      await t.http.get(`/api/v1/notification-channels/${channel.id}/deliveries`).set(bearer(session.key)).expect(403);
    }
    const test = await t.http.post(`/api/v1/notification-channels/${channel.id}/test`).set(bearer(ws.admin.key)).expect(202);
    const base = `/api/v1/notification-channels/${channel.id}`;
    await t.http.get(base).set(bearer(other.key)).expect(404);
    await t.http.patch(base).set(bearer(other.key)).send({ name: 'mine' }).expect(404);
    await t.http.delete(base).set(bearer(other.key)).expect(404);
    await t.http.post(`${base}/test`).set(bearer(other.key)).expect(404);
    await t.http.get(`${base}/deliveries`).set(bearer(other.key)).expect(404);
    await t.http.post(`${base}/deliveries/${test.body.data.id}/redeliver`).set(bearer(other.key)).expect(404);
    expect((await t.http.get('/api/v1/notification-channels').set(bearer(other.key)).expect(200)).body.data).toEqual([]);
  });

  it('delivers a burst of 50 tickets as 50 messages in creation order, one at a time, paced, nothing dropped', async () => {
    const admin = await workspace();
    const receiver = await slack();
    await createChannel(admin, receiver.url, { link_template: 'https://desk.example.com/t/{number}' });
    const numbers: number[] = [];
    for (let i = 0; i < 50; i++) numbers.push((await createTicket(admin, `Burst ${i}`)).number);
    const got = await receiver.waitFor(50, 60_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.received).toHaveLength(50);
    const sent = messages(receiver).map((m) => Number(/#(\d+)/.exec(m.text)![1]));
    expect(sent).toEqual(numbers);
    expect(messages(receiver)[0].blocks[0]).toEqual({
      type: 'section',
      text: { type: 'mrkdwn', text: `*New ticket*\n*<https://desk.example.com/t/${numbers[0]}|#${numbers[0]} Burst 0>*` },
    });
    // Paced: never two messages closer than the spacing (a little slack for timer granularity).
    const gaps = got.slice(1).map((m, i) => m.at - got[i].at);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1000 / RATE - 10);
    expect(new Set(got.map((m) => m.headers['content-type']))).toEqual(new Set(['application/json']));
  }, 90_000);

  it('waits out a 429 as Retry-After says without using up an attempt', async () => {
    const admin = await workspace();
    const receiver = await slack((n) => (n <= 3 ? { status: 429, body: 'rate_limited', headers: { 'retry-after': '1' } } : 200));
    const channel = await createChannel(admin, receiver.url);
    const first = await createTicket(admin, 'Throttled one');
    const second = await createTicket(admin, 'Throttled two');
    await receiver.waitFor(5, 20_000);
    const got = receiver.received;
    // Three 429s, each waited out for about a second; the two retries would have been 0.2 s apart.
    for (let i = 1; i < 4; i++) expect(got[i].at - got[i - 1].at).toBeGreaterThanOrEqual(900);
    expect(messages(receiver).map((m) => /#(\d+)/.exec(m.text)![1])).toEqual(
      [first, first, first, first, second].map((x) => String(x.number)),
    );
    const log = await eventually(
      () => deliveries(admin, channel.id),
      (d) => d.every((x) => x.status === 'succeeded'),
    );
    // Three 2xx-less tries would exhaust a 3-attempt schedule; 429s are not attempts.
    expect(log.map((d) => [d.status, d.attempts])).toEqual([
      ['succeeded', 1],
      ['succeeded', 1],
    ]);
  }, 30_000);

  it("fails a 400 at once with Slack's answer, and the next message still goes", async () => {
    const admin = await workspace();
    const receiver = await slack((n) => (n === 1 ? { status: 400, body: 'invalid_payload' } : 200));
    const channel = await createChannel(admin, receiver.url);
    await createTicket(admin, 'Refused');
    await createTicket(admin, 'Accepted');
    await receiver.waitFor(2);
    const log = await eventually(
      () => deliveries(admin, channel.id),
      (d) => d.every((x) => x.status !== 'pending'),
    );
    const byStatus = Object.fromEntries(log.map((d) => [d.status, d]));
    expect(byStatus.failed).toMatchObject({
      attempts: 1,
      last_response_status: 400,
      last_error: expect.stringContaining('invalid_payload'),
      next_attempt_at: null,
    });
    expect(byStatus.succeeded).toMatchObject({ attempts: 1, last_error: null });
    await new Promise((r) => setTimeout(r, 600));
    expect(receiver.received).toHaveLength(2);
    // Redelivery is one more attempt of the same message.
    const again = await t.http
      .post(`/api/v1/notification-channels/${channel.id}/deliveries/${byStatus.failed.id}/redeliver`)
      .set(bearer(admin.key))
      .expect(202);
    expect(again.body.data).toMatchObject({ id: byStatus.failed.id, status: 'pending', channel_id: channel.id });
    await receiver.waitFor(3);
    expect(JSON.parse(receiver.received[2].body).text).toContain('Refused');
  });

  it('disables the channel on a 404 with the reason, emits notification_channel.disabled, and sends nothing more', async () => {
    const admin = await workspace();
    const receiver = await slack(() => ({ status: 404, body: 'no_service' }));
    const channel = await createChannel(admin, receiver.url);
    await createTicket(admin, 'Gone');
    await createTicket(admin, 'Never sent');
    await receiver.waitFor(1);
    const disabled = await eventually(
      async () => (await t.http.get(`/api/v1/notification-channels/${channel.id}`).set(bearer(admin.key)).expect(200)).body.data,
      (c) => c.active === false,
    );
    expect(disabled.disabled_reason).toMatch(/Slack answered HTTP 404 \(no_service\)/);
    const events = (await t.http.get('/api/v1/events?type=notification_channel.disabled').set(bearer(admin.key)).expect(200)).body.data;
    expect(events).toHaveLength(1);
    // Delivery disabled it, not a request.
    expect(events[0].actor).toEqual({ type: 'system', id: null, api_key_id: null, rule_id: null });
    expect(events[0].data).toMatchObject({
      id: channel.id,
      active: false,
      disabled_reason: disabled.disabled_reason,
      url_hint: channel.url_hint,
    });
    expect(JSON.stringify(events[0])).not.toContain(receiver.url);
    await new Promise((r) => setTimeout(r, 500));
    expect(receiver.received).toHaveLength(1);
    const log = await deliveries(admin, channel.id);
    expect(log.find((d) => d.last_response_status === 404)).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('sends internal notes only when the filter names note; filters AND together', async () => {
    const admin = await workspace();
    const plain = await slack();
    const notes = await slack();
    await createChannel(admin, plain.url, { events: ['conversation.created'] });
    await createChannel(admin, notes.url, {
      events: ['conversation.created'],
      filter: { conversation_types: ['note'], priorities: ['urgent'] },
    });
    const normal = await createTicket(admin, 'Normal');
    const urgent = await createTicket(admin, 'Urgent', { priority: 'urgent' });
    for (const [ticket, type, body] of [
      [normal, 'note', 'secret note on normal'],
      [urgent, 'note', 'secret note on urgent'],
      [urgent, 'reply', 'public reply'],
    ] as const) {
      await t.http.post(`/api/v1/tickets/${ticket.id}/conversations`).set(bearer(admin.key)).send({ type, body }).expect(201);
    }
    await plain.waitFor(1);
    await notes.waitFor(1);
    await new Promise((r) => setTimeout(r, 800));
    expect(plain.received.map((m) => m.body).join()).not.toContain('secret note');
    expect(messages(plain).map((m) => m.text)).toEqual([expect.stringContaining('public reply')]);
    expect(messages(notes).map((m) => m.text)).toEqual([expect.stringContaining('secret note on urgent')]);
  });

  it('escapes every interpolated value: no mention or link injection', async () => {
    const admin = await workspace();
    const receiver = await slack();
    await createChannel(admin, receiver.url, {
      events: ['ticket.created'],
      template: { text: 'New: {{ticket.subject}} from {{customer.email}} <!here>' },
    });
    await createTicket(admin, '<!channel> <@U123> <script>alert(1)</script> & <https://evil.example|click>');
    const [message] = await receiver.waitFor(1);
    const body = JSON.parse(message.body);
    expect(body.text).toBe(
      'New: &lt;!channel&gt; &lt;@U123&gt; &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;https://evil.example|click&gt; from jane@example.com <!here>',
    );
    expect(body.blocks).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: body.text } }]);
  });

  it('sends a test message (202 with the delivery); the URL is never in a response, an event or an idempotent replay', async () => {
    const admin = await workspace();
    const receiver = await slack();
    const key = `create-${Date.now()}`;
    // Slack's secret is the URL's path, as here.
    const body = { name: 'replayed', type: 'slack', url: `${receiver.url}/T0001/B0001/s3cr3tTokenValue1234`, events: ['ticket.created'] };
    const first = await t.http
      .post('/api/v1/notification-channels')
      .set(bearer(admin.key))
      .set('Idempotency-Key', key)
      .send(body)
      .expect(201);
    const replay = await t.http
      .post('/api/v1/notification-channels')
      .set(bearer(admin.key))
      .set('Idempotency-Key', key)
      .send(body)
      .expect(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body.data).toEqual(first.body.data);
    const test = await t.http.post(`/api/v1/notification-channels/${first.body.data.id}/test`).set(bearer(admin.key)).expect(202);
    expect(test.body.data).toMatchObject({ channel_id: first.body.data.id, event_type: 'ping', status: 'pending', attempts: 0 });
    const [message] = await receiver.waitFor(1);
    expect(JSON.parse(message.body).text).toContain('Test message from Relay');
    await createTicket(admin, 'Leak check');
    await receiver.waitFor(2);
    const everything = [
      first.body,
      replay.body,
      test.body,
      (await t.http.get('/api/v1/notification-channels').set(bearer(admin.key))).body,
      (await t.http.get(`/api/v1/notification-channels/${first.body.data.id}/deliveries`).set(bearer(admin.key))).body,
      (await t.http.get('/api/v1/events?limit=100').set(bearer(admin.key))).body,
    ];
    expect(first.body.data.url_hint).toBe(`${new URL(receiver.url).origin}/…1234`);
    for (const response of everything) expect(JSON.stringify(response)).not.toContain('s3cr3tTokenValue');
  });

  it('deletes a channel (204) while its test message is being recorded, leaving no delivery behind', async () => {
    const admin = await workspace();
    const race = await deleteWhileRecording({
      dataSource: t.app.get(DataSource),
      table: 'notification_channels',
      answer: 200,
      create: async (url) => (await createChannel(admin, url)).id,
      test: async (id) => void (await t.http.post(`/api/v1/notification-channels/${id}/test`).set(bearer(admin.key)).expect(202)),
      remove: async (id) => (await t.http.delete(`/api/v1/notification-channels/${id}`).set(bearer(admin.key))).status,
    });
    expect(race).toEqual({ deleteStatus: 204, orphans: 0 });
  });
});
