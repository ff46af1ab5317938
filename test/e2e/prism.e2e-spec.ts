import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exportTickets } from '../../examples/bi-export';
import { syncCrm } from '../../examples/crm-sync';
import { submitForm } from '../../examples/web-form';
import { freePort } from '../helpers/processes';
import { startTestApp, TestApp } from '../helpers/test-app';

const ROOT = join(__dirname, '..', '..');

/**
 * The README's curl walk and the examples, sent through Prism's validating proxy with --errors,
 * as an API gateway validating against /openapi.json would: any request or response that
 * breaks the document comes back as Prism's own problem+json error instead of the server's answer.
 */
describe('Prism validating proxy', () => {
  let t: TestApp;
  let prism: ChildProcess;
  let proxy: string;
  let output = '';
  const dir = join(ROOT, 'test', '.tmp', `prism-${randomBytes(4).toString('hex')}`);

  beforeAll(async () => {
    t = await startTestApp({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' });
    await t.app.listen(0, '127.0.0.1');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'openapi.json'), (await t.http.get('/openapi.json').expect(200)).text);
    const port = await freePort();
    proxy = `http://127.0.0.1:${port}`;
    const cli = join(ROOT, 'node_modules', '@stoplight', 'prism-cli', 'dist', 'index.js');
    prism = spawn(
      process.execPath,
      [cli, 'proxy', join(dir, 'openapi.json'), await t.app.getUrl(), '--errors', '-h', '127.0.0.1', '-p', String(port)],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    prism.stdout!.on('data', (chunk) => (output += chunk));
    prism.stderr!.on('data', (chunk) => (output += chunk));
    const deadline = Date.now() + 45_000;
    for (;;) {
      if (prism.exitCode !== null) throw new Error(`prism exited:\n${output}`);
      if (/Prism is listening/.test(output)) break;
      if (Date.now() > deadline) throw new Error(`prism did not start:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }, 60_000);
  afterAll(async () => {
    prism?.kill();
    await rm(dir, { recursive: true, force: true });
    await t.close();
  });

  /** One call through the proxy; fails on any violation Prism reports. */
  const send = async (method: string, path: string, body?: object, headers: Record<string, string> = {}) => {
    const response = await fetch(proxy + path, {
      method,
      headers: { Authorization: `Bearer ${t.adminKey}`, ...(body ? { 'Content-Type': 'application/json' } : {}), ...headers },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    const where = `${method} ${path}`;
    expect({ where, violations: response.headers.get('sl-violations'), type: response.headers.get('content-type') }).toEqual({
      where,
      violations: null,
      type: expect.not.stringContaining('problem+json'),
    });
    return { status: response.status, text, json: () => JSON.parse(text) };
  };

  it("passes the README's curl walk without a request or response violation", async () => {
    expect((await send('GET', '/api/v1/users/me')).status).toBe(200);
    expect((await send('POST', '/api/v1/users', { email: 'ada@example.com', name: 'Ada', role: 'agent' })).status).toBe(201);
    expect((await send('POST', '/api/v1/api-keys', { name: 'BI export', scopes: ['tickets:read', 'analytics:read'] })).status).toBe(201);
    expect((await send('GET', '/api/v1/users?limit=2')).status).toBe(200);
    const ticket = await send(
      'POST',
      '/api/v1/tickets',
      { subject: 'Refund for order 1042', customer_email: 'sam@example.com', description: 'Charged twice', tags: ['billing'] },
      { 'Idempotency-Key': 'form-submission-8812' },
    );
    expect(ticket.status).toBe(201);
    const listed = await send('GET', '/api/v1/tickets?status=open,pending&tag=billing&q=refund');
    expect(listed.json().meta.total).toBe(1);
    const id = ticket.json().data.id;
    expect((await send('POST', `/api/v1/tickets/${id}/conversations`, { type: 'reply', body: 'Refunded, sorry about that.' })).status).toBe(
      201,
    );
    expect((await send('GET', '/api/v1/tickets/export?format=csv&status=resolved')).status).toBe(200);
    expect(
      (await send('POST', '/api/v1/webhooks', { url: 'http://127.0.0.1:9/relay', events: ['ticket.created', 'ticket.status_changed'] }))
        .status,
    ).toBe(201);
    // The walk's last call is invalid on purpose; a validating gateway refuses it itself.
  });

  it('passes the examples without a violation (any would surface as an error they throw)', async () => {
    const api = { baseUrl: proxy, apiKey: t.adminKey };
    const synced = await syncCrm({
      ...api,
      contacts: [{ external_id: 'crm-prism', email: 'prism@example.com', name: 'Prism' }],
      statePath: join(dir, 'crm.json'),
    });
    expect(synced.changes.map((c) => c.type)).toContain('customer.created');
    const ticket = await submitForm(api, {
      submissionId: 'prism-1',
      email: 'prism@example.com',
      subject: 'Through the gateway',
      message: 'Hello',
    });
    expect(ticket.id).toMatch(/^tkt_/);
    expect(await exportTickets({ ...api, outPath: join(dir, 'out.ndjson'), cursorPath: join(dir, 'cursor.txt') })).toBeGreaterThan(0);
  });
});
