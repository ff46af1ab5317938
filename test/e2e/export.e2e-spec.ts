import { insertTickets } from '../helpers/ticket-fixtures';
import { bearer, createWorkspace, Session, startTestApp, TestApp } from '../helpers/test-app';

jest.setTimeout(60_000);

const HEADER =
  'id,number,subject,status,priority,tags,customer_id,assignee_id,channel,external_id,created_at,updated_at,first_response_at,resolved_at,closed_at,team_id';

/** A strict RFC 4180 reader: CRLF records, quoted fields with doubled quotes and raw line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text[i] === '"' && text[i + 1] === '"') {
          field += '"';
          i += 2;
        } else if (text[i] === '"') {
          i++;
          break;
        } else field += text[i++];
      }
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r') {
        if (text[i] === '\n' || text[i] === '"') throw new Error(`bare ${JSON.stringify(text[i])} in an unquoted field at ${i}`);
        field += text[i++];
      }
    }
    row.push(field);
    if (text[i] === ',') i++;
    else if (text.startsWith('\r\n', i)) {
      rows.push(row);
      row = [];
      i += 2;
    } else if (i < text.length) throw new Error(`unexpected ${JSON.stringify(text[i])} at ${i}`);
  }
  if (row.length) throw new Error('last record does not end with CRLF');
  return rows;
}

// Contract §5 Export: NDJSON and CSV (RFC 4180) with every /tickets filter, streamed in batches.
describe('tickets export', () => {
  let t: TestApp;
  let ws: Record<'admin' | 'agent' | 'viewer', Session>;
  let other: Record<'admin' | 'agent' | 'viewer', Session>;

  beforeAll(async () => {
    t = await startTestApp();
    ws = await createWorkspace(t.app, 'Export');
    other = await createWorkspace(t.app, 'Other');
  });
  afterAll(() => t.close());

  const get = (path: string, key = ws.agent.key) =>
    t.http
      .get(`/api/v1${path}`)
      .set(bearer(key))
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => done(null, text));
      });
  const create = async (body: object, key = ws.agent.key) =>
    (
      await t.http
        .post('/api/v1/tickets')
        .set(bearer(key))
        .send({ customer_email: 'export@example.com', ...body })
        .expect(201)
    ).body.data;
  const ndjson = (text: string) =>
    text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line));

  it('streams NDJSON: one ticket per line, exactly as the API returns it, with the list filters', async () => {
    const a = await create({ subject: 'Export alpha', tags: ['x-one', 'x-two'], priority: 'high', assignee_id: ws.agent.userId });
    const b = await create({ subject: 'Export beta', status: 'resolved', description: 'needle in the thread' });
    await create({ subject: 'Their export', tags: ['x-one'] }, other.agent.key);

    const res = await get('/tickets/export?format=ndjson');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
    expect(res.headers['content-disposition']).toBe('attachment; filename="tickets.ndjson"');
    expect(res.body.endsWith('\n')).toBe(true);
    const listed = (await t.http.get('/api/v1/tickets').set(bearer(ws.agent.key)).expect(200)).body.data;
    expect(ndjson(res.body)).toEqual(listed);
    expect(ndjson(res.body)).toEqual([b, a].map((x) => expect.objectContaining({ id: x.id })));

    expect(ndjson((await get('/tickets/export?tag=x-one')).body).map((x) => x.id)).toEqual([a.id]);
    expect(ndjson((await get('/tickets/export?status=resolved&q=needle')).body).map((x) => x.id)).toEqual([b.id]);
    expect(ndjson((await get('/tickets/export?order=asc')).body).map((x) => x.id)).toEqual([a.id, b.id]);
    expect((await get('/tickets/export?q=nothingmatches')).body).toBe('');
    // ndjson is the default format.
    expect((await get('/tickets/export')).headers['content-type']).toMatch(/^application\/x-ndjson/);
  });

  it('streams RFC 4180 CSV: header, API field order, tags joined by ;, null as empty, CRLF, quoting', async () => {
    const tricky = await create({
      subject: 'Comma, "quotes" and\nnew lines\r\nhere',
      tags: ['csv-b', 'csv-a'],
      external_id: 'ext,"1"',
      status: 'closed',
    });
    const res = await get('/tickets/export?format=csv&tag=csv-a');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toBe('attachment; filename="tickets.csv"');
    expect(res.body.startsWith(`${HEADER}\r\n`)).toBe(true);
    const rows = parseCsv(res.body);
    expect(rows[0].join(',')).toBe(HEADER);
    expect(rows).toHaveLength(2);
    expect(rows[1]).toEqual([
      tricky.id,
      String(tricky.number),
      'Comma, "quotes" and\nnew lines\r\nhere',
      'closed',
      'normal',
      'csv-a;csv-b',
      tricky.customer_id,
      '',
      'api',
      'ext,"1"',
      tricky.created_at,
      tricky.updated_at,
      '',
      '',
      tricky.closed_at,
      '',
    ]);
    expect(res.body).toContain('"Comma, ""quotes"" and\nnew lines\r\nhere"');

    const empty = await get('/tickets/export?format=csv&q=nothingmatches');
    expect(empty.body).toBe(`${HEADER}\r\n`);
  });

  it("writes a cell a spreadsheet would run as a formula with a leading ' (OWASP), and NDJSON verbatim", async () => {
    const subjects = ['=HYPERLINK("http://evil.example","Invoice")', '+1+cmd|calc', '-2+3', '@SUM(A1:A9)', '-5', 'a=b'];
    const created = [];
    for (const [i, subject] of subjects.entries()) {
      created.push(
        await create({ subject, external_id: ['=ext', '-7', '+x'][i % 3] + i, tags: i === 0 ? ['formula', '@vip'] : ['formula'] }),
      );
    }
    const csv = parseCsv((await get('/tickets/export?format=csv&tag=formula&sort=created_at&order=asc').expect(200)).body).slice(1);
    const column = (name: string) => HEADER.split(',').indexOf(name);
    expect(csv.map((row) => row[column('subject')])).toEqual([
      `'=HYPERLINK("http://evil.example","Invoice")`,
      "'+1+cmd|calc",
      "'-2+3",
      "'@SUM(A1:A9)",
      '-5',
      'a=b',
    ]);
    expect(csv.map((row) => row[column('external_id')])).toEqual(["'=ext0", '-71', "'+x2", "'=ext3", '-74', "'+x5"]);
    expect(csv.map((row) => row[column('tags')])).toEqual(["'@vip;formula", 'formula', 'formula', 'formula', 'formula', 'formula']);

    const lines = ndjson((await get('/tickets/export?tag=formula&sort=created_at&order=asc').expect(200)).body);
    expect(lines.map((x) => x.subject)).toEqual(subjects);
    expect(lines[0]).toMatchObject({ external_id: '=ext0', tags: ['@vip', 'formula'] });
    expect(lines.map((x) => x.id)).toEqual(created.map((x) => x.id));
  });

  it('streams every ticket across batches, once each, in order', async () => {
    const bulk = await createWorkspace(t.app, 'Bulk');
    const base = Date.parse('2026-01-01T00:00:00.000Z');
    await insertTickets(
      t,
      bulk.admin.workspaceId,
      Array.from({ length: 2150 }, (_, i) => ({ created: new Date(base + Math.floor(i / 3) * 1000).toISOString() })),
    );

    const lines = ndjson((await get('/tickets/export?order=asc', bulk.agent.key).expect(200)).body);
    expect(lines).toHaveLength(2150);
    expect(new Set(lines.map((x) => x.id)).size).toBe(2150);
    const created = lines.map((x) => x.created_at);
    expect([...created].sort()).toEqual(created);

    const csv = parseCsv((await get('/tickets/export?format=csv', bulk.agent.key).expect(200)).body);
    expect(csv).toHaveLength(2151);
    expect(new Set(csv.slice(1).map((row) => row[0]))).toEqual(new Set(lines.map((x) => x.id)));
  });

  it('refuses bad filters with the JSON error shape before streaming', async () => {
    for (const query of ['format=xml', 'status=nope', 'q=!!!', 'created_after=tomorrow', 'limit=10', 'cursor=abc']) {
      const res = await t.http.get(`/api/v1/tickets/export?${query}`).set(bearer(ws.agent.key));
      expect({ query, status: res.status, code: res.body.error?.code }).toEqual({ query, status: 400, code: 'validation_failed' });
    }
  });

  it('needs tickets:read (a viewer may export) and shows only the caller workspace', async () => {
    const viewer = ndjson((await get('/tickets/export', ws.viewer.key).expect(200)).body);
    expect(viewer.length).toBeGreaterThan(0);
    const theirs = ndjson((await get('/tickets/export', other.viewer.key).expect(200)).body);
    expect(theirs.map((x) => x.subject)).toEqual(['Their export']);
    expect((await t.http.get('/api/v1/tickets/export')).status).toBe(401);
  });
});
