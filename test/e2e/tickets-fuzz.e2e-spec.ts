import fc from 'fast-check';
import { bytesAsIs } from '../helpers/http';
import { bearer, createWorkspace, Session, startTestApp, TestApp } from '../helpers/test-app';

jest.setTimeout(60_000);

const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
// A fixed seed keeps CI reproducible (the "reached the services" check depends on what is
// generated); set FUZZ_SEED to explore other inputs locally.
fc.configureGlobal({ seed: Number(process.env.FUZZ_SEED ?? 20261126) });

// Property: on the ticket, conversation and export routes, bodies and query strings that are
// mostly well-formed (so they reach the services and the search index) but carry arbitrary
// text, search syntax, wrong types and unknown fields never give a 5xx, and every 4xx is in the
// contract's error shape.
describe('tickets and conversations: fuzzed bodies and queries', () => {
  let t: TestApp;
  let ws: Record<'admin' | 'agent' | 'viewer', Session>;
  let ids: { ticket: string; customer: string; entry: string; user: string; foreign: string };

  beforeAll(async () => {
    t = await startTestApp();
    ws = await createWorkspace(t.app, 'Fuzz');
    const other = await createWorkspace(t.app, 'Other');
    const created = await t.http
      .post('/api/v1/tickets')
      .set(bearer(ws.agent.key))
      .send({ subject: 'Seed ticket', customer_email: 'fuzz@example.com', description: 'seed body', tags: ['seed'] });
    const foreign = await t.http
      .post('/api/v1/tickets')
      .set(bearer(other.agent.key))
      .send({ subject: 'Foreign', customer_email: 'f@example.com' });
    const thread = await t.http.get(`/api/v1/tickets/${created.body.data.id}/conversations`).set(bearer(ws.agent.key));
    ids = {
      ticket: created.body.data.id,
      customer: created.body.data.customer_id,
      entry: thread.body.data[0].id,
      user: ws.agent.userId,
      foreign: foreign.body.data.id,
    };
  });
  afterAll(async () => {
    await t.close();
  });

  const text = fc.oneof(
    { weight: 4, arbitrary: fc.string({ maxLength: 40, unit: 'grapheme' }) },
    { weight: 2, arbitrary: fc.string({ maxLength: 20 }) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        '"',
        '""',
        '*',
        'NEAR(a b)',
        'a OR b',
        '-x',
        '^x',
        'col:x',
        "'; DROP TABLE tickets; --",
        '%_\\',
        '\u0000',
        '\u200b',
        '²³',
        'ǅ',
        'ﬁ',
        '🙂🙂',
        ' ',
        'x'.repeat(600),
        'seed',
        'SEED body',
      ),
    },
    // Lone surrogates: valid in a JSON string, not storable as UTF-8.
    { weight: 1, arbitrary: fc.constantFrom('\ud800', 'tag\udfff', '\ud83d', 'a\ude42b') },
  );
  /** ISO 8601 forms outside the contract's two, and the two themselves. */
  const date = fc.oneof(
    fc.date({ noInvalidDate: true, min: new Date('2000-01-01'), max: new Date('2100-01-01') }).map((d) => d.toISOString()),
    fc.constantFrom(
      '2026-01-13',
      '2026-01-13T10:30+01:00',
      '2026-W01-1',
      '2026-013',
      '20260113',
      '2026-01-13T00:00:00',
      '2026-02-30',
      '2026-01-13T24:00Z',
      '+002026-01-13',
    ),
  );
  const id = fc.oneof(
    fc.constant(() => ids.ticket),
    fc.constant(() => ids.customer),
    fc.constant(() => ids.user),
    fc.constant(() => ids.foreign),
    text.map((s) => () => s),
  );
  // Mostly the seed ticket, so the write paths behind the lookup are exercised too.
  const ticketId = fc.oneof({ weight: 3, arbitrary: fc.constant(() => ids.ticket) }, { weight: 1, arbitrary: id });
  const resolveIds = (value: unknown): unknown =>
    typeof value === 'function' ? (value as () => string)() : Array.isArray(value) ? value.map(resolveIds) : value;
  const anything = fc.oneof(
    text,
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(text, { maxLength: 3 }),
    fc.object({ maxDepth: 1 }),
  );
  const field = <T>(plausible: fc.Arbitrary<T>) =>
    fc.oneof({ weight: 4, arbitrary: plausible }, { weight: 1, arbitrary: anything }, { weight: 1, arbitrary: fc.constant(null) });
  const enumOf = (...values: string[]) => field(fc.oneof(fc.constantFrom(...values), text));
  const tags = field(fc.array(text, { maxLength: 4 }));

  const ticketBody = fc.record(
    {
      subject: field(text),
      customer_email: field(fc.oneof(fc.emailAddress(), text)),
      customer_id: field(id),
      description: field(text),
      priority: enumOf('low', 'normal', 'high', 'urgent'),
      status: enumOf('open', 'pending', 'resolved', 'closed'),
      tags,
      assignee_id: field(fc.oneof(id, fc.constant(null))),
      channel: enumOf('api', 'email', 'web', 'chat', 'phone'),
      external_id: field(text),
      surprise: anything,
    },
    { requiredKeys: [] },
  );
  const patchBody = fc.record(
    {
      subject: field(text),
      priority: enumOf('low', 'normal', 'high', 'urgent'),
      status: enumOf('open', 'pending', 'resolved', 'closed'),
      tags,
      assignee_id: field(fc.oneof(id, fc.constant(null))),
    },
    { requiredKeys: [] },
  );
  const entryBody = fc.record(
    {
      ticket_id: field(ticketId),
      type: enumOf('reply', 'note'),
      body: field(text),
      author_type: enumOf('user', 'customer'),
      extra: anything,
    },
    { requiredKeys: [] },
  );
  const queryValue = fc.oneof(
    text,
    fc.array(text, { minLength: 2, maxLength: 3 }),
    id.map((f) => f),
    date,
  );
  const query = fc.dictionary(
    fc.constantFrom(
      'status',
      'priority',
      'tag',
      'assignee_id',
      'customer_id',
      'customer_email',
      'channel',
      'external_id',
      'created_after',
      'created_before',
      'updated_after',
      'q',
      'limit',
      'cursor',
      'sort',
      'order',
      'format',
      'ticket_id',
      'type',
      'author_type',
      'bogus',
    ),
    queryValue,
    { maxKeys: 4 },
  );
  /** encodeURIComponent, except that a lone surrogate is sent as the bytes a careless encoder makes of it (WTF-8), not thrown on. */
  const encode = (value: string) =>
    value.replace(/\p{Cs}|\P{Cs}+/gu, (part) => {
      if (!/^\p{Cs}$/u.test(part)) return encodeURIComponent(part);
      const unit = part.charCodeAt(0);
      return [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)]
        .map((byte) => `%${byte.toString(16).toUpperCase()}`)
        .join('');
    });
  const queryString = (q: Record<string, unknown>) =>
    Object.entries(q)
      .flatMap(([key, value]) => {
        const resolved = resolveIds(value);
        return (Array.isArray(resolved) ? resolved : [resolved]).map((v) => `${key}=${encode(String(v))}`);
      })
      .join('&');
  // Segments may pass the router's 500-character limit: that refusal must be in the error shape too.
  const segment = (value: unknown) => encode(String(resolveIds(value)) || 'x');
  const bodyOf = (record: Record<string, unknown>) => Object.fromEntries(Object.entries(record).map(([k, v]) => [k, resolveIds(v)]));

  const errorShape = { code: expect.any(String), message: expect.any(String), details: expect.any(Array), request_id: expect.any(String) };
  const succeeded = new Map<string, number>();
  function check(what: string, res: { status: number; body: { error?: { request_id?: string } }; headers: Record<string, string> }): void {
    if (res.status < 300) succeeded.set(what.split(' ')[0], (succeeded.get(what.split(' ')[0]) ?? 0) + 1);
    expect({ what, status: res.status < 500 ? 'ok' : res.status }).toEqual({ what, status: 'ok' });
    expect(res.headers['x-request-id']).toEqual(expect.any(String));
    if (res.status >= 400) expect(res.body.error).toEqual({ ...errorShape, request_id: res.headers['x-request-id'] });
  }

  it('creating tickets', async () => {
    await fc.assert(
      fc.asyncProperty(ticketBody, async (record) => {
        const body = bodyOf(record);
        check(`POST /tickets ${JSON.stringify(body)}`, await t.http.post('/api/v1/tickets').set(bearer(ws.agent.key)).send(body));
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('creating tickets from bodies with bytes that are not UTF-8', async () => {
    const invalid = fc.constantFrom([0xff], [0xc3], [0xe9, 0x22], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xc0, 0xaf]);
    await fc.assert(
      fc.asyncProperty(ticketBody, invalid, fc.nat(), async (record, bytes, at) => {
        const json = Buffer.from(JSON.stringify(bodyOf(record)));
        const cut = at % (json.length + 1);
        const body = Buffer.concat([json.subarray(0, cut), Buffer.from(bytes), json.subarray(cut)]);
        const res = await t.http
          .post('/api/v1/tickets')
          .set(bearer(ws.agent.key))
          .set('Content-Type', 'application/json')
          .serialize(bytesAsIs)
          .send(body);
        check(`POST(raw) /tickets ${body.toString('hex').slice(0, 200)}`, res);
        expect(res.body.error?.code).toBe('invalid_json');
      }),
      { numRuns: RUNS },
    );
  });

  afterAll(() => {
    // The generators must reach the services, not only the validator.
    for (const method of ['POST', 'PATCH', 'GET', 'DELETE'])
      expect({ method, reached: (succeeded.get(method) ?? 0) > 0 }).toEqual({ method, reached: true });
  });

  it('updating and tagging tickets', async () => {
    await fc.assert(
      fc.asyncProperty(patchBody, ticketId, tags, text, async (record, target, tagList, name) => {
        const path = `/api/v1/tickets/${segment(target)}`;
        const body = bodyOf(record);
        check(`PATCH ${path} ${JSON.stringify(body)}`, await t.http.patch(path).set(bearer(ws.agent.key)).send(body));
        check(`POST ${path}/tags`, await t.http.post(`${path}/tags`).set(bearer(ws.agent.key)).send({ tags: tagList }));
        check(`DELETE ${path}/tags/${name}`, await t.http.delete(`${path}/tags/${segment(name)}`).set(bearer(ws.agent.key)));
      }),
      { numRuns: RUNS },
    );
  });

  it('adding conversation entries', async () => {
    await fc.assert(
      fc.asyncProperty(entryBody, ticketId, async (record, target) => {
        const body = bodyOf(record);
        const { ticket_id: _ignored, ...onTicket } = body;
        const path = `/api/v1/tickets/${segment(target)}/conversations`;
        check(`POST ${path} ${JSON.stringify(onTicket)}`, await t.http.post(path).set(bearer(ws.agent.key)).send(onTicket));
        check(
          `POST /conversations ${JSON.stringify(body)}`,
          await t.http.post('/api/v1/conversations').set(bearer(ws.agent.key)).send(body),
        );
      }),
      { numRuns: RUNS },
    );
  });

  it('listing, searching and exporting', async () => {
    await fc.assert(
      fc.asyncProperty(query, async (q) => {
        const qs = queryString(q);
        for (const path of ['/tickets', '/tickets/export', '/conversations', `/tickets/${ids.ticket}/conversations`]) {
          check(`GET ${path}?${qs}`, await t.http.get(`/api/v1${path}?${qs}`).set(bearer(ws.agent.key)));
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('reading by id', async () => {
    await fc.assert(
      fc.asyncProperty(id, async (target) => {
        const value = segment(target);
        for (const path of [`/tickets/${value}`, `/conversations/${value}`, `/tickets/${value}/conversations`]) {
          check(`GET ${path}`, await t.http.get(`/api/v1${path}`).set(bearer(ws.agent.key)));
        }
      }),
      { numRuns: RUNS },
    );
    expect((await t.http.get(`/api/v1/conversations/${ids.entry}`).set(bearer(ws.agent.key))).status).toBe(200);
  });
});
