import { bearer, createWorkspace, startTestApp, TestApp } from '../helpers/test-app';

describe('customers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('creates and reads a customer', async () => {
    const ws = await createWorkspace(t.app);
    const res = await t.http.post('/api/v1/customers').set(bearer(ws.agent.key)).send({ email: 'Grace@Example.com', name: 'Grace' });
    expect(res.status).toBe(201);
    const dup = await t.http.post('/api/v1/customers').set(bearer(ws.agent.key)).send({ email: 'grace@example.COM' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.details[0]).toMatchObject({ field: 'email', existing_id: res.body.data.id });
    const tag = await t.http.post('/api/v1/tags').set(bearer(ws.agent.key)).send({ name: '  VIP   gold ' });
    expect(tag.body.data).toMatchObject({ name: 'VIP gold', ticket_count: 0 });
    const put = await t.http.put('/api/v1/customers/by-external-id/crm-1').set(bearer(ws.agent.key)).send({ name: 'X' });
    expect(put.status).toBe(201);
    const put2 = await t.http.put('/api/v1/customers/by-external-id/crm-1').set(bearer(ws.agent.key)).send({ name: 'Y' });
    expect(put2.status).toBe(200);
  });
});
