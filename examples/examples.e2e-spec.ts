import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { WebhookEvent } from '../packages/client/src';
import { freePort } from '../test/helpers/processes';
import { bearer, startTestApp, TestApp } from '../test/helpers/test-app';
import { exportTickets } from './bi-export';
import { syncCrm } from './crm-sync';
import { startWebhookReceiver } from './webhook-receiver';
import { submitForm } from './web-form';

// Each example run as an integrator would, against the real server, asserting its outcome.
describe('examples/', () => {
  let t: TestApp;
  let api: { baseUrl: string; apiKey: string };
  const dir = join(__dirname, '..', 'test', '.tmp', `examples-${randomBytes(4).toString('hex')}`);

  beforeAll(async () => {
    t = await startTestApp({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' });
    await t.app.listen(0, '127.0.0.1');
    api = { baseUrl: await t.app.getUrl(), apiKey: t.adminKey };
    await mkdir(dir, { recursive: true });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await t.close();
  });

  it('crm-sync upserts by external id and catches up on customer changes since its last run', async () => {
    const statePath = join(dir, 'crm-state.json');
    const contacts = [
      { external_id: 'crm-1', email: 'one@example.com', name: 'One' },
      { external_id: 'crm-2', email: 'two@example.com', name: 'Two' },
    ];
    const first = await syncCrm({ ...api, contacts, statePath });
    expect(first.upserted).toBe(2);
    expect(first.changes.map((c) => [c.type, c.data.external_id])).toEqual([
      ['customer.created', 'crm-1'],
      ['customer.created', 'crm-2'],
    ]);

    // While the sync is down, an agent edits a customer in Relay.
    await t.http.patch(`/api/v1/customers/${first.changes[0].data.id}`).set(bearer(t.adminKey)).send({ phone: '+1 555 0100' }).expect(200);
    const second = await syncCrm({ ...api, contacts: [{ external_id: 'crm-2', email: 'two@example.com', name: 'Two' }], statePath });
    expect(second.changes.map((c) => [c.type, c.data.external_id, c.data.phone])).toEqual([['customer.updated', 'crm-1', '+1 555 0100']]);
    const customers = await t.http.get('/api/v1/customers?external_id=crm-2').set(bearer(t.adminKey)).expect(200);
    expect(customers.body.meta.total).toBe(1);
  });

  it('web-form opens one ticket per submission, however often it is sent', async () => {
    const form = { submissionId: 'sub-8812', email: 'form@example.com', subject: 'Form refund', message: 'Charged twice' };
    const first = await submitForm(api, form);
    const again = await submitForm(api, form);
    expect(again).toEqual(first);
    const listed = await t.http.get('/api/v1/tickets?customer_email=form@example.com').set(bearer(t.adminKey)).expect(200);
    expect(listed.body.data.map((ticket: { id: string; channel: string }) => [ticket.id, ticket.channel])).toEqual([[first.id, 'web']]);
  });

  it('bi-export appends what changed since its cursor', async () => {
    const outPath = join(dir, 'tickets.ndjson');
    const cursorPath = join(dir, 'cursor.txt');
    const all = (await t.http.get('/api/v1/tickets').set(bearer(t.adminKey)).expect(200)).body.meta.total;
    expect(await exportTickets({ ...api, outPath, cursorPath })).toBe(all);
    expect(await exportTickets({ ...api, outPath, cursorPath })).toBe(0);

    const ticket = (
      await t.http
        .post('/api/v1/tickets')
        .set(bearer(t.adminKey))
        .send({ subject: 'Exported later', customer_email: 'bi@example.com' })
        .expect(201)
    ).body.data;
    expect(await exportTickets({ ...api, outPath, cursorPath })).toBe(1);
    const lines = (await readFile(outPath, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(all + 1);
    expect(lines[lines.length - 1]).toMatchObject({ id: ticket.id, subject: 'Exported later' });
  });

  it('webhook-receiver verifies signatures and hands typed events to the internal process', async () => {
    const received: WebhookEvent[] = [];
    const url = `http://127.0.0.1:${await freePort()}/hooks`;
    const hook = (
      await t.http
        .post('/api/v1/webhooks')
        .set(bearer(t.adminKey))
        .send({ url, events: ['ticket.created'] })
        .expect(201)
    ).body.data;
    const real = startWebhookReceiver(hook.secret, (event) => void received.push(event));
    await new Promise<void>((resolve) => real.listen(Number(new URL(url).port), '127.0.0.1', resolve));
    try {
      await t.http
        .post('/api/v1/tickets')
        .set(bearer(t.adminKey))
        .send({ subject: 'Hook me', customer_email: 'hook@example.com' })
        .expect(201);
      for (let i = 0; i < 100 && received.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(received.map((event) => [event.type, event.type === 'ticket.created' ? event.data.subject : null])).toEqual([
        ['ticket.created', 'Hook me'],
      ]);

      const forged = await fetch(url, {
        method: 'POST',
        headers: { 'webhook-id': 'evt_forged', 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': 'v1,AAAA' },
        body: JSON.stringify({ type: 'ticket.created' }),
      });
      expect(forged.status).toBe(400);
      expect(received).toHaveLength(1);
    } finally {
      await new Promise((resolve) => real.close(resolve));
    }
  });
});
