import { DataSource } from 'typeorm';
import { addUser, bearer, createWorkspace, Session, startTestApp, TestApp } from '../helpers/test-app';
import { isPostgresRun } from '../helpers/test-database';
import { insertTickets } from '../helpers/ticket-fixtures';
import type { Role } from '@relay/auth';

// Contract §5 Analytics, over fixture tickets with known timestamps written straight to the
// database (the reports read columns the ticket lifecycle maintains: first_response_at,
// first_resolved_at, first_closed_at).
const at = (s: string) => Date.parse(s);
const SECOND = 1000;
const HOUR = 3600 * SECOND;

describe('analytics', () => {
  let t: TestApp;
  let ws: Record<Role, Session>;
  let other: Record<Role, Session>;
  const window = { from: '2026-01-05T00:00:00.000Z', to: '2026-01-19T00:00:00.000Z' };

  beforeAll(async () => {
    t = await startTestApp();
    ws = await createWorkspace(t.app, 'Analytics');
    other = await createWorkspace(t.app, 'Other');
    const A = ws.agent.userId;
    const B = ws.admin.userId;
    await insertTickets(t, ws.admin.workspaceId, [
      // In the window (created 2026-01-05T00:00 ≤ created < 2026-01-19T00:00):
      { created: '2026-01-05T10:00:00.000Z', status: 'open', channel: 'email', assignee: A, firstResponse: 60 * SECOND, tags: ['billing'] },
      {
        created: '2026-01-05T23:59:59.999Z',
        status: 'pending',
        priority: 'high',
        channel: 'email',
        assignee: A,
        firstResponse: 120 * SECOND,
      },
      {
        created: '2026-01-06T00:00:00.000Z',
        status: 'resolved',
        priority: 'urgent',
        channel: 'web',
        assignee: A,
        firstResponse: 300 * SECOND,
        firstResolved: 1 * HOUR,
        tags: ['Billing', 'vip'],
      },
      {
        created: '2026-01-07T12:00:00.000Z',
        status: 'closed',
        priority: 'low',
        assignee: B,
        firstResponse: 30_500,
        firstResolved: 2 * HOUR,
        firstClosed: 3 * HOUR,
      },
      { created: '2026-01-12T00:00:00.000Z', status: 'resolved', assignee: B, firstResolved: 10 * HOUR },
      { created: '2026-01-18T23:59:59.999Z', status: 'open', channel: 'chat', firstResponse: 600 * SECOND },
      // Reopened: first resolved in the window, open again now.
      { created: '2026-01-10T00:00:00.000Z', status: 'open', assignee: A, firstResponse: 90 * SECOND, firstResolved: 24 * HOUR },
      // Created just before the window, first resolved inside it.
      { created: '2026-01-04T23:59:59.999Z', status: 'resolved', assignee: B, firstResponse: 1 * SECOND, firstResolved: 5 * HOUR },
      // Created exactly at `to` (excluded), and long before: backlog only.
      { created: '2026-01-19T00:00:00.000Z', status: 'open', assignee: A, firstResponse: 1 * SECOND },
      { created: '2025-12-01T00:00:00.000Z', status: 'pending' },
    ]);
    await insertTickets(t, other.admin.workspaceId, [
      { created: '2026-01-06T00:00:00.000Z', status: 'open', assignee: other.agent.userId, firstResponse: 5 * SECOND, firstResolved: HOUR },
    ]);
  });
  afterAll(() => t.close());

  const get = (path: string, query: Record<string, string> = {}, key = ws.viewer.key) =>
    t.http.get(`/api/v1/analytics/${path}`).query(query).set(bearer(key));

  it('summarises counts, backlog, breakdowns and time statistics exactly', async () => {
    const res = await get('summary', window).expect(200);
    expect(res.body.data).toEqual({
      from: window.from,
      to: window.to,
      created: 7,
      resolved: 5,
      closed: 1,
      backlog: 6,
      by_status: { open: 3, pending: 1, resolved: 2, closed: 1 },
      by_priority: { low: 1, normal: 4, high: 1, urgent: 1 },
      // 30.5, 60, 90, 120, 300, 600 s: median between ranks 3 and 4, p90 at position 4.5.
      first_response_seconds: { median: 105, p90: 450, avg: expect.any(Number) },
      // 3600, 7200, 36000, 86400 s: p90 at position 2.7 → 36000 + 0.7 × 50400.
      resolution_seconds: { median: 21600, p90: 71280, avg: 33300 },
    });
    // Not rounded: (30.5 + 60 + 90 + 120 + 300 + 600) / 6.
    expect(res.body.data.first_response_seconds.avg).toBeCloseTo(1200.5 / 6, 9);
  });

  (isPostgresRun() ? it : it.skip)('agrees with PostgreSQL percentile_cont', async () => {
    const [row] = await t.app.get(DataSource).query(
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY (first_response_at - created_at) / 1000.0) AS median,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY (first_response_at - created_at) / 1000.0) AS p90
         FROM tickets WHERE workspace_id = $1 AND created_at >= $2 AND created_at < $3 AND first_response_at IS NOT NULL`,
      [ws.admin.workspaceId, at(window.from), at(window.to)],
    );
    const res = await get('summary', window).expect(200);
    expect(res.body.data.first_response_seconds.median).toBeCloseTo(Number(row.median), 9);
    expect(res.body.data.first_response_seconds.p90).toBeCloseTo(Number(row.p90), 9);
  });

  it('applies the assignee, channel and tag filters', async () => {
    const byAgent = await get('summary', { ...window, assignee_id: ws.agent.userId }).expect(200);
    expect(byAgent.body.data).toMatchObject({ created: 4, resolved: 2, closed: 0, backlog: 4 });
    expect(byAgent.body.data.first_response_seconds).toEqual({ median: 105, p90: 246, avg: 142.5 });

    const unassigned = await get('summary', { ...window, assignee_id: 'none' }).expect(200);
    expect(unassigned.body.data).toMatchObject({ created: 1, backlog: 2, first_response_seconds: { median: 600, p90: 600, avg: 600 } });

    const email = await get('summary', { ...window, channel: 'email' }).expect(200);
    expect(email.body.data).toMatchObject({ created: 2, by_priority: { low: 0, normal: 1, high: 1, urgent: 0 } });

    const billing = await get('summary', { ...window, tag: 'BILLING' }).expect(200);
    expect(billing.body.data).toMatchObject({ created: 2, resolved: 1, resolution_seconds: { median: 3600, p90: 3600, avg: 3600 } });
    const both = await t.http
      .get('/api/v1/analytics/summary')
      .query(`from=${window.from}&to=${window.to}&tag=billing&tag=vip`)
      .set(bearer(ws.viewer.key))
      .expect(200);
    expect(both.body.data.created).toBe(1);

    const nobody = await get('summary', { ...window, assignee_id: other.agent.userId }).expect(200);
    expect(nobody.body.data).toMatchObject({
      created: 0,
      resolved: 0,
      backlog: 0,
      first_response_seconds: { median: null, p90: null, avg: null },
    });
  });

  it('zero-fills daily volume at 00:00 UTC boundaries', async () => {
    const res = await get('volume', { ...window, interval: 'day' }).expect(200);
    const days = res.body.data as { period_start: string; created: number; resolved: number }[];
    expect(days).toHaveLength(14);
    expect(days[0].period_start).toBe('2026-01-05T00:00:00.000Z');
    expect(days[13].period_start).toBe('2026-01-18T00:00:00.000Z');
    const nonZero = Object.fromEntries(
      days.filter((d) => d.created || d.resolved).map((d) => [d.period_start.slice(0, 10), [d.created, d.resolved]]),
    );
    expect(nonZero).toEqual({
      '2026-01-05': [2, 1],
      '2026-01-06': [1, 1],
      '2026-01-07': [1, 1],
      '2026-01-10': [1, 0],
      '2026-01-11': [0, 1],
      '2026-01-12': [1, 1],
      '2026-01-18': [1, 0],
    });
    expect(days.find((d) => d.period_start.startsWith('2026-01-08'))).toEqual({
      period_start: '2026-01-08T00:00:00.000Z',
      created: 0,
      resolved: 0,
    });
  });

  it('buckets ISO weeks from Monday 00:00 UTC, counting only inside the window', async () => {
    const weeks = await get('volume', { ...window, interval: 'week' }).expect(200);
    expect(weeks.body.data).toEqual([
      { period_start: '2026-01-05T00:00:00.000Z', created: 5, resolved: 4 },
      { period_start: '2026-01-12T00:00:00.000Z', created: 2, resolved: 1 },
    ]);
    const partial = await get('volume', { from: '2026-01-07T12:00:00.000Z', to: '2026-01-13T00:00:00.000Z', interval: 'week' }).expect(200);
    expect(partial.body.data).toEqual([
      { period_start: '2026-01-05T00:00:00.000Z', created: 2, resolved: 2 },
      { period_start: '2026-01-12T00:00:00.000Z', created: 1, resolved: 1 },
    ]);
  });

  it('reports per agent: assigned, resolved and median first response', async () => {
    const res = await get('agents', window).expect(200);
    expect(res.body.data).toEqual([
      { user_id: ws.agent.userId, name: 'agent user', assigned: 4, resolved: 2, first_response_seconds: { median: 105 } },
      { user_id: ws.admin.userId, name: expect.any(String), assigned: 2, resolved: 3, first_response_seconds: { median: 30.5 } },
    ]);
    const one = await get('agents', { ...window, assignee_id: ws.admin.userId }).expect(200);
    expect(one.body.data.map((a: { user_id: string }) => a.user_id)).toEqual([ws.admin.userId]);
    const foreign = await get('agents', { ...window, assignee_id: other.agent.userId }).expect(200);
    expect(foreign.body.data).toEqual([]);
  });

  it('keeps workspaces apart', async () => {
    const res = await get('summary', window, other.viewer.key).expect(200);
    expect(res.body.data).toMatchObject({ created: 1, resolved: 1, backlog: 1, first_response_seconds: { median: 5, p90: 5, avg: 5 } });
    const agents = await get('agents', window, other.viewer.key).expect(200);
    expect(agents.body.data.find((a: { user_id: string }) => a.user_id === other.agent.userId)).toMatchObject({ assigned: 1, resolved: 1 });
    expect(agents.body.data.some((a: { user_id: string }) => a.user_id === ws.agent.userId)).toBe(false);
  });

  it('defaults to the last 30 days and reports nulls and zeros when nothing qualifies', async () => {
    const fresh = await createWorkspace(t.app, 'Fresh');
    const now = Date.now();
    await insertTickets(t, fresh.admin.workspaceId, [
      { created: new Date(now - 2 * 86_400_000).toISOString(), firstResponse: 10 * SECOND },
      { created: new Date(now - 31 * 86_400_000).toISOString(), firstResponse: 20 * SECOND },
    ]);
    const res = await get('summary', {}, fresh.viewer.key).expect(200);
    expect(Date.parse(res.body.data.to) - Date.parse(res.body.data.from)).toBe(30 * 86_400_000);
    expect(res.body.data).toMatchObject({
      created: 1,
      backlog: 2,
      first_response_seconds: { median: 10, p90: 10, avg: 10 },
      resolution_seconds: { median: null, p90: null, avg: null },
    });
    const volume = await get('volume', {}, fresh.viewer.key).expect(200);
    expect(volume.body.data).toHaveLength(31);
    expect(volume.body.data.reduce((sum: number, d: { created: number }) => sum + d.created, 0)).toBe(1);

    const empty = await get('summary', window, fresh.viewer.key).expect(200);
    expect(empty.body.data).toMatchObject({
      created: 0,
      resolved: 0,
      closed: 0,
      by_status: { open: 0, pending: 0, resolved: 0, closed: 0 },
    });
  });

  it("never answers with a summary computed before the caller's own write", async () => {
    const fresh = await createWorkspace(t.app, 'Writer');
    const before = await get('summary', {}, fresh.agent.key).expect(200);
    expect(before.body.data).toMatchObject({ created: 0, backlog: 0 });
    await t.http
      .post('/api/v1/tickets')
      .set(bearer(fresh.agent.key))
      .send({ subject: 'Written just now', customer_email: 'writer@example.com', description: 'Counted at once.' })
      .expect(201);
    // Well within the time an identical summary is reused: the write moved the listing version.
    const after = await get('summary', {}, fresh.agent.key).expect(200);
    expect(after.body.data).toMatchObject({ created: 1, backlog: 1, by_status: { open: 1, pending: 0, resolved: 0, closed: 0 } });
    expect(Date.parse(after.body.data.to)).toBeGreaterThanOrEqual(Date.parse(before.body.data.to));
  });

  it('rejects a bad window, interval or filter with 400', async () => {
    const cases: Record<string, string>[] = [
      { from: '2026-01-19T00:00:00.000Z', to: '2026-01-05T00:00:00.000Z' },
      { from: window.from, to: window.from },
      { from: 'yesterday' },
      { channel: 'fax' },
      { tag: 'nul\u0000' },
      { colour: 'red' },
    ];
    for (const query of cases) {
      const res = await get('summary', query);
      expect({ query, status: res.status, code: res.body.error?.code }).toEqual({ query, status: 400, code: 'validation_failed' });
    }
    await get('volume', { interval: 'month' }).expect(400);
    const tooLong = await get('volume', { from: '2024-01-01T00:00:00.000Z', to: '2025-06-01T00:00:00.000Z' }).expect(400);
    expect(tooLong.body.error.details[0].field).toBe('from');
    await get('volume', { from: '2024-01-01T00:00:00.000Z', to: '2025-06-01T00:00:00.000Z', interval: 'week' }).expect(200);
  });

  it('needs analytics:read', async () => {
    const narrow = await addUser(t.app, ws.admin.workspaceId, 'agent', 'narrow@example.com', ['tickets:read']);
    for (const path of ['summary', 'volume', 'agents']) {
      const res = await get(path, window, narrow.key);
      expect(res.status).toBe(403);
    }
    await t.http.get('/api/v1/analytics/summary').expect(401);
  });
});
