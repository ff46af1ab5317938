import { bearer, createWorkspace, startTestApp, TestApp } from '../helpers/test-app';

// Contract §6: without WEBHOOK_ALLOW_PRIVATE_TARGETS, internal targets are refused at creation.
// The delivery-time re-check (DNS rebinding) is unit-tested with an injected resolver in
// libs/webhooks/src/target-vetting.spec.ts: offline, no hostname can be made to change answers.
describe('webhooks: private targets refused (SSRF)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'false' });
  });
  afterAll(() => t.close());

  it.each([
    'http://127.0.0.1:8080/hook',
    'http://10.0.0.1/hook',
    'http://192.168.0.10/hook',
    'http://169.254.169.254/latest/meta-data/',
    'http://100.100.100.200/',
    'http://[::1]/hook',
    'http://[::ffff:127.0.0.1]/hook',
    'http://0.0.0.0/',
    'http://localhost:3000/hook',
  ])('refuses %s at creation with 400 on url', async (url) => {
    const res = await t.http
      .post('/api/v1/webhooks')
      .set(bearer(t.adminKey))
      .send({ url, events: ['*'] });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'validation_failed',
      details: [{ field: 'url', message: expect.stringMatching(/loopback, private, link-local or metadata/) }],
    });
  });

  it('refuses moving an existing endpoint to a private target', async () => {
    const { admin } = await createWorkspace(t.app);
    // A public literal passes the check (nothing is sent: no event is raised).
    const created = await t.http
      .post('/api/v1/webhooks')
      .set(bearer(admin.key))
      .send({ url: 'https://93.184.216.34/hook', events: ['*'] })
      .expect(201);
    const res = await t.http.patch(`/api/v1/webhooks/${created.body.data.id}`).set(bearer(admin.key)).send({ url: 'http://10.1.2.3/' });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe('url');
    const unchanged = await t.http.get(`/api/v1/webhooks/${created.body.data.id}`).set(bearer(admin.key)).expect(200);
    expect(unchanged.body.data.url).toBe('https://93.184.216.34/hook');
  });

  it("answers 404 for another workspace's endpoint whatever url the PATCH sends", async () => {
    const { admin } = await createWorkspace(t.app, 'Owner');
    const { admin: outsider } = await createWorkspace(t.app, 'Outsider');
    const created = await t.http
      .post('/api/v1/webhooks')
      .set(bearer(admin.key))
      .send({ url: 'https://93.184.216.34/hook', events: ['*'] })
      .expect(201);
    for (const url of ['http://10.1.2.3/', 'https://93.184.216.34/moved', 'https://unresolvable.invalid/hook']) {
      const res = await t.http.patch(`/api/v1/webhooks/${created.body.data.id}`).set(bearer(outsider.key)).send({ url });
      expect({ url, status: res.status, code: res.body.error?.code }).toEqual({ url, status: 404, code: 'not_found' });
    }
    const unchanged = await t.http.get(`/api/v1/webhooks/${created.body.data.id}`).set(bearer(admin.key)).expect(200);
    expect(unchanged.body.data.url).toBe('https://93.184.216.34/hook');
  });
});
