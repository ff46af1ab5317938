import { bearer, startTestApp, TestApp } from '../helpers/test-app';

// Contract §1–§2: envelope, request ids, and every applicable row of the error table.
describe('platform: envelope and errors', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const expectError = (body: { error: Record<string, unknown> }, code: string) => {
    expect(body.error).toEqual({ code, message: expect.any(String), details: expect.any(Array), request_id: expect.any(String) });
  };

  it('wraps a single object in { data } and echoes a client request id', async () => {
    const res = await t.http.get('/api/v1/users/me').set(bearer(t.adminKey)).set('X-Request-Id', 'my-trace-123').expect(200);
    expect(res.headers['x-request-id']).toBe('my-trace-123');
    expect(res.body.data).toMatchObject({ email: 'admin@relay.local', role: 'admin', active: true });
    expect(res.body.data.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('generates a request id when none (or a hostile one) is sent, and puts it in errors', async () => {
    const res = await t.http.get('/api/v1/users/me').set('X-Request-Id', 'bad id with spaces').expect(401);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body.error.request_id).toBe(res.headers['x-request-id']);
  });

  it('answers malformed JSON with 400 invalid_json', async () => {
    const res = await t.http.post('/api/v1/users').set(bearer(t.adminKey)).set('Content-Type', 'application/json').send('{"email": ');
    expect(res.status).toBe(400);
    expectError(res.body, 'invalid_json');
  });

  it('answers a non-JSON body with 415', async () => {
    const res = await t.http.post('/api/v1/users').set(bearer(t.adminKey)).set('Content-Type', 'text/plain').send('hello');
    expect(res.status).toBe(415);
    expectError(res.body, 'unsupported_media_type');
    const form = await t.http.post('/api/v1/users').set(bearer(t.adminKey)).type('form').send({ email: 'a@b.co' });
    expect(form.status).toBe(415);
  });

  it('answers a body over 1 MiB with 413', async () => {
    const res = await t.http
      .post('/api/v1/users')
      .set(bearer(t.adminKey))
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ name: 'x'.repeat(1024 * 1024) }));
    expect(res.status).toBe(413);
    expectError(res.body, 'payload_too_large');
  });

  it('rejects unknown fields, wrong types and huge strings with details per field', async () => {
    const unknown = await t.http
      .post('/api/v1/users')
      .set(bearer(t.adminKey))
      .send({ email: 'a@b.co', name: 'A', role: 'agent', rol: 'x' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details).toEqual([{ field: 'rol', message: 'is not a known field' }]);

    const types = await t.http
      .post('/api/v1/users')
      .set(bearer(t.adminKey))
      .send({ email: 42, name: ['x'], role: 'boss' });
    expect(types.status).toBe(400);
    expectError(types.body, 'validation_failed');
    expect(types.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(
      expect.arrayContaining(['email', 'name', 'role']),
    );

    const huge = await t.http
      .post('/api/v1/users')
      .set(bearer(t.adminKey))
      .send({ email: 'a@b.co', name: 'n'.repeat(5000), role: 'agent' });
    expect(huge.status).toBe(400);
    expect(huge.body.error.details).toEqual([{ field: 'name', message: 'must be shorter than or equal to 200 characters' }]);
  });

  it.each([['[]'], ['"text"'], ['123'], ['null']])('rejects a JSON body that is not an object: %s', async (body) => {
    const res = await t.http.post('/api/v1/users').set(bearer(t.adminKey)).set('Content-Type', 'application/json').send(body);
    expect(res.status).toBe(400);
    expectError(res.body, 'validation_failed');
  });

  it('rejects bad list parameters and unknown query parameters', async () => {
    for (const query of ['limit=0', 'limit=101', 'limit=abc', 'sort=name', 'order=up', 'role=boss', 'colour=red']) {
      const res = await t.http.get(`/api/v1/users?${query}`).set(bearer(t.adminKey));
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      expectError(res.body, 'validation_failed');
    }
  });

  it('rejects a malformed or forged cursor with 400 invalid_cursor', async () => {
    for (const cursor of ['garbage', 'eyJ2IjoxfQ.AAAAAAAAAAAAAAAAAAAAAA', 'a.b.c', '%00']) {
      const res = await t.http.get('/api/v1/users').query({ cursor }).set(bearer(t.adminKey));
      expect(res.status).toBe(400);
      expectError(res.body, 'invalid_cursor');
    }
  });

  it('answers an unknown route and an unknown id with 404 not_found', async () => {
    const route = await t.http.get('/api/v1/nowhere').set(bearer(t.adminKey));
    expect(route.status).toBe(404);
    expectError(route.body, 'not_found');
    const user = await t.http.get('/api/v1/users/usr_doesnotexist').set(bearer(t.adminKey));
    expect(user.status).toBe(404);
    expectError(user.body, 'not_found');
  });

  it('answers a duplicate email with 409 conflict naming the existing record', async () => {
    const first = await t.http
      .post('/api/v1/users')
      .set(bearer(t.adminKey))
      .send({ email: 'Dup@Example.com', name: 'A', role: 'agent' })
      .expect(201);
    const again = await t.http.post('/api/v1/users').set(bearer(t.adminKey)).send({ email: 'dup@example.COM', name: 'B', role: 'viewer' });
    expect(again.status).toBe(409);
    expectError(again.body, 'conflict');
    expect(again.body.error.details[0]).toMatchObject({ field: 'email', existing_id: first.body.data.id });
  });

  it('answers a URL over the header size limit in the error shape', async () => {
    const res = await t.http.get(`/api/v1/users?role=${'x'.repeat(20_000)}`).set(bearer(t.adminKey));
    expect(res.status).toBe(431);
    expectError(res.body, 'validation_failed');
  });

  it('serves liveness, readiness, the OpenAPI document and the docs without a key', async () => {
    await t.http.get('/health').expect(200);
    const ready = await t.http.get('/health/ready').expect(200);
    expect(ready.body.data.details.database.status).toBe('up');
    const doc = await t.http.get('/openapi.json').expect(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    const docs = await t.http.get('/docs').redirects(1);
    expect(docs.status).toBe(200);
  });
});
