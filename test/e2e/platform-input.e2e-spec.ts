import type { Response } from 'supertest';
import { bytesAsIs } from '../helpers/http';
import { bearer, createWorkspace, Session, startTestApp, TestApp } from '../helpers/test-app';

// Contract §1–§2: input that is not what the contract accepts (text no engine stores, bytes that
// are not UTF-8, null where a field may not be null, dates and integers in other notations,
// over-long path segments) is a 4xx in the error shape, with X-Request-Id, on every engine.
describe('platform: hostile input', () => {
  let t: TestApp;
  let ws: Record<'admin' | 'agent' | 'viewer', Session>;
  let ticketId: string;
  let hookId: string;

  beforeAll(async () => {
    t = await startTestApp({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true', WEBHOOK_DELIVERY: 'off' });
    ws = await createWorkspace(t.app, 'Input');
    ticketId = (
      await t.http
        .post('/api/v1/tickets')
        .set(bearer(ws.agent.key))
        .send({ subject: 'Seed', customer_email: 'seed@example.com' })
        .expect(201)
    ).body.data.id;
    hookId = (
      await t.http
        .post('/api/v1/webhooks')
        .set(bearer(ws.admin.key))
        .send({ url: 'http://127.0.0.1:9/h', events: ['*'] })
        .expect(201)
    ).body.data.id;
  });
  afterAll(() => t.close());

  /** The error shape of contract §2, with the response's X-Request-Id as its request_id. */
  const expectError = (res: Response, status: number, code: string, field?: string) => {
    expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status, code });
    expect(res.body.error).toEqual({ code, message: expect.any(String), details: expect.any(Array), request_id: expect.any(String) });
    expect(res.headers['x-request-id']).toBe(res.body.error.request_id);
    if (field) expect(res.body.error.details.map((d: { field?: string }) => d.field)).toContain(field);
  };

  describe('lone UTF-16 surrogates', () => {
    it.each([
      ['POST', '/tickets', { subject: 'x', customer_email: '\ud800@example.com' }, 'customer_email'],
      ['POST', '/tickets', { subject: 'Hi \udfff', customer_email: 'a@example.com' }, 'subject'],
      ['PATCH', '/tickets/:ticket', { tags: ['ok', '\ud800'] }, 'tags[1]'],
      ['POST', '/tickets/:ticket/tags', { tags: ['\ud83d'] }, 'tags[0]'],
      ['POST', '/tickets/:ticket/conversations', { type: 'note', body: 'half \ud83d of a pair' }, 'body'],
      ['POST', '/customers', { email: 'c@example.com', name: '\udc00' }, 'name'],
      ['POST', '/tags', { name: '\ud800' }, 'name'],
      ['PATCH', '/users/:user', { name: 'A\udbff' }, 'name'],
      ['POST', '/webhooks', { url: 'http://127.0.0.1:9/x', events: ['*'], description: '\ud800' }, 'description'],
      ['POST', '/api-keys', { name: '\udfffkey' }, 'name'],
    ])('%s %s: 400 naming the field', async (method, path, body, field) => {
      const url = `/api/v1${path.replace(':ticket', ticketId).replace(':user', ws.agent.userId)}`;
      const res = await t.http[method.toLowerCase() as 'post'](url).set(bearer(ws.admin.key)).send(body);
      expectError(res, 400, 'validation_failed', field);
    });

    it('still accepts surrogate pairs (emoji) and stores them exactly', async () => {
      const res = await t.http
        .post('/api/v1/tickets')
        .set(bearer(ws.agent.key))
        .send({ subject: 'Thanks 🙂', customer_email: 'emoji@example.com', tags: ['🙂'] })
        .expect(201);
      expect(res.body.data).toMatchObject({ subject: 'Thanks 🙂', tags: ['🙂'] });
    });
  });

  describe('bytes that are not UTF-8', () => {
    const raw = (method: string, url: string, bytes: Buffer, key = ws.admin.key) =>
      t.http[method.toLowerCase() as 'post'](url).set(bearer(key)).set('Content-Type', 'application/json').serialize(bytesAsIs).send(bytes);
    const latin1Body = Buffer.concat([
      Buffer.from('{"subject":"caf'),
      Buffer.from([0xe9]),
      Buffer.from('","customer_email":"a@example.com"}'),
    ]);
    const encodedSurrogate = Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')]);

    it.each([
      ['POST', '/tickets', latin1Body],
      ['POST', '/tags', encodedSurrogate],
      ['PATCH', '/users/:user', encodedSurrogate],
    ])('%s %s: a body that is not UTF-8 is 400 invalid_json', async (method, path, body) => {
      const url = `/api/v1${path.replace(':user', ws.agent.userId)}`;
      expectError(await raw(method, url, body), 400, 'invalid_json');
    });

    it('still reads a UTF-8 body, with or without a byte order mark', async () => {
      const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"subject":"café","customer_email":"bom@example.com"}')]);
      const res = await raw('POST', '/api/v1/tickets', bom, ws.agent.key).expect(201);
      expect(res.body.data.subject).toBe('café');
    });

    it.each([
      ['/tickets?q=%ff', 'q'],
      ['/tickets?customer_email=%ED%A0%80', 'customer_email'],
      ['/customers?q=caf%e9', 'q'],
      ['/tags?name=100%', 'name'],
    ])('a query escape that is not UTF-8 is 400 naming the parameter: %s', async (path, field) => {
      expectError(await t.http.get(`/api/v1${path}`).set(bearer(ws.agent.key)), 400, 'validation_failed', field);
    });

    it('a path segment that is not UTF-8 is 400 in the error shape', async () => {
      expectError(await t.http.get('/api/v1/tickets/%ff').set(bearer(ws.agent.key)), 400, 'validation_failed');
    });

    it('still reads percent-encoded UTF-8 in queries', async () => {
      await t.http
        .post('/api/v1/tickets')
        .set(bearer(ws.agent.key))
        .send({ subject: 'Crème brûlée', customer_email: 'q@example.com' })
        .expect(201);
      const res = await t.http.get('/api/v1/tickets?q=cr%C3%A8me').set(bearer(ws.agent.key)).expect(200);
      expect(res.body.data.map((x: { subject: string }) => x.subject)).toEqual(['Crème brûlée']);
    });
  });

  describe('null for fields that may not be null', () => {
    it.each([
      ['PATCH', '/users/:user', { name: null }, 'name'],
      ['PATCH', '/users/:user', { role: null }, 'role'],
      ['PATCH', '/users/:user', { active: null }, 'active'],
      ['PATCH', '/webhooks/:hook', { events: null }, 'events'],
      ['PATCH', '/webhooks/:hook', { active: null }, 'active'],
      ['PATCH', '/webhooks/:hook', { url: null }, 'url'],
      ['POST', '/webhooks', { url: 'http://127.0.0.1:9/n', events: ['*'], active: null }, 'active'],
      ['POST', '/api-keys', { name: 'k', scopes: null }, 'scopes'],
      ['PATCH', '/tickets/:ticket', { status: null }, 'status'],
      ['POST', '/tickets/:ticket/conversations', { type: 'reply', body: 'x', author_type: null }, 'author_type'],
    ])('%s %s %j: 400 "must not be null"', async (method, path, body, field) => {
      const url = `/api/v1${path.replace(':user', ws.agent.userId).replace(':hook', hookId).replace(':ticket', ticketId)}`;
      const res = await t.http[method.toLowerCase() as 'post'](url).set(bearer(ws.admin.key)).send(body);
      expectError(res, 400, 'validation_failed', field);
      expect(res.body.error.details).toContainEqual({ field, message: 'must not be null' });
    });

    it('still takes null where the contract allows it', async () => {
      const customer = (
        await t.http
          .post('/api/v1/customers')
          .set(bearer(ws.agent.key))
          .send({ email: 'nullable@example.com', name: 'N', phone: '1' })
          .expect(201)
      ).body.data;
      expect(
        (await t.http.patch(`/api/v1/customers/${customer.id}`).set(bearer(ws.agent.key)).send({ name: null, phone: null }).expect(200))
          .body.data,
      ).toMatchObject({ name: null, phone: null });
      await t.http.patch(`/api/v1/webhooks/${hookId}`).set(bearer(ws.admin.key)).send({ description: 'x' }).expect(200);
      expect(
        (await t.http.patch(`/api/v1/webhooks/${hookId}`).set(bearer(ws.admin.key)).send({ description: null }).expect(200)).body.data
          .description,
      ).toBeNull();
      expect(
        (await t.http.patch(`/api/v1/tickets/${ticketId}`).set(bearer(ws.agent.key)).send({ assignee_id: null }).expect(200)).body.data
          .assignee_id,
      ).toBeNull();
      expect(
        (await t.http.post('/api/v1/api-keys').set(bearer(ws.admin.key)).send({ name: 'forever', expires_at: null }).expect(201)).body.data
          .expires_at,
      ).toBeNull();
    });
  });

  describe('dates in query parameters', () => {
    const odd = [
      '2026-W01-1',
      '2026-W01',
      '2026-013',
      '20260113',
      '2026-01-13T00:00:00',
      '2026-02-30',
      '2026-01-13T25:00Z',
      'yesterday',
      '1700000000',
    ];

    it.each([
      ['/customers', 'created_after'],
      ['/customers', 'updated_after'],
      ['/events', 'created_after'],
      ['/tickets', 'created_after'],
      ['/tickets', 'created_before'],
      ['/tickets', 'updated_after'],
      ['/tickets/export', 'updated_after'],
      ['/conversations', 'created_after'],
      ['/analytics/summary', 'from'],
      ['/analytics/volume', 'to'],
      ['/analytics/agents', 'from'],
    ])('GET %s refuses %s in forms it does not accept, naming it', async (path, param) => {
      for (const value of odd) {
        const res = await t.http
          .get(`/api/v1${path}`)
          .query({ [param]: value })
          .set(bearer(ws.admin.key));
        expectError(res, 400, 'validation_failed', param);
      }
    });

    it('reads a bare date as midnight UTC and applies an offset', async () => {
      const before = (await t.http.get('/api/v1/tickets?created_before=2999-01-01').set(bearer(ws.agent.key)).expect(200)).body.meta.total;
      expect(before).toBeGreaterThan(0);
      const created = (await t.http.get(`/api/v1/tickets/${ticketId}`).set(bearer(ws.agent.key)).expect(200)).body.data
        .created_at as string;
      const ms = Date.parse(created);
      // The same instant written in +02:00: a filter at it includes the ticket, one a millisecond later does not.
      const inOffset = (at: number) => `${new Date(at + 2 * 3_600_000).toISOString().slice(0, 23)}+02:00`;
      const at = await t.http
        .get('/api/v1/tickets')
        .query({ created_after: inOffset(ms), sort: 'created_at', order: 'asc', limit: 100 })
        .set(bearer(ws.agent.key))
        .expect(200);
      expect(at.body.data.map((x: { id: string }) => x.id)).toContain(ticketId);
      const later = await t.http
        .get('/api/v1/tickets')
        .query({ created_after: inOffset(ms + 1), limit: 100 })
        .set(bearer(ws.agent.key))
        .expect(200);
      expect(later.body.data.map((x: { id: string }) => x.id)).not.toContain(ticketId);
      await t.http.get('/api/v1/analytics/summary?from=2026-01-01&to=2026-01-13T12:00Z').set(bearer(ws.viewer.key)).expect(200);
    });
  });

  it('limit is decimal digits only, on every list', async () => {
    for (const path of ['/tickets', '/customers', '/users', '/events', '/tags', '/webhooks', '/api-keys', '/conversations']) {
      for (const limit of ['0x10', '1e2', '0b11', '1.0', ' 5', '+5']) {
        const res = await t.http.get(`/api/v1${path}`).query({ limit }).set(bearer(ws.admin.key));
        expectError(res, 400, 'validation_failed', 'limit');
        expect(res.body.error.details[0]).toEqual({ field: 'limit', message: 'must be an integer written in decimal digits' });
      }
      expect((await t.http.get(`/api/v1${path}?limit=007`).set(bearer(ws.admin.key)).expect(200)).body.meta.limit).toBe(7);
    }
  });

  describe("the framework's own refusals", () => {
    it('a path segment over 500 characters', async () => {
      const res = await t.http
        .get(`/api/v1/tickets/${'a'.repeat(501)}`)
        .set(bearer(ws.agent.key))
        .set('X-Request-Id', 'long-path-1');
      expectError(res, 400, 'validation_failed');
      expect(res.headers['x-request-id']).toBe('long-path-1');
      await t.http
        .get(`/api/v1/tickets/${'a'.repeat(500)}`)
        .set(bearer(ws.agent.key))
        .expect(404);
    });

    it('a body too large, of another type, or malformed', async () => {
      const post = () => t.http.post('/api/v1/tickets').set(bearer(ws.agent.key));
      expectError(
        await post()
          .set('Content-Type', 'application/json')
          .send(`{"subject":"${'x'.repeat(1024 * 1024)}"}`),
        413,
        'payload_too_large',
      );
      expectError(await post().set('Content-Type', 'text/plain').send('hello'), 415, 'unsupported_media_type');
      expectError(await post().set('Content-Type', 'application/json').send('{"subject":'), 400, 'invalid_json');
      expectError(await t.http.get('/api/v1/nowhere').set(bearer(ws.agent.key)), 404, 'not_found');
    });
  });
});
