import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TransactionRunner } from '@relay/database';
import { TicketReports } from '@relay/tickets';
import { bearer, createWorkspace, Session, startTestApp, TestApp } from '../helpers/test-app';
import { createTestDatabase, isPostgresRun } from '../helpers/test-database';

jest.setTimeout(90_000);

// A statement that reads for seconds whatever the data (`rows` steps of a recursive series on
// SQLite; PostgreSQL sleeps). Test-only: the next report count runs it first, on the same read path.
const slowRead = (rows: number) =>
  isPostgresRun()
    ? `SELECT pg_sleep(${rows / 1e6}) IS NULL AS n`
    : `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ${rows}) SELECT count(*) AS n FROM c`;

/** What the next report count runs first (once), and a hook called once it has been asked for. */
interface SlowRead {
  next?: string;
  started: () => void;
}

/** The real TicketReports, whose next count runs `slow.next` first. */
function slowReports(slow: SlowRead) {
  return (dataSource: DataSource, tx: TransactionRunner) => {
    const reports = new TicketReports(dataSource, tx);
    const count = reports.count.bind(reports);
    reports.count = async (...args) => {
      const sql = slow.next;
      slow.next = undefined;
      if (sql) {
        const read = tx.read(sql);
        slow.started();
        await read;
      }
      return count(...args);
    };
    return reports;
  };
}

async function startSlowApp(env: Record<string, string>, slow: SlowRead): Promise<TestApp> {
  return startTestApp(env, await createTestDatabase('file'), (builder) =>
    builder.overrideProvider(TicketReports).useFactory({ factory: slowReports(slow), inject: [getDataSourceToken(), TransactionRunner] }),
  );
}

/** A request whose settling is observable without awaiting it. */
function pending<T>(promise: PromiseLike<T>) {
  const state = { settled: false };
  const done = Promise.resolve(promise).then((result) => {
    state.settled = true;
    return result;
  });
  return { state, done };
}

// Nothing is timed: what is asserted is the order in which requests complete.
describe('reads off the event loop: a slow read holds up no other request', () => {
  let t: TestApp;
  let ws: Record<'admin' | 'agent' | 'viewer', Session>;
  const slow: SlowRead = { started: () => undefined };

  beforeAll(async () => {
    t = await startSlowApp({ QUERY_TIME_BUDGET_MS: '600000' }, slow);
    ws = await createWorkspace(t.app);
  });
  afterAll(async () => t?.close());

  it('answers /health, GET /tickets/{id} and a create while a report reads for seconds', async () => {
    const ticket = (
      await t.http
        .post('/api/v1/tickets')
        .set(bearer(ws.agent.key))
        .send({ subject: 'Beside a slow report', customer_email: 'slow@example.com' })
        .expect(201)
    ).body.data;

    const started = new Promise<void>((resolve) => (slow.started = resolve));
    slow.next = slowRead(3_000_000);
    const report = pending(t.http.get('/api/v1/analytics/summary').set(bearer(ws.viewer.key)));
    await started;
    const health = await t.http.get('/health');
    const one = await t.http.get(`/api/v1/tickets/${ticket.id}`).set(bearer(ws.viewer.key));
    const created = await t.http
      .post('/api/v1/tickets')
      .set(bearer(ws.agent.key))
      .send({ subject: 'During a slow report', customer_email: 'slow@example.com' });
    const list = await t.http.get('/api/v1/tickets?status=open&sort=updated_at').set(bearer(ws.viewer.key));
    const answeredMeanwhile = !report.state.settled;

    expect(health.status).toBe(200);
    expect(one.status).toBe(200);
    expect(one.body.data.id).toBe(ticket.id);
    expect(created.status).toBe(201);
    expect(list.status).toBe(200);
    expect(list.body.data.map((row: { id: string }) => row.id)).toContain(created.body.data.id);
    expect(answeredMeanwhile).toBe(true);
    expect((await report.done).status).toBe(200);
  });

  it('shows a committed create to the very next listing, search and count (read-your-writes)', async () => {
    for (let i = 0; i < 15; i++) {
      const word = `ryw${i}marker`;
      const created = (
        await t.http
          .post('/api/v1/tickets')
          .set(bearer(ws.agent.key))
          .send({ subject: `Read ${word}`, customer_email: `ryw${i}@example.com`, priority: 'high', tags: ['ryw'] })
          .expect(201)
      ).body.data;
      const listed = await t.http.get('/api/v1/tickets?priority=high&tag=ryw&sort=updated_at&limit=100').set(bearer(ws.viewer.key));
      expect(listed.status).toBe(200);
      expect(listed.body.data[0].id).toBe(created.id);
      expect(listed.body.meta.total).toBe(i + 1);
      const searched = await t.http.get(`/api/v1/tickets?q=${word}`).set(bearer(ws.viewer.key));
      expect(searched.body.data.map((row: { id: string }) => row.id)).toEqual([created.id]);
    }
  });
});

describe('the query time budget (QUERY_TIME_BUDGET_MS)', () => {
  let t: TestApp;
  let ws: Record<'admin' | 'agent' | 'viewer', Session>;
  const slow: SlowRead = { started: () => undefined };

  beforeAll(async () => {
    t = await startSlowApp({ QUERY_TIME_BUDGET_MS: '1500' }, slow);
    ws = await createWorkspace(t.app);
  });
  afterAll(async () => t?.close());

  it('cancels a read past the budget with 503 unavailable and Retry-After, and the next reads are served', async () => {
    // Far past the budget on any machine (10M steps once took only 1.4 s): the budget, not the read, must end it.
    slow.next = slowRead(200_000_000);
    const res = await t.http.get('/api/v1/analytics/summary').set(bearer(ws.viewer.key)).set('X-Request-Id', 'budget-1');
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.body).toEqual({
      error: {
        code: 'unavailable',
        message: 'the query took longer than its time budget and was cancelled; narrow the filters or retry later',
        details: [],
        request_id: 'budget-1',
      },
    });

    // The worker that ran it was replaced: listings, which read there too, still answer.
    await t.http
      .post('/api/v1/tickets')
      .set(bearer(ws.agent.key))
      .send({ subject: 'After the budget', customer_email: 'after@example.com', priority: 'low' })
      .expect(201);
    for (let i = 0; i < 4; i++) {
      const list = await t.http.get(`/api/v1/tickets?priority=low&limit=${10 + i}`).set(bearer(ws.viewer.key));
      expect(list.status).toBe(200);
      expect(list.body.data).toHaveLength(1);
    }
  });
});
