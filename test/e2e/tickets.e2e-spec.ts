import { bearer, createWorkspace, Session, startTestApp, TestApp } from '../helpers/test-app';

// Contract §5 Tickets: fields, defaults, enums, status timestamps, tags, numbers, deletion, isolation.
describe('tickets', () => {
  let t: TestApp;
  let ws: Record<'admin' | 'agent' | 'viewer', Session>;
  let other: Record<'admin' | 'agent' | 'viewer', Session>;

  beforeAll(async () => {
    t = await startTestApp();
    ws = await createWorkspace(t.app, 'Tickets');
    other = await createWorkspace(t.app, 'Other');
  });
  afterAll(() => t.close());

  const api = (key: string) => ({
    get: (path: string) => t.http.get(`/api/v1${path}`).set(bearer(key)),
    post: (path: string, body: object) => t.http.post(`/api/v1${path}`).set(bearer(key)).send(body),
    patch: (path: string, body: object) => t.http.patch(`/api/v1${path}`).set(bearer(key)).send(body),
    delete: (path: string) => t.http.delete(`/api/v1${path}`).set(bearer(key)),
  });
  const agent = () => api(ws.agent.key);
  const expectError = (res: { status: number; body: { error: Record<string, unknown> } }, status: number, code: string) => {
    expect(res.status).toBe(status);
    expect(res.body.error).toEqual({ code, message: expect.any(String), details: expect.any(Array), request_id: expect.any(String) });
  };
  const events = async (type: string) => (await api(ws.admin.key).get(`/events?type=${type}&limit=100`).expect(200)).body.data;

  it('creates a ticket with every default', async () => {
    const res = await agent().post('/tickets', { subject: '  Printer on fire ', customer_email: 'Ada@Example.com' }).expect(201);
    const ticket = res.body.data;
    expect(Object.keys(ticket)).toEqual([
      'id', 'number', 'subject', 'status', 'priority', 'tags', 'customer_id', 'assignee_id', 'channel', 'external_id',
      'created_at', 'updated_at', 'first_response_at', 'resolved_at', 'closed_at',
    ]);
    expect(ticket).toMatchObject({
      id: expect.stringMatching(/^tkt_/),
      number: 1,
      subject: 'Printer on fire',
      status: 'open',
      priority: 'normal',
      tags: [],
      customer_id: expect.stringMatching(/^cus_/),
      assignee_id: null,
      channel: 'api',
      external_id: null,
      first_response_at: null,
      resolved_at: null,
      closed_at: null,
    });
    expect(ticket.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(ticket.updated_at).toBe(ticket.created_at);
    expect((await agent().get(`/tickets/${ticket.id}`).expect(200)).body.data).toEqual(ticket);
  });
});
