import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { ApiBody, json } from '../helpers/http';
import { ServerProcess, startApiProcess } from '../helpers/processes';
import { isPostgresRun, runPrefix } from '../helpers/test-database';

// Incremental syncs on PostgreSQL with concurrent writers in two API processes: transactions
// commit out of the order of the timestamps they stamp, and a reader that follows
// `created_after` / `updated_after` must still see every committed ticket (and every last
// change). SQLite has one writer committing in stamp order, and one process.
const describePg = isPostgresRun() ? describe : describe.skip;

const WRITERS = 8;
const WRITE_FOR_MS = 8_000;

interface SeenTicket {
  id: string;
  created_at: string;
  updated_at: string;
}

describePg('sync: readers following created_after / updated_after on PostgreSQL never miss a ticket', () => {
  const base = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
  const schema = `${runPrefix()}_sync_${randomBytes(4).toString('hex')}`;
  const adminKey = `rly_${randomBytes(20).toString('hex')}`;
  let apis: ServerProcess[] = [];

  const call = async (server: ServerProcess, method: string, path: string, body?: object): Promise<{ status: number; body: ApiBody }> => {
    const res = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${adminKey}`, 'Content-Type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(20_000),
    });
    return { status: res.status, body: await json(res) };
  };

  beforeAll(async () => {
    const url = new URL(base.toString());
    url.searchParams.set('schema', schema);
    const env = { DATABASE_URL: url.toString(), REDIS_URL: '', RELAY_BOOTSTRAP_KEY: adminKey, RATE_LIMIT_PER_MINUTE: '1000000' };
    // The first process creates the schema; the second finds it migrated.
    apis.push(await startApiProcess(env));
    apis.push(await startApiProcess(env));
  }, 90_000);

  afterAll(async () => {
    await Promise.all(apis.map((api) => api.stop()));
    apis = [];
    const client = new Client({ connectionString: base.toString() });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  });

  /**
   * A sync client: asks for `field`_after the greatest value it has seen, ascending, following
   * next_cursor to the end of each answer. Remembers the latest version of each ticket seen.
   */
  const follower = (field: 'created_at' | 'updated_at', server: ServerProcess) => {
    const seen = new Map<string, SeenTicket>();
    let after: string | undefined;
    const poll = async (): Promise<number> => {
      let fresh = 0;
      let cursor: string | undefined;
      let greatest = after;
      do {
        const params = new URLSearchParams({ sort: field, order: 'asc', limit: '100' });
        if (after) params.set(`${field.replace('_at', '')}_after`, after);
        if (cursor) params.set('cursor', cursor);
        const res = await call(server, 'GET', `/tickets?${params}`);
        expect(res.status).toBe(200);
        for (const ticket of res.body.data as SeenTicket[]) {
          const known = seen.get(ticket.id);
          if (!known || known.updated_at !== ticket.updated_at) fresh++;
          seen.set(ticket.id, ticket);
          if (!greatest || Date.parse(ticket[field]) > Date.parse(greatest)) greatest = ticket[field];
        }
        cursor = res.body.meta.next_cursor ?? undefined;
      } while (cursor);
      after = greatest;
      return fresh;
    };
    return { seen, poll };
  };

  it('eight writers over two processes create and update tickets; both followers see every committed ticket and its last change', async () => {
    const created: string[] = [];
    const stopAt = Date.now() + WRITE_FOR_MS;
    let writing = true;

    const writer = async (w: number) => {
      const server = apis[w % apis.length];
      for (let i = 0; Date.now() < stopAt; i++) {
        const res = await call(server, 'POST', '/tickets', {
          subject: `Sync ${w}-${i}`,
          customer_email: `sync${i % 5}@example.com`,
          description: 'Written while others commit',
        });
        expect(res.status).toBe(201);
        created.push(res.body.data.id);
        // Every other turn, change an earlier ticket: updates commit out of order too.
        if (i % 2 === 1) {
          const target = created[Math.floor(Math.random() * created.length)];
          const patched = await call(server, 'PATCH', `/tickets/${target}`, {
            subject: `Sync ${w}-${i} changed`,
            priority: i % 4 === 1 ? 'high' : 'low',
          });
          expect(patched.status).toBe(200);
        }
      }
    };

    const byCreation = follower('created_at', apis[0]);
    const byChange = follower('updated_at', apis[1]);
    const follow = async (reader: ReturnType<typeof follower>) => {
      while (writing) await reader.poll();
      // Settled: ask until an answer brings nothing new.
      while ((await reader.poll()) > 0);
    };

    const readers = [follow(byCreation), follow(byChange)];
    await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
    writing = false;
    await Promise.all(readers);

    // The truth, read once everything has committed: every ticket in its final state.
    const final = new Map<string, SeenTicket>();
    let cursor: string | undefined;
    do {
      const res = await call(apis[0], 'GET', `/tickets?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      for (const ticket of res.body.data as SeenTicket[]) final.set(ticket.id, ticket);
      cursor = res.body.meta.next_cursor ?? undefined;
    } while (cursor);

    expect(final.size).toBe(created.length);
    expect(created.length).toBeGreaterThan(20);
    const missedByCreation = [...final.keys()].filter((id) => !byCreation.seen.has(id));
    const staleByChange = [...final.values()].filter((ticket) => byChange.seen.get(ticket.id)?.updated_at !== ticket.updated_at);
    expect({ created: final.size, missedByCreation: missedByCreation.length, staleByChange: staleByChange.length }).toEqual({
      created: final.size,
      missedByCreation: 0,
      staleByChange: 0,
    });
  }, 120_000);
});
