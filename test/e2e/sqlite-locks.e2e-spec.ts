import { bearer, createWorkspace, Session, startTestApp, TestApp } from '../helpers/test-app';
import { createTestDatabase, isPostgresRun } from '../helpers/test-database';

jest.setTimeout(60_000);

/** The part of a better-sqlite3 connection used here (the package ships no types). */
interface SqliteConnection {
  readonly inTransaction: boolean;
  exec(sql: string): unknown;
  close(): unknown;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const openSqlite = (file: string): SqliteConnection => new (require('better-sqlite3') as new (file: string) => SqliteConnection)(file);

// SQLite: another process (the CLI, a seeder) holding the write lock must not freeze the API.
// The lock is taken here by a second connection on the API's file, as another process would.
// Nothing is timed: what is asserted is the order of events while the lock is held.
const describeSqlite = isPostgresRun() ? describe.skip : describe;

describeSqlite('sqlite: another connection holding the write lock', () => {
  let t: TestApp;
  let ws: Record<'admin' | 'agent' | 'viewer', Session>;
  let other: SqliteConnection;

  beforeAll(async () => {
    t = await startTestApp({}, await createTestDatabase('file'));
    ws = await createWorkspace(t.app);
    other = openSqlite(t.database.url.slice('sqlite:'.length));
  });
  afterAll(async () => {
    if (other?.inTransaction) other.exec('ROLLBACK');
    other?.close();
    await t?.close();
  });

  /** A request whose settling is observable without awaiting it. */
  const pending = <T>(promise: PromiseLike<T>) => {
    const state = { settled: false, result: undefined as T | undefined };
    const done = Promise.resolve(promise).then((result) => {
      state.settled = true;
      state.result = result;
      return result;
    });
    return { state, done };
  };
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('keeps /health and reads answering while the lock is held, and the waiting write completes once it is released', async () => {
    const existing = (
      await t.http
        .post('/api/v1/tickets')
        .set(bearer(ws.agent.key))
        .send({ subject: 'Before', customer_email: 'a@example.com' })
        .expect(201)
    ).body.data;

    other.exec('BEGIN IMMEDIATE');
    const write = pending(
      t.http.post('/api/v1/tickets').set(bearer(ws.agent.key)).send({ subject: 'During', customer_email: 'b@example.com' }),
    );
    await pause(300);

    expect((await t.http.get('/health')).status).toBe(200);
    // A key never used yet: its first request would write last_used_at, which must not wait.
    const read = await t.http.get(`/api/v1/tickets/${existing.id}`).set(bearer(ws.viewer.key));
    expect(read.status).toBe(200);
    expect(read.body.data.id).toBe(existing.id);
    expect((await t.http.get('/api/v1/tickets?limit=5').set(bearer(ws.viewer.key))).status).toBe(200);
    // All of that answered while the lock was still held and the write still waited for it.
    expect({ lockHeld: other.inTransaction, writeSettled: write.state.settled }).toEqual({ lockHeld: true, writeSettled: false });

    other.exec('COMMIT');
    const created = await write.done;
    expect(created.status).toBe(201);
    expect(created.body.data.subject).toBe('During');
  });

  it('answers a write 503 unavailable, in the error shape, once the lock is held past the wait bound; /health answers meanwhile', async () => {
    other.exec('BEGIN IMMEDIATE');
    try {
      const write = pending(
        t.http.post('/api/v1/tickets').set(bearer(ws.agent.key)).send({ subject: 'Blocked', customer_email: 'c@example.com' }),
      );
      await pause(300);
      expect((await t.http.get('/health')).status).toBe(200);
      expect(write.state.settled).toBe(false);
      const refused = await write.done;
      expect(refused.status).toBe(503);
      expect(refused.headers['retry-after']).toBeDefined();
      expect(refused.body.error).toMatchObject({ code: 'unavailable', request_id: expect.any(String) });
      expect(other.inTransaction).toBe(true);
    } finally {
      other.exec('COMMIT');
    }
    // Nothing of the refused write was kept; the next one goes through.
    const list = await t.http.get('/api/v1/tickets?limit=100').set(bearer(ws.agent.key)).expect(200);
    expect(list.body.data.map((x: { subject: string }) => x.subject)).not.toContain('Blocked');
    await t.http.post('/api/v1/tickets').set(bearer(ws.agent.key)).send({ subject: 'After', customer_email: 'c@example.com' }).expect(201);
  });
});
