import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Client } from 'pg';
import { bearer, createWorkspace, Session, startTestApp, TestApp } from '../helpers/test-app';
import { isPostgresRun } from '../helpers/test-database';

jest.setTimeout(60_000);

// What one request costs PostgreSQL in round trips: every query the pg driver sends is logged
// (a test-only hook on its Client) against the request whose async context sent it, so the
// process's background loops (the outbox reader, delivery claims) never count.
const describePostgres = isPostgresRun() ? describe : describe.skip;

describePostgres('postgres: round trips per request', () => {
  let t: TestApp;
  let ws: Record<'admin' | 'agent' | 'viewer', Session>;
  const context = new AsyncLocalStorage<string[]>();
  let last: string[] = [];
  const original = Client.prototype.query;

  beforeAll(async () => {
    t = await startTestApp();
    ws = await createWorkspace(t.app);
    const server = t.app.getHttpServer();
    const listeners = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
    server.removeAllListeners('request');
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const texts: string[] = [];
      // What it sent until it answered: work it woke (the outbox reader) goes on in its context afterwards.
      res.on('finish', () => (last = [...texts]));
      context.run(texts, () => listeners.forEach((listener) => listener.call(server, req, res)));
    });
    Client.prototype.query = function (this: Client, ...args: unknown[]) {
      const config = args[0] as string | { text?: string };
      context.getStore()?.push(typeof config === 'string' ? config : (config?.text ?? ''));
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof Client.prototype.query;
  });
  afterAll(async () => {
    Client.prototype.query = original;
    await t?.close();
  });

  /** The queries `request` sent. */
  async function roundTrips(request: () => Promise<unknown>): Promise<{ count: number; texts: string[] }> {
    await request();
    return { count: last.length, texts: last };
  }

  it('answers GET /users/me, GET /tickets/{id} and POST /tickets in few round trips', async () => {
    const ticket = (
      await t.http
        .post('/api/v1/tickets')
        .set(bearer(ws.agent.key))
        .send({ subject: 'Counted', customer_email: 'rt@example.com' })
        .expect(201)
    ).body.data;
    const me = await roundTrips(() => t.http.get('/api/v1/users/me').set(bearer(ws.agent.key)).expect(200));
    const one = await roundTrips(() => t.http.get(`/api/v1/tickets/${ticket.id}`).set(bearer(ws.agent.key)).expect(200));
    let n = 0;
    const create = await roundTrips(() =>
      t.http
        .post('/api/v1/tickets')
        .set(bearer(ws.agent.key))
        .send({ subject: `Counted ${n++}`, customer_email: 'rt@example.com' })
        .expect(201),
    );
    // The key and its user in one query, then the user with its teams (team_ids) in another.
    expect(me.texts[0]).toMatch(/FROM api_keys k INNER JOIN users u/);
    expect(me.texts[1]).toMatch(/FROM team_members m/);
    expect(me.count).toBeLessThanOrEqual(2);
    // The key, then the ticket with its tag names.
    expect(one.texts[1]).toMatch(/FROM ticket_tags tt/);
    expect(one.count).toBeLessThanOrEqual(2);
    // The key, the number (its own statement, before BEGIN), then one transaction: begin,
    // customer, ticket, counts, the event, commit. No read-back of the tags of a ticket created without any.
    expect(create.texts.filter((text) => /ticket_counters/.test(text))).toHaveLength(1);
    expect(create.texts.indexOf(create.texts.find((text) => /ticket_counters/.test(text))!)).toBeLessThan(
      create.texts.findIndex((text) => text.startsWith('START TRANSACTION')),
    );
    expect(create.texts.some((text) => /FROM ticket_tags/.test(text))).toBe(false);
    expect(create.count).toBeLessThanOrEqual(8);
    // With a description: its entry, and both events (ticket.created, conversation.created) in one statement.
    const described = await roundTrips(() =>
      t.http
        .post('/api/v1/tickets')
        .set(bearer(ws.agent.key))
        .send({ subject: 'Described', customer_email: 'rt@example.com', description: 'Two events, one statement.' })
        .expect(201),
    );
    expect(described.texts.filter((text) => /INSERT INTO events/.test(text))).toHaveLength(1);
    expect(described.count).toBeLessThanOrEqual(9);
  });

  it('adds no round trip to a create for the workspace’s rules once they are known', async () => {
    await t.http
      .post('/api/v1/rules')
      .set(bearer(ws.admin.key))
      .send({
        name: 'Never matches',
        events: ['ticket.created'],
        conditions: { all: [{ field: 'ticket.subject', operator: 'eq', value: 'no such subject' }], any: [] },
        actions: [{ type: 'set_priority', priority: 'high' }],
      })
      .expect(201);
    const send = (subject: string) =>
      t.http.post('/api/v1/tickets').set(bearer(ws.agent.key)).send({ subject, customer_email: 'rt@example.com' }).expect(201);
    const first = await roundTrips(() => send('Reads the rules'));
    expect(first.texts.filter((text) => /FROM \S*"rules"/.test(text))).toHaveLength(1);
    const next = await roundTrips(() => send('Knows the rules'));
    expect(next.texts.some((text) => /FROM \S*"rules"/.test(text))).toBe(false);
    expect(next.count).toBeLessThanOrEqual(8);
  });
  it('adds a bounded number of round trips for a rule that fires (one change, its event and its run)', async () => {
    const send = (subject: string) =>
      t.http.post('/api/v1/tickets').set(bearer(ws.agent.key)).send({ subject, customer_email: 'rt@example.com' }).expect(201);
    const quiet = await roundTrips(() => send('Before the rule'));
    await t.http
      .post('/api/v1/rules')
      .set(bearer(ws.admin.key))
      .send({
        name: 'Fires on bills',
        events: ['ticket.created'],
        conditions: { all: [{ field: 'ticket.subject', operator: 'starts_with', value: 'Bill' }], any: [] },
        actions: [
          { type: 'set_priority', priority: 'low' },
          { type: 'add_tags', tags: ['billing'] },
        ],
      })
      .expect(201);
    await send('Bill 1');
    const fired = await roundTrips(() => send('Bill 2'));
    // Measured 10: the tags read and linked, the ticket updated, the run, the rule's counters, the tags read back,
    // the tag counts (its event goes with the create's in one statement, before the counters are taken, last).
    expect(fired.count - quiet.count).toBeLessThanOrEqual(10);
    const events = fired.texts.findIndex((text) => /INSERT INTO events/.test(text));
    expect(events).toBeGreaterThan(-1);
    expect(events).toBeLessThan(fired.texts.findIndex((text) => /INSERT INTO ticket_status_counts/.test(text)));
  });
});
