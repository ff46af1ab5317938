import { bearer, createWorkspace, startTestApp, TestApp } from '../helpers/test-app';
import { isPostgresRun } from '../helpers/test-database';

jest.setTimeout(60_000);

// Ticket numbers come from a per-workspace counter (on SQLite inside the creating transaction,
// on PostgreSQL in a statement of its own just before it): 200 simultaneous creates get 200
// distinct, consecutive numbers, none fails, and another workspace's sequence is untouched.
// Run on PostgreSQL, the requests truly overlap.
describe('tickets: concurrent creation', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('numbers 200 concurrent creates 1…200 with no duplicate and no failure', async () => {
    const ws = await createWorkspace(t.app, 'Rush');
    const other = await createWorkspace(t.app, 'Quiet');
    const customer = (await t.http.post('/api/v1/customers').set(bearer(ws.agent.key)).send({ email: 'rush@example.com' }).expect(201)).body
      .data;

    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        t.http
          .post('/api/v1/tickets')
          .set(bearer(ws.agent.key))
          // Half by id, half by email (the same customer, found concurrently), some with new tags.
          .send(
            i % 2
              ? { subject: `Rush ${i}`, customer_id: customer.id }
              : { subject: `Rush ${i}`, customer_email: 'RUSH@example.com', tags: ['rush', `r${i % 5}`] },
          ),
      ),
    );
    expect(responses.map((res) => res.status)).toEqual(Array(200).fill(201));
    const numbers = responses.map((res) => res.body.data.number as number).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(new Set(responses.map((res) => res.body.data.customer_id))).toEqual(new Set([customer.id]));

    const tags = (await t.http.get('/api/v1/tags?limit=100').set(bearer(ws.agent.key)).expect(200)).body.data;
    const counts = Object.fromEntries(tags.map((tag: { name: string; ticket_count: number }) => [tag.name, tag.ticket_count]));
    expect(counts).toEqual({ rush: 100, r0: 20, r1: 20, r2: 20, r3: 20, r4: 20 });

    const listed = (await t.http.get('/api/v1/tickets?limit=1').set(bearer(ws.agent.key)).expect(200)).body.meta.total;
    expect(listed).toBe(200);
    const next = (
      await t.http.post('/api/v1/tickets').set(bearer(ws.agent.key)).send({ subject: 'After', customer_id: customer.id }).expect(201)
    ).body.data;
    expect(next.number).toBe(201);
    const theirs = (
      await t.http
        .post('/api/v1/tickets')
        .set(bearer(other.agent.key))
        .send({ subject: 'Quiet', customer_email: 'q@example.com' })
        .expect(201)
    ).body.data;
    expect(theirs.number).toBe(1);
  });

  it('gives a rolled-back create its number back on SQLite; on PostgreSQL it leaves a gap, numbers still ascending', async () => {
    const ws = await createWorkspace(t.app, 'Rollback');
    const first = (
      await t.http
        .post('/api/v1/tickets')
        .set(bearer(ws.agent.key))
        .send({ subject: 'One', customer_email: 'r@example.com', external_id: 'dup' })
        .expect(201)
    ).body.data;
    await t.http
      .post('/api/v1/tickets')
      .set(bearer(ws.agent.key))
      .send({ subject: 'Two', customer_email: 'r@example.com', assignee_id: 'usr_nobody' })
      .expect(404);
    await t.http
      .post('/api/v1/tickets')
      .set(bearer(ws.agent.key))
      .send({ subject: 'Two', customer_email: 'r@example.com', external_id: 'dup' })
      .expect(409);
    const second = (
      await t.http.post('/api/v1/tickets').set(bearer(ws.agent.key)).send({ subject: 'Two', customer_email: 'r@example.com' }).expect(201)
    ).body.data;
    if (isPostgresRun()) {
      expect(first.number).toBe(1);
      expect(second.number).toBeGreaterThan(2);
    } else {
      expect([first.number, second.number]).toEqual([1, 2]);
    }
  });

  it('turns concurrent creates with one external_id into one 201 and 409s, never a 500', async () => {
    const ws = await createWorkspace(t.app, 'Dedupe');
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        t.http
          .post('/api/v1/tickets')
          .set(bearer(ws.agent.key))
          .send({ subject: 'Same', customer_email: 'd@example.com', external_id: 'mail-1' }),
      ),
    );
    const statuses = responses.map((res) => res.status).sort();
    expect(statuses).toEqual([201, ...Array(19).fill(409)]);
    for (const res of responses.filter((r) => r.status === 409)) expect(res.body.error.code).toBe('conflict');
  });
});
