import { RequestMethod } from '@nestjs/common';
import { INTERCEPTORS_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { IdempotencyInterceptor } from '@relay/idempotency';
import { bearer, createWorkspace, Session, startTestApp, TestApp } from '../helpers/test-app';

// Contract §7: Idempotency-Key on POST, scoped to workspace + API key + method + route, stored in the database.
describe('idempotency keys', () => {
  let t: TestApp;
  let agent: Session;
  let other: Session;
  let n = 0;

  beforeAll(async () => {
    t = await startTestApp();
    ({ agent } = await createWorkspace(t.app, 'Idem'));
    ({ agent: other } = await createWorkspace(t.app, 'Idem 2'));
  });
  afterAll(() => t.close());

  const uniqueKey = () => `key-${Date.now()}-${++n}`;
  const post = (key: string, body: unknown, session = agent, path = '/api/v1/customers') =>
    t.http
      .post(path)
      .set(bearer(session.key))
      .set('Idempotency-Key', key)
      .send(body as object);
  const countByEmail = async (email: string, session = agent) =>
    (
      await t.http
        .get(`/api/v1/customers?email=${encodeURIComponent(email)}`)
        .set(bearer(session.key))
        .expect(200)
    ).body.meta.total;

  it('replays the first response for the same key and body, doing nothing again', async () => {
    const key = uniqueKey();
    const body = { email: `once-${key}@example.com`, name: 'Once' };
    const first = await post(key, body).expect(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const second = await post(key, body).expect(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.body).toEqual(first.body);
    expect(await countByEmail(body.email)).toBe(1);
  });

  it('treats key order and whitespace as the same body', async () => {
    const key = uniqueKey();
    const email = `order-${key}@example.com`;
    const first = await t.http
      .post('/api/v1/customers')
      .set(bearer(agent.key))
      .set('Idempotency-Key', key)
      .set('Content-Type', 'application/json')
      .send(`{"email":"${email}","name":"Ordered"}`)
      .expect(201);
    const second = await t.http
      .post('/api/v1/customers')
      .set(bearer(agent.key))
      .set('Idempotency-Key', key)
      .set('Content-Type', 'application/json')
      .send(`{\n  "name" : "Ordered",\n  "email" : "${email}"\n}`)
      .expect(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.body.data.id).toBe(first.body.data.id);
  });

  it('answers 422 idempotency_mismatch for the same key with another body', async () => {
    const key = uniqueKey();
    await post(key, { email: `a-${key}@example.com` }).expect(201);
    const res = await post(key, { email: `b-${key}@example.com` });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'idempotency_mismatch', request_id: expect.any(String) });
    expect(await countByEmail(`b-${key}@example.com`)).toBe(0);
  });

  it('lets exactly one of two concurrent requests run; the other gets 409 or the replay', async () => {
    const key = uniqueKey();
    const body = { email: `race-${key}@example.com` };
    const results = await Promise.all([post(key, body), post(key, body), post(key, body)]);
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
    for (const r of results) {
      expect([201, 409]).toContain(r.status);
      if (r.status === 409) expect(r.body.error.code).toBe('conflict');
    }
    const fresh = results.filter((r) => r.status === 201 && r.headers['idempotent-replayed'] !== 'true');
    expect(fresh).toHaveLength(1);
    expect(await countByEmail(body.email)).toBe(1);
  });

  it('scopes keys to the workspace and the path', async () => {
    const key = uniqueKey();
    const body = { email: `scope-${key}@example.com` };
    await post(key, body).expect(201);
    const otherWorkspace = await post(key, body, other).expect(201);
    expect(otherWorkspace.headers['idempotent-replayed']).toBeUndefined();
    expect(await countByEmail(body.email, other)).toBe(1);
    const otherPath = await post(key, { name: `tag-${n}` }, agent, '/api/v1/tags').expect(201);
    expect(otherPath.headers['idempotent-replayed']).toBeUndefined();
  });

  it('scopes keys to the calling API key: a viewer sending an admin’s key and body never gets the admin’s response', async () => {
    const ws = await createWorkspace(t.app, 'Idem principals');
    const key = uniqueKey();
    const first = await post(key, { name: 'shared name' }, ws.admin, '/api/v1/api-keys').expect(201);
    const viewer = await post(key, { name: 'shared name' }, ws.viewer, '/api/v1/api-keys').expect(201);
    expect(viewer.headers['idempotent-replayed']).toBeUndefined();
    expect(viewer.body.data).toMatchObject({ created_by: ws.viewer.userId, key: expect.stringMatching(/^rly_/) });
    expect(viewer.body.data.id).not.toBe(first.body.data.id);
    // Another key of the same user is another principal too.
    const otherKey = await post(key, { name: 'shared name' }, { ...ws.admin, key: first.body.data.key }, '/api/v1/api-keys').expect(201);
    expect(otherKey.headers['idempotent-replayed']).toBeUndefined();
  });

  it('scopes keys to the route and its parameters, not the raw URL: trailing slashes and percent-encoding replay', async () => {
    const key = uniqueKey();
    const body = { email: `route-${key}@example.com` };
    const first = await post(key, body, agent, '/api/v1/customers').expect(201);
    for (const path of ['/api/v1/customers/', '/api/v1/%63ustomers']) {
      const again = await post(key, body, agent, path);
      expect({ path, status: again.status, replayed: again.headers['idempotent-replayed'] }).toEqual({
        path,
        status: 201,
        replayed: 'true',
      });
      expect(again.body.data.id).toBe(first.body.data.id);
    }
    expect(await countByEmail(body.email)).toBe(1);

    const ticket = await t.http
      .post('/api/v1/tickets')
      .set(bearer(agent.key))
      .send({ subject: 'scoped', customer_email: body.email })
      .expect(201);
    const id: string = ticket.body.data.id;
    const tagKey = uniqueKey();
    const tagged = await post(tagKey, { tags: ['first'] }, agent, `/api/v1/tickets/${id}/tags`).expect(200);
    const encoded = `/api/v1/tickets/${encodeURIComponent(id).replace('t', '%74')}/tags/`;
    const replayed = await post(tagKey, { tags: ['first'] }, agent, encoded).expect(200);
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    expect(replayed.body).toEqual(tagged.body);
    // Another ticket is another route instance.
    const other = await t.http
      .post('/api/v1/tickets')
      .set(bearer(agent.key))
      .send({ subject: 'other', customer_email: body.email })
      .expect(201);
    const elsewhere = await post(tagKey, { tags: ['first'] }, agent, `/api/v1/tickets/${other.body.data.id}/tags`).expect(200);
    expect(elsewhere.headers['idempotent-replayed']).toBeUndefined();
    expect(elsewhere.body.data.id).toBe(other.body.data.id);
  });

  it('replays a client error the endpoint decided (404), but not a validation failure', async () => {
    const key = uniqueKey();
    const notFound = await post(key, { subject: 'x', customer_id: 'cus_missing' }, agent, '/api/v1/tickets');
    expect(notFound.status).toBe(404);
    const again = await post(key, { subject: 'x', customer_id: 'cus_missing' }, agent, '/api/v1/tickets');
    expect(again.status).toBe(404);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.error).toMatchObject({
      code: 'not_found',
      message: notFound.body.error.message,
      details: notFound.body.error.details,
    });

    const fixable = uniqueKey();
    await post(fixable, { email: 'not-an-email' }).expect(400);
    const fixed = await post(fixable, { email: `fixed-${fixable}@example.com` }).expect(201);
    expect(fixed.headers['idempotent-replayed']).toBeUndefined();
  });

  it('refuses a key over 255 characters or empty', async () => {
    const long = await post('k'.repeat(256), { email: `long-${n}@example.com` });
    expect(long.status).toBe(400);
    expect(long.body.error.details).toEqual([{ field: 'Idempotency-Key', message: expect.any(String) }]);
    await post('', { email: `empty-${n}@example.com` }).expect(400);
    await post('k'.repeat(255), { email: `max-${n}@example.com` }).expect(201);
  });

  it('never stores an API key or signing secret: a replay answers the record with the secret null', async () => {
    const admin = (await createWorkspace(t.app, 'Idem secrets')).admin;
    const key = uniqueKey();
    const first = await post(key, { name: 'replayed key' }, admin, '/api/v1/api-keys').expect(201);
    const secret: string = first.body.data.key;
    expect(secret).toMatch(/^rly_/);
    const replay = await post(key, { name: 'replayed key' }, admin, '/api/v1/api-keys').expect(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body.data).toEqual({ ...first.body.data, key: null });

    const hookKey = uniqueKey();
    // An inactive endpoint on a public address: vetted at creation, never called.
    const hook = await post(
      hookKey,
      { url: 'https://8.8.8.8/hooks', events: ['ticket.created'], active: false },
      admin,
      '/api/v1/webhooks',
    ).expect(201);
    const rotateKey = uniqueKey();
    const rotated = await post(rotateKey, {}, admin, `/api/v1/webhooks/${hook.body.data.id}/rotate-secret`).expect(200);
    const rotatedAgain = await post(rotateKey, {}, admin, `/api/v1/webhooks/${hook.body.data.id}/rotate-secret`).expect(200);
    expect(rotatedAgain.body.data.secret).toBeNull();

    const stored = JSON.stringify(await t.app.get(DataSource).query('SELECT * FROM idempotency_keys'));
    for (const value of [secret, hook.body.data.secret, rotated.body.data.secret]) expect(stored).not.toContain(value);
  });

  it('binds the interceptor to every POST handler of the app (none may forget @Idempotent())', () => {
    const posts: string[] = [];
    const unbound: string[] = [];
    for (const module of t.app.get(ModulesContainer).values()) {
      for (const { metatype } of module.controllers.values()) {
        if (!metatype) continue;
        const prototype = (metatype as { prototype: Record<string, object> }).prototype;
        for (const name of Object.getOwnPropertyNames(prototype)) {
          if (Reflect.getMetadata(METHOD_METADATA, prototype[name]) !== RequestMethod.POST) continue;
          posts.push(`${metatype.name}.${name}`);
          if (!(Reflect.getMetadata(INTERCEPTORS_METADATA, prototype[name]) ?? []).includes(IdempotencyInterceptor))
            unbound.push(`${metatype.name}.${name}`);
        }
      }
    }
    expect(posts.length).toBeGreaterThan(10);
    expect(unbound).toEqual([]);
  });

  it('documents the header on every POST in OpenAPI', async () => {
    const doc = (await t.http.get('/openapi.json').expect(200)).body;
    const posts = Object.values(doc.paths as Record<string, { post?: { parameters?: { name: string; in: string }[]; responses: object } }>)
      .map((p) => p.post)
      .filter((p) => p !== undefined);
    expect(posts.length).toBeGreaterThan(5);
    for (const op of posts) {
      expect(op.parameters).toContainEqual(expect.objectContaining({ name: 'Idempotency-Key', in: 'header' }));
      expect(op.responses).toHaveProperty('422');
    }
  });
});
