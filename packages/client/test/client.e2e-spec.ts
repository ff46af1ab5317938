import { Webhook } from 'standardwebhooks';
import { bearer, startTestApp, TestApp } from '../../../test/helpers/test-app';
import { TcpProxy } from '../../../test/helpers/tcp-proxy';
import { startReceiver, WebhookReceiver } from '../../../test/helpers/webhook-receiver';
import { createRelayClient, paginate, RelayError, retryDelayMs, unwrap, verifyWebhook, WebhookVerificationError } from '../src';

/** Records each attempt the client makes: the status, or `dropped`. */
function recordingFetch(log: string[]): typeof fetch {
  return async (input, init) => {
    try {
      const response = await fetch(input, init);
      log.push(String(response.status));
      return response;
    } catch (error) {
      log.push('dropped');
      throw error;
    }
  };
}

// The client package against the real server.
describe('@relay/client', () => {
  let t: TestApp;
  let baseUrl: string;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    t = await startTestApp({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' });
    await t.app.listen(0, '127.0.0.1');
    baseUrl = await t.app.getUrl();
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver.close();
    await t.close();
  });

  it('iterates a cursor-paged list of 250 tickets, page by page, each ticket once', async () => {
    const subject = `paged-${Date.now()}`;
    const email = `${subject}@example.com`;
    for (let batch = 0; batch < 10; batch++) {
      await Promise.all(
        Array.from({ length: 25 }, (_, i) =>
          t.http
            .post('/api/v1/tickets')
            .set(bearer(t.adminKey))
            .send({ subject: `${subject} ${batch * 25 + i}`, customer_email: email })
            .expect(201),
        ),
      );
    }
    const log: string[] = [];
    const relay = createRelayClient({ baseUrl, apiKey: t.adminKey, fetch: recordingFetch(log) });
    const seen: string[] = [];
    for await (const ticket of paginate((cursor) =>
      relay.GET('/api/v1/tickets', { params: { query: { customer_email: email, limit: 100, cursor } } }),
    )) {
      seen.push(ticket.subject);
    }
    expect(seen).toHaveLength(250);
    expect(new Set(seen).size).toBe(250);
    expect(log).toEqual(['200', '200', '200']);
  });

  it('throws typed errors carrying code, details and request_id', async () => {
    const relay = createRelayClient({ baseUrl, apiKey: t.adminKey });
    const error = await unwrap(relay.POST('/api/v1/tickets', { body: { subject: '', customer_email: 'not-an-email' } })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RelayError);
    expect(error).toMatchObject({ status: 400, code: 'validation_failed', requestId: expect.any(String) });
    expect((error as RelayError).details.map((d) => d.field)).toEqual(expect.arrayContaining(['customer_email']));
    const missing = await unwrap(relay.GET('/api/v1/tickets/{id}', { params: { path: { id: 'tkt_missing' } } })).catch(
      (e: RelayError) => e,
    );
    expect(missing).toMatchObject({ status: 404, code: 'not_found' });
  });

  it('retries a POST whose response was lost with the same Idempotency-Key: one ticket', async () => {
    const proxy = await TcpProxy.start({ host: '127.0.0.1', port: Number(new URL(baseUrl).port) });
    try {
      const log: string[] = [];
      const relay = createRelayClient({ baseUrl: `http://127.0.0.1:${proxy.port}`, apiKey: t.adminKey, fetch: recordingFetch(log) });
      const subject = `lost-response-${Date.now()}`;
      const email = `${subject}@example.com`;
      proxy.dropResponses(1);
      const created = await unwrap(relay.POST('/api/v1/tickets', { body: { subject, customer_email: email } }));
      expect(created.data.subject).toBe(subject);
      expect(log).toEqual(['dropped', '201']);
      const found = await t.http
        .get(`/api/v1/tickets?customer_email=${encodeURIComponent(email)}`)
        .set(bearer(t.adminKey))
        .expect(200);
      expect(found.body.data.map((ticket: { subject: string }) => ticket.subject)).toEqual([subject]);
    } finally {
      await proxy.cut();
    }
  });

  it('waits out a 429 until the window resets (Retry-After / X-RateLimit-Reset), then succeeds', async () => {
    const limited = await startTestApp({ RATE_LIMIT_PER_MINUTE: '2' });
    try {
      await limited.app.listen(0, '127.0.0.1');
      const log: string[] = [];
      const relay = createRelayClient({ baseUrl: await limited.app.getUrl(), apiKey: limited.adminKey, fetch: recordingFetch(log) });
      const first = await relay.GET('/api/v1/users/me');
      const reset = Number(first.response.headers.get('x-ratelimit-reset')) * 1000;
      await unwrap(relay.GET('/api/v1/users/me'));
      const me = await unwrap(relay.GET('/api/v1/users/me'));
      expect(me.data.email).toBe('admin@relay.local');
      expect(log).toEqual(['200', '200', '429', '200']);
      // X-RateLimit-Reset is rounded up to the second; the retry came once the window had reset.
      expect(Date.now()).toBeGreaterThanOrEqual(reset - 1000);
    } finally {
      await limited.close();
    }
  }, 150_000);

  it('waits as the server says: Retry-After first, then X-RateLimit-Reset, else a bounded backoff', () => {
    const now = 1_800_000_000_000;
    const answer = (headers: Record<string, string>) => new Response(null, { status: 429, headers });
    expect(retryDelayMs(answer({ 'Retry-After': '7', 'X-RateLimit-Reset': String(now / 1000 + 30) }), 0, now)).toBe(7050);
    expect(retryDelayMs(answer({ 'X-RateLimit-Reset': String(now / 1000 + 30) }), 0, now)).toBe(30_050);
    const backoff = retryDelayMs(undefined, 2, now);
    expect(backoff).toBeGreaterThanOrEqual(400);
    expect(backoff).toBeLessThanOrEqual(800);
  });

  describe('verifyWebhook', () => {
    let secret: string;
    let delivery: { body: string; headers: Record<string, string> };

    beforeAll(async () => {
      const relay = createRelayClient({ baseUrl, apiKey: t.adminKey });
      const hook = await unwrap(relay.POST('/api/v1/webhooks', { body: { url: receiver.url, events: ['ticket.created'] } }));
      secret = hook.data.secret!;
      await unwrap(relay.POST('/api/v1/tickets', { body: { subject: 'Hooked', customer_email: 'hooked@example.com' } }));
      const [got] = await receiver.waitFor(1);
      delivery = { body: got.body, headers: got.headers as Record<string, string> };
    });

    it('accepts a genuine delivery and types its event', () => {
      const event = verifyWebhook(secret, delivery.body, delivery.headers);
      expect(event.type).toBe('ticket.created');
      if (event.type === 'ticket.created') expect(event.data.subject).toBe('Hooked');
    });

    it('refuses a tampered body', () => {
      const tampered = delivery.body.replace('Hooked', 'Hacked');
      expect(() => verifyWebhook(secret, tampered, delivery.headers)).toThrow(WebhookVerificationError);
    });

    it('refuses a delivery signed too long ago (replay)', () => {
      const tenMinutesAgo = new Date(Date.now() - 10 * 60_000);
      const headers = {
        'webhook-id': delivery.headers['webhook-id'],
        'webhook-timestamp': String(Math.floor(tenMinutesAgo.getTime() / 1000)),
        'webhook-signature': new Webhook(secret).sign(delivery.headers['webhook-id'], tenMinutesAgo, delivery.body),
      };
      expect(() => verifyWebhook(secret, delivery.body, headers)).toThrow(WebhookVerificationError);
    });
  });
});
