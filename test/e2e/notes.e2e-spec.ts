import { bearer, createWorkspace, Session, startTestApp, TestApp } from '../helpers/test-app';

describe('notes', () => {
  let app: TestApp;
  let ws: Awaited<ReturnType<typeof createWorkspace>>;
  let other: Session;

  beforeAll(async () => {
    app = await startTestApp();
    ws = await createWorkspace(app.app);
    other = (await createWorkspace(app.app, 'Other')).admin;
  });
  afterAll(() => app.close());

  it('creates, lists, gets and deletes a note, recording note.created', async () => {
    const created = await app.http.post('/api/v1/notes').set(bearer(ws.agent.key)).send({ body: 'hello' }).expect(201);
    const id = created.body.data.id;
    expect((await app.http.get(`/api/v1/notes/${id}`).set(bearer(ws.viewer.key)).expect(200)).body.data.body).toBe('hello');
    expect((await app.http.get('/api/v1/notes').set(bearer(ws.viewer.key)).expect(200)).body.data.map((n: { id: string }) => n.id)).toEqual([id]);
    const events = await app.http.get('/api/v1/events?type=note.created').set(bearer(ws.admin.key)).expect(200);
    expect(events.body.data.map((e: { data: { id: string } }) => e.data.id)).toEqual([id]);
    await app.http.get(`/api/v1/notes/${id}`).set(bearer(other.key)).expect(404);
    await app.http.delete(`/api/v1/notes/${id}`).set(bearer(ws.agent.key)).expect(204);
    await app.http.get(`/api/v1/notes/${id}`).set(bearer(ws.agent.key)).expect(404);
  });

  it('refuses a blank body naming the field, and a viewer write', async () => {
    const bad = await app.http.post('/api/v1/notes').set(bearer(ws.agent.key)).send({ body: '  ' }).expect(400);
    expect(bad.body.error.details[0].field).toBe('body');
    await app.http.post('/api/v1/notes').set(bearer(ws.viewer.key)).send({ body: 'x' }).expect(403);
  });
});
