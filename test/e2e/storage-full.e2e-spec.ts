import { DataSource } from 'typeorm';
import { bearer, createWorkspace, Session, startTestApp, TestApp } from '../helpers/test-app';
import { createTestDatabase, isPostgresRun } from '../helpers/test-database';

jest.setTimeout(60_000);

// A database with no room left. On SQLite, `PRAGMA max_page_count` at the current size makes
// every write that needs a new page fail with SQLITE_FULL, exactly as a full disk does, and
// raising it again is the space coming back. (PostgreSQL's disk_full, 53100, is mapped the
// same way; filling a real PostgreSQL disk is beyond a test.)
const describeSqlite = isPostgresRun() ? describe.skip : describe;

describeSqlite('storage full', () => {
  let t: TestApp;
  let ws: Record<'admin' | 'agent' | 'viewer', Session>;
  let dataSource: DataSource;
  const create = (subject: string) =>
    t.http
      .post('/api/v1/tickets')
      .set(bearer(ws.agent.key))
      .send({ subject, customer_email: 'full@example.com', description: 'x'.repeat(60_000) });

  beforeAll(async () => {
    t = await startTestApp({}, await createTestDatabase('file'));
    ws = await createWorkspace(t.app);
    dataSource = t.app.get(DataSource);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers creates 503 unavailable and reports not ready while the database is full, and recovers when space returns', async () => {
    await create('Fits').expect(201);
    expect((await t.http.get('/health/ready')).status).toBe(200);

    const [{ page_count: pages }] = await dataSource.query('PRAGMA page_count');
    await dataSource.query(`PRAGMA max_page_count = ${pages}`);
    try {
      const refused = await create('No room');
      expect(refused.status).toBe(503);
      expect(refused.headers['retry-after']).toBe('30');
      expect(refused.body.error).toMatchObject({
        code: 'unavailable',
        message: expect.stringMatching(/storage space/),
        details: [],
        request_id: expect.any(String),
      });

      const ready = await t.http.get('/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body.error).toMatchObject({
        code: 'unavailable',
        details: expect.arrayContaining([{ field: 'storage', message: expect.stringMatching(/storage space/) }]),
      });
      // Liveness is not readiness: the process still serves.
      expect((await t.http.get('/health')).status).toBe(200);
      expect((await t.http.get('/api/v1/tickets?limit=5').set(bearer(ws.agent.key))).status).toBe(200);
      // Still full on the next check: the probe itself needs room.
      expect((await t.http.get('/health/ready')).status).toBe(503);
    } finally {
      await dataSource.query('PRAGMA max_page_count = 1073741823');
    }

    expect((await t.http.get('/health/ready')).status).toBe(200);
    await create('Room again').expect(201);
    const subjects = (await t.http.get('/api/v1/tickets?limit=10').set(bearer(ws.agent.key)).expect(200)).body.data.map(
      (x: { subject: string }) => x.subject,
    );
    expect(subjects).toEqual(['Room again', 'Fits']);
  });
});
