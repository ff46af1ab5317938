import { bearer, createWorkspace, Session, startTestApp, TestApp } from '../helpers/test-app';

// Pollers send back the ETag they hold and get 304 without a body while nothing changed.
describe('Conditional GETs (ETag / If-None-Match)', () => {
  let t: TestApp;
  let admin: Session;

  beforeAll(async () => {
    t = await startTestApp();
    ({ admin } = await createWorkspace(t.app, 'Etags'));
  });
  afterAll(() => t.close());

  const get = (path: string, etag?: string) => {
    const request = t.http.get(path).set(bearer(admin.key));
    return etag ? request.set('If-None-Match', etag) : request;
  };

  it.each(['/api/v1/tickets?status=open', '/api/v1/tickets/{id}', '/api/v1/customers'])(
    '%s: 304 while unchanged, 200 with a new tag after a change',
    async (template) => {
      const ticket = (
        await t.http
          .post('/api/v1/tickets')
          .set(bearer(admin.key))
          .send({ subject: 'Poll me', customer_email: `poll-${Date.now()}@example.com` })
          .expect(201)
      ).body.data;
      const path = template.replace('{id}', ticket.id);
      const first = await get(path).expect(200);
      const etag = first.headers.etag;
      expect(etag).toMatch(/^W\/"[A-Za-z0-9_-]+"$/);

      const again = await get(path, etag).expect(304);
      expect(again.text ?? '').toBe('');
      expect(again.headers.etag).toBe(etag);
      expect(again.headers['x-request-id']).toBeDefined();
      await get(path, `W/"something-else", ${etag}`).expect(304);

      await t.http.patch(`/api/v1/tickets/${ticket.id}`).set(bearer(admin.key)).send({ subject: 'Changed' }).expect(200);
      await t.http.patch(`/api/v1/customers/${ticket.customer_id}`).set(bearer(admin.key)).send({ name: 'Changed' }).expect(200);
      const changed = await get(path, etag).expect(200);
      expect(changed.headers.etag).not.toBe(etag);
      expect(changed.body.data).toBeDefined();
    },
  );

  it('tags nothing that is not a whole JSON body: errors and streamed exports', async () => {
    const missing = await get('/api/v1/tickets/tkt_missing').expect(404);
    expect(missing.headers.etag).toBeUndefined();
    const exported = await get('/api/v1/tickets/export?format=ndjson').expect(200);
    expect(exported.headers.etag).toBeUndefined();
  });

  it('is documented: If-None-Match on GETs, ETag on their 200, and the 304', async () => {
    const doc = (await t.http.get('/openapi.json').expect(200)).body;
    const list = doc.paths['/api/v1/tickets'].get;
    expect(list.parameters).toContainEqual({ $ref: '#/components/parameters/IfNoneMatch' });
    expect(list.responses['200'].headers.ETag).toEqual({ $ref: '#/components/headers/ETag' });
    expect(list.responses['304']).toEqual({ $ref: '#/components/responses/NotModified' });
    expect(doc.paths['/api/v1/tickets/export'].get.responses['304']).toBeUndefined();
  });
});
