import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { loadConfig } from '@relay/common';
import { SYSTEM_ACTOR } from '@relay/events';
import type { EventResponse } from '@relay/events';
import { Resolver } from '../target-vetting';
import { generateWebhookSecret } from '../webhook-secret';
import { DeliverySender } from './delivery-sender';
import { sendSigned } from './webhook-target';

// The delivery-time SSRF check with an injected resolver: DNS is re-checked on every send, and
// the connection goes to the vetted address (the receiver here is a real server on loopback).
describe('DeliverySender', () => {
  let server: Server;
  let port: number;
  let received: { headers: IncomingHttpHeaders; body: string }[];
  let status: number;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.writeHead(status, status === 302 ? { location: 'http://127.0.0.1:1/' } : {}).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  beforeEach(() => {
    received = [];
    status = 200;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const payload: EventResponse = {
    id: 'evt_test',
    type: 'ping',
    created_at: '2026-01-01T00:00:00.000Z',
    workspace_id: 'wsp_1',
    actor: SYSTEM_ACTOR,
    data: {},
  };
  const sender = (allowPrivate: boolean, resolve: Resolver) =>
    new DeliverySender(loadConfig({ WEBHOOK_ALLOW_PRIVATE_TARGETS: String(allowPrivate) }), resolve);
  const resolvesTo =
    (address: string): Resolver =>
    async () => [{ address, family: 4 }];

  it('refuses at send time a host that now resolves to a private address, without connecting', async () => {
    const outcome = await sendSigned(
      sender(false, resolvesTo('127.0.0.1')),
      { url: `http://hooks.example.com:${port}/in`, secret: generateWebhookSecret() },
      payload,
    );
    expect(outcome).toEqual({ ok: false, status: null, error: expect.stringMatching(/^target refused: .*127\.0\.0\.1/) });
    expect(received).toHaveLength(0);
  });

  it('connects to the vetted address, keeping the Host header and a valid signature', async () => {
    const secret = generateWebhookSecret();
    const outcome = await sendSigned(
      sender(true, resolvesTo('127.0.0.1')),
      { url: `http://hooks.example.com:${port}/in`, secret },
      payload,
    );
    expect(outcome).toEqual({ ok: true, status: 200, error: null });
    expect(received[0].headers.host).toBe(`hooks.example.com:${port}`);
    expect(received[0].headers['webhook-id']).toBe('evt_test');
    expect(new Webhook(secret).verify(received[0].body, received[0].headers as Record<string, string>)).toEqual(payload);
  });

  it('does not follow redirects: a 3xx is a failed attempt', async () => {
    status = 302;
    const outcome = await sendSigned(
      sender(true, resolvesTo('127.0.0.1')),
      { url: `http://127.0.0.1:${port}/in`, secret: generateWebhookSecret() },
      payload,
    );
    expect(outcome).toEqual({ ok: false, status: 302, error: 'receiver answered HTTP 302' });
    expect(received).toHaveLength(1);
  });
});
