import { Webhook } from 'standardwebhooks';
import { DataSource } from 'typeorm';
import { WebhookEndpoint } from '@relay/webhooks';
import { bearer, createWorkspace, Session, startTestApp, TestApp } from '../helpers/test-app';
import { deleteWhileRecording } from '../helpers/target-race';
import { signatureHeaders, startReceiver, WebhookReceiver } from '../helpers/webhook-receiver';

// Contract §6: endpoints, Standard Webhooks signing, retries with backoff, the delivery log.
describe('webhooks', () => {
  let t: TestApp;
  let admin: Session;
  let agent: Session;
  let viewer: Session;
  let other: Session;
  const receivers: WebhookReceiver[] = [];

  beforeAll(async () => {
    t = await startTestApp({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true', WEBHOOK_RETRY_DELAYS: '0.2,0.2' });
    ({ admin, agent, viewer } = await createWorkspace(t.app, 'Hooks'));
    ({ admin: other } = await createWorkspace(t.app, 'Other'));
  });
  afterAll(async () => {
    await Promise.all(receivers.map((r) => r.close()));
    await t.close();
  });

  const receiver = async (respond?: (n: number) => number) => {
    const r = await startReceiver(respond);
    receivers.push(r);
    return r;
  };
  const createHook = async (url: string, events: string[] = ['*'], session = admin) => {
    const res = await t.http.post('/api/v1/webhooks').set(bearer(session.key)).send({ url, events, description: 'test' });
    expect(res.status).toBe(201);
    return res.body.data as { id: string; secret: string };
  };
  const deliveries = async (hookId: string) =>
    (await t.http.get(`/api/v1/webhooks/${hookId}/deliveries`).set(bearer(admin.key)).expect(200)).body.data as Record<string, unknown>[];
  const eventually = async <T>(probe: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 10_000): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (ok(value) || Date.now() > deadline) return value;
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  describe('endpoints', () => {
    it('creates an endpoint and shows its whsec_ secret once', async () => {
      const res = await t.http
        .post('/api/v1/webhooks')
        .set(bearer(admin.key))
        .send({ url: 'http://127.0.0.1:9/x', events: ['ticket.created', 'customer.created'], description: 'CRM' })
        .expect(201);
      expect(res.body.data).toEqual({
        id: expect.stringMatching(/^whk_/),
        url: 'http://127.0.0.1:9/x',
        events: ['ticket.created', 'customer.created'],
        description: 'CRM',
        active: true,
        disabled_reason: null,
        previous_secret_expires_at: null,
        created_at: expect.any(String),
        updated_at: expect.any(String),
        secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/),
      });
      const got = await t.http.get(`/api/v1/webhooks/${res.body.data.id}`).set(bearer(admin.key)).expect(200);
      expect(got.body.data.secret).toBeUndefined();
      const list = await t.http.get('/api/v1/webhooks').set(bearer(admin.key)).expect(200);
      expect(list.body.data.map((w: { id: string }) => w.id)).toContain(res.body.data.id);
      expect(list.body.data.every((w: { secret?: string }) => w.secret === undefined)).toBe(true);
    });

    it.each([
      ['an unknown event type', { url: 'http://127.0.0.1:9/x', events: ['ticket.exploded'] }, 'events'],
      ['no events', { url: 'http://127.0.0.1:9/x', events: [] }, 'events'],
      ['an ftp URL', { url: 'ftp://127.0.0.1/x', events: ['*'] }, 'url'],
      ['a non-URL', { url: 'not a url', events: ['*'] }, 'url'],
      ['a URL over 2048 characters', { url: `http://127.0.0.1/${'a'.repeat(2048)}`, events: ['*'] }, 'url'],
      ['a client-chosen secret', { url: 'http://127.0.0.1:9/x', events: ['*'], secret: 'mine' }, 'secret'],
    ])('refuses %s with 400 naming the field', async (_label, body, field) => {
      const res = await t.http.post('/api/v1/webhooks').set(bearer(admin.key)).send(body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    });

    it('updates, deactivates and deletes; `*` collapses the list', async () => {
      const hook = await createHook('http://127.0.0.1:9/a', ['customer.created']);
      const patched = await t.http
        .patch(`/api/v1/webhooks/${hook.id}`)
        .set(bearer(admin.key))
        .send({ events: ['customer.updated', '*'], active: false, description: 'paused' })
        .expect(200);
      expect(patched.body.data).toMatchObject({ events: ['*'], active: false, description: 'paused' });
      expect((await t.http.post(`/api/v1/webhooks/${hook.id}/test`).set(bearer(admin.key))).status).toBe(409);
      await t.http.delete(`/api/v1/webhooks/${hook.id}`).set(bearer(admin.key)).expect(204);
      await t.http.get(`/api/v1/webhooks/${hook.id}`).set(bearer(admin.key)).expect(404);
    });

    it('deletes an endpoint (204) while a failed delivery to it is being recorded, leaving no delivery behind', async () => {
      // A failure is what makes the recording update the endpoint (its failure clock).
      const race = await deleteWhileRecording({
        dataSource: t.app.get(DataSource),
        table: 'webhook_endpoints',
        answer: 500,
        create: async (url) => (await createHook(url, ['ticket.created'])).id,
        test: async (id) => void (await t.http.post(`/api/v1/webhooks/${id}/test`).set(bearer(admin.key)).expect(202)),
        remove: async (id) => (await t.http.delete(`/api/v1/webhooks/${id}`).set(bearer(admin.key))).status,
      });
      expect(race).toEqual({ deleteStatus: 204, orphans: 0 });
    });

    it('is admin only', async () => {
      for (const session of [agent, viewer]) {
        expect((await t.http.get('/api/v1/webhooks').set(bearer(session.key))).status).toBe(403);
        expect(
          (
            await t.http
              .post('/api/v1/webhooks')
              .set(bearer(session.key))
              .send({ url: 'http://127.0.0.1:9', events: ['*'] })
          ).status,
        ).toBe(403);
      }
    });

    it('caps a workspace at 50 endpoints with 409, even when creates race for the last places', async () => {
      const { admin: full } = await createWorkspace(t.app, 'Full');
      const post = (i: number) =>
        t.http
          .post('/api/v1/webhooks')
          .set(bearer(full.key))
          .send({ url: `http://127.0.0.1:9/cap/${i}`, events: ['*'] });
      for (let i = 0; i < 45; i++) await post(i).expect(201);
      const racing = await Promise.all(Array.from({ length: 10 }, (_, i) => post(45 + i)));
      expect(racing.map((r) => r.status).sort()).toEqual([...Array(5).fill(201), ...Array(5).fill(409)]);
      const refused = await post(99);
      expect(refused.status).toBe(409);
      expect(refused.body.error).toMatchObject({
        code: 'conflict',
        message: 'a workspace has at most 50 webhook endpoints; delete one before adding another',
        details: [{ field: 'url', message: 'the workspace already has 50 webhook endpoints' }],
      });
      const listed = await t.http.get('/api/v1/webhooks?limit=100').set(bearer(full.key)).expect(200);
      expect(listed.body.meta.total).toBe(50);
      await t.http.delete(`/api/v1/webhooks/${listed.body.data[0].id}`).set(bearer(full.key)).expect(204);
      await post(100).expect(201);
      await createHook('http://127.0.0.1:9/elsewhere', ['*'], other);
    });

    it("hides another workspace's endpoints and deliveries (404, never 403)", async () => {
      const hook = await createHook('http://127.0.0.1:9/mine');
      for (const [method, path] of [
        ['get', `/api/v1/webhooks/${hook.id}`],
        ['patch', `/api/v1/webhooks/${hook.id}`],
        ['delete', `/api/v1/webhooks/${hook.id}`],
        ['post', `/api/v1/webhooks/${hook.id}/test`],
        ['post', `/api/v1/webhooks/${hook.id}/rotate-secret`],
        ['get', `/api/v1/webhooks/${hook.id}/deliveries`],
      ] as const) {
        const res = await t.http[method](path)
          .set(bearer(other.key))
          .send(method === 'patch' ? { description: 'x' } : undefined);
        expect({ path, method, status: res.status }).toEqual({ path, method, status: 404 });
      }
      const list = await t.http.get('/api/v1/webhooks').set(bearer(other.key)).expect(200);
      expect(list.body.data.map((w: { id: string }) => w.id)).not.toContain(hook.id);
    });
  });

  describe('delivery', () => {
    it('delivers a signed ping with webhook-id = event id and the documented payload', async () => {
      const r = await receiver();
      const hook = await createHook(r.url, ['ticket.created']);
      const test = await t.http.post(`/api/v1/webhooks/${hook.id}/test`).set(bearer(admin.key)).expect(202);
      expect(test.body.data).toMatchObject({ id: expect.stringMatching(/^whd_/), event_type: 'ping', status: 'pending', attempts: 0 });

      const [got] = await r.waitFor(1);
      const payload = new Webhook(hook.secret).verify(got.body, signatureHeaders(got.headers)) as Record<string, unknown>;
      expect(payload).toEqual({
        id: test.body.data.event_id,
        type: 'ping',
        created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        workspace_id: admin.workspaceId,
        // The admin's request sent it, with their API key.
        actor: { type: 'user', id: admin.userId, api_key_id: expect.stringMatching(/^key_/), rule_id: null },
        data: { webhook_id: hook.id, message: expect.any(String) },
      });
      expect(got.headers['webhook-id']).toBe(test.body.data.event_id);
      expect(got.headers['content-type']).toBe('application/json');
      expect(Math.abs(Number(got.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(30);
      expect(() =>
        new Webhook(`whsec_${Buffer.alloc(32, 1).toString('base64')}`).verify(got.body, signatureHeaders(got.headers)),
      ).toThrow();

      const [log] = await eventually(
        () => deliveries(hook.id),
        (d) => d[0]?.status === 'succeeded',
      );
      expect(log).toMatchObject({
        id: test.body.data.id,
        event_id: test.body.data.event_id,
        event_type: 'ping',
        status: 'succeeded',
        attempts: 1,
        last_response_status: 200,
        last_error: null,
        next_attempt_at: null,
      });
    });

    it('retries with backoff: fails twice, succeeds on the 3rd attempt with the same webhook-id', async () => {
      const r = await receiver((n) => (n <= 2 ? 503 : 204));
      const hook = await createHook(r.url);
      const test = await t.http.post(`/api/v1/webhooks/${hook.id}/test`).set(bearer(admin.key)).expect(202);
      const attempts = await r.waitFor(3);
      expect(attempts.map((a) => a.answered)).toEqual([503, 503, 204]);
      for (const attempt of attempts) {
        expect(attempt.headers['webhook-id']).toBe(test.body.data.event_id);
        expect(() => new Webhook(hook.secret).verify(attempt.body, signatureHeaders(attempt.headers))).not.toThrow();
      }
      const [log] = await eventually(
        () => deliveries(hook.id),
        (d) => d[0]?.status === 'succeeded',
      );
      expect(log).toMatchObject({ status: 'succeeded', attempts: 3, last_response_status: 204, last_error: null, next_attempt_at: null });
    });

    it('marks a delivery failed after the last retry, then redelivers it with the same webhook-id', async () => {
      let accept = false;
      const r = await receiver(() => (accept ? 200 : 500));
      const hook = await createHook(r.url);
      const test = await t.http.post(`/api/v1/webhooks/${hook.id}/test`).set(bearer(admin.key)).expect(202);
      await r.waitFor(3);
      const [failed] = await eventually(
        () => deliveries(hook.id),
        (d) => d[0]?.status === 'failed',
      );
      expect(failed).toMatchObject({
        status: 'failed',
        attempts: 3,
        last_response_status: 500,
        next_attempt_at: null,
        last_error: expect.stringContaining('500'),
      });
      await new Promise((resolve) => setTimeout(resolve, 700));
      expect(r.received).toHaveLength(3);

      accept = true;
      const again = await t.http
        .post(`/api/v1/webhooks/${hook.id}/deliveries/${test.body.data.id}/redeliver`)
        .set(bearer(admin.key))
        .expect(202);
      expect(again.body.data).toMatchObject({ id: test.body.data.id, status: 'pending' });
      const all = await r.waitFor(4);
      expect(all[3].headers['webhook-id']).toBe(test.body.data.event_id);
      const [done] = await eventually(
        () => deliveries(hook.id),
        (d) => d[0]?.status === 'succeeded',
      );
      expect(done).toMatchObject({ status: 'succeeded', attempts: 4, last_response_status: 200, last_error: null, next_attempt_at: null });

      await t.http.post(`/api/v1/webhooks/${hook.id}/deliveries/whd_nope/redeliver`).set(bearer(admin.key)).expect(404);
    });

    it('records a receiver that cannot be reached as a network error without a status', async () => {
      const r = await receiver();
      await r.close();
      const hook = await createHook(r.url);
      await t.http.post(`/api/v1/webhooks/${hook.id}/test`).set(bearer(admin.key)).expect(202);
      const [log] = await eventually(
        () => deliveries(hook.id),
        (d) => d[0]?.status === 'failed',
      );
      expect(log).toMatchObject({
        status: 'failed',
        attempts: 3,
        last_response_status: null,
        last_error: expect.stringMatching(/ECONNREFUSED/),
      });
    });

    it('disables an endpoint whose deliveries have all failed for 5 days, says why, and re-enables on request', async () => {
      const r = await receiver(() => 500);
      const hook = await createHook(r.url);
      // Five days cannot pass in a test: start the endpoint's failure streak in the past instead.
      const sixDaysAgo = new Date(Date.now() - 6 * 24 * 60 * 60 * 1000);
      await t.app.get(DataSource).getRepository(WebhookEndpoint).update({ id: hook.id }, { failingSince: sixDaysAgo });
      await t.http.post(`/api/v1/webhooks/${hook.id}/test`).set(bearer(admin.key)).expect(202);
      await r.waitFor(1);
      const got = await eventually(
        async () => (await t.http.get(`/api/v1/webhooks/${hook.id}`).set(bearer(admin.key)).expect(200)).body.data,
        (d) => d.active === false,
      );
      expect(got).toMatchObject({ active: false, disabled_reason: expect.stringMatching(/failed for 5 days.*HTTP 500/) });
      // Disabled endpoints get nothing more, not even the pending retries.
      await new Promise((resolve) => setTimeout(resolve, 800));
      expect(r.received).toHaveLength(1);
      const enabled = await t.http.patch(`/api/v1/webhooks/${hook.id}`).set(bearer(admin.key)).send({ active: true }).expect(200);
      expect(enabled.body.data).toMatchObject({ active: true, disabled_reason: null });
    });

    it('signs with both secrets for the overlap after a rotation, then with the new one alone', async () => {
      const r = await receiver();
      const hook = await createHook(r.url);
      const before = Date.now();
      const rotated = await t.http.post(`/api/v1/webhooks/${hook.id}/rotate-secret`).set(bearer(admin.key)).expect(200);
      expect(rotated.body.data.secret).toMatch(/^whsec_/);
      expect(rotated.body.data.secret).not.toBe(hook.secret);
      // WEBHOOK_SECRET_OVERLAP_HOURS defaults to 24.
      const expiresAt = Date.parse(rotated.body.data.previous_secret_expires_at);
      expect(expiresAt).toBeGreaterThanOrEqual(before + 24 * 3_600_000);
      expect(expiresAt).toBeLessThanOrEqual(Date.now() + 24 * 3_600_000);

      await t.http.post(`/api/v1/webhooks/${hook.id}/test`).set(bearer(admin.key)).expect(202);
      const [during] = await r.waitFor(1);
      expect(String(during.headers['webhook-signature']).split(' ')).toEqual([
        expect.stringMatching(/^v1,/),
        expect.stringMatching(/^v1,/),
      ]);
      expect(new Webhook(rotated.body.data.secret).verify(during.body, signatureHeaders(during.headers))).toMatchObject({ type: 'ping' });
      expect(new Webhook(hook.secret).verify(during.body, signatureHeaders(during.headers))).toMatchObject({ type: 'ping' });

      // The overlap over (moved into the past), the old secret no longer signs.
      await t.app
        .get(DataSource)
        .getRepository(WebhookEndpoint)
        .update({ id: hook.id }, { previousSecretExpiresAt: new Date(Date.now() - 1000) });
      const got = await t.http.get(`/api/v1/webhooks/${hook.id}`).set(bearer(admin.key)).expect(200);
      expect(got.body.data.previous_secret_expires_at).toBeNull();
      await t.http.post(`/api/v1/webhooks/${hook.id}/test`).set(bearer(admin.key)).expect(202);
      const [, after] = await r.waitFor(2);
      expect(String(after.headers['webhook-signature']).split(' ')).toHaveLength(1);
      expect(new Webhook(rotated.body.data.secret).verify(after.body, signatureHeaders(after.headers))).toMatchObject({ type: 'ping' });
      expect(() => new Webhook(hook.secret).verify(after.body, signatureHeaders(after.headers))).toThrow();
    });

    it('rotates at once when WEBHOOK_SECRET_OVERLAP_HOURS=0', async () => {
      const now = await startTestApp({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true', WEBHOOK_SECRET_OVERLAP_HOURS: '0' });
      try {
        const r = await receiver();
        const hook = (
          await now.http
            .post('/api/v1/webhooks')
            .set(bearer(now.adminKey))
            .send({ url: r.url, events: ['*'] })
            .expect(201)
        ).body.data;
        const rotated = await now.http.post(`/api/v1/webhooks/${hook.id}/rotate-secret`).set(bearer(now.adminKey)).expect(200);
        expect(rotated.body.data.previous_secret_expires_at).toBeNull();
        await now.http.post(`/api/v1/webhooks/${hook.id}/test`).set(bearer(now.adminKey)).expect(202);
        const [got] = await r.waitFor(1);
        expect(new Webhook(rotated.body.data.secret).verify(got.body, signatureHeaders(got.headers))).toMatchObject({ type: 'ping' });
        expect(() => new Webhook(hook.secret).verify(got.body, signatureHeaders(got.headers))).toThrow();
      } finally {
        await now.close();
      }
    });

    it('fans real customer events out to subscribed endpoints only, matching GET /events', async () => {
      const all = await receiver();
      const createdOnly = await receiver();
      const otherWs = await receiver();
      const allHook = await createHook(all.url, ['*']);
      const createdHook = await createHook(createdOnly.url, ['customer.created']);
      await createHook(otherWs.url, ['*'], other);

      const email = `fan-${Date.now()}@example.com`;
      const created = await t.http.post('/api/v1/customers').set(bearer(agent.key)).send({ email, name: 'Fan Out' }).expect(201);
      await t.http.patch(`/api/v1/customers/${created.body.data.id}`).set(bearer(agent.key)).send({ name: 'Fanned Out' }).expect(200);

      const [first, second] = await all.waitFor(2);
      const payloads = [first, second].map(
        (m) => new Webhook(allHook.secret).verify(m.body, signatureHeaders(m.headers)) as Record<string, unknown>,
      );
      const byType = Object.fromEntries(payloads.map((p) => [p.type, p]));
      const agentKey = (await t.http.get(`/api/v1/api-keys?user_id=${agent.userId}`).set(bearer(admin.key)).expect(200)).body.data[0].id;
      for (const payload of payloads)
        expect(payload.actor).toEqual({ type: 'user', id: agent.userId, api_key_id: agentKey, rule_id: null });
      expect(byType['customer.created']).toMatchObject({ workspace_id: admin.workspaceId, data: created.body.data });
      expect(byType['customer.created'].changes).toBeUndefined();
      expect(byType['customer.updated']).toMatchObject({
        data: { id: created.body.data.id, name: 'Fanned Out' },
        changes: { name: { from: 'Fan Out', to: 'Fanned Out' } },
      });

      const [onlyCreated] = await createdOnly.waitFor(1);
      expect(new Webhook(createdHook.secret).verify(onlyCreated.body, signatureHeaders(onlyCreated.headers))).toMatchObject({
        type: 'customer.created',
      });
      await new Promise((resolve) => setTimeout(resolve, 1200));
      expect(createdOnly.received).toHaveLength(1);
      expect(otherWs.received).toHaveLength(0);

      const events = await t.http.get('/api/v1/events?limit=100').set(bearer(viewer.key)).expect(200);
      for (const payload of payloads) expect(events.body.data).toContainEqual(payload);
    });
  });

  it('does not deliver from the API process when WEBHOOK_DELIVERY=off', async () => {
    const off = await startTestApp({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true', WEBHOOK_DELIVERY: 'off' });
    try {
      const r = await receiver();
      const hook = (
        await off.http
          .post('/api/v1/webhooks')
          .set(bearer(off.adminKey))
          .send({ url: r.url, events: ['*'] })
          .expect(201)
      ).body.data;
      await off.http.post(`/api/v1/webhooks/${hook.id}/test`).set(bearer(off.adminKey)).expect(202);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(r.received).toHaveLength(0);
      const log = await off.http.get(`/api/v1/webhooks/${hook.id}/deliveries`).set(bearer(off.adminKey)).expect(200);
      expect(log.body.data[0]).toMatchObject({ status: 'pending', attempts: 0 });
    } finally {
      await off.close();
    }
  });
});
