import { createServer, IncomingHttpHeaders } from 'node:http';
import { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
  /** The status this receiver answered with. */
  answered: number;
  /** When the request arrived (ms since the epoch). */
  at: number;
}

/** A full answer: what Slack sends back is a status, a short body (`ok`, `invalid_payload`, `no_service`) and headers (`Retry-After`). */
export interface ReceiverAnswer {
  status: number;
  body?: string;
  headers?: Record<string, string>;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** Resolves once `count` requests have arrived (and been answered). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedWebhook[]>;
  close(): Promise<void>;
}

/**
 * A real HTTP receiver on 127.0.0.1:<random port>. `respond(n)` picks the answer to the n-th
 * request (1-based), so a test can fail a few attempts and then accept; answering as Slack's
 * incoming webhooks do (`ok`, `429` + `Retry-After`, `400 invalid_payload`, `404 no_service`)
 * makes it a stand-in for Slack. A promised answer holds the request open until it settles
 * (the request counts as received once answered).
 */
export async function startReceiver(
  respond: (n: number) => number | ReceiverAnswer | Promise<number | ReceiverAnswer> = () => 200,
  port = 0,
): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const waiters: (() => void)[] = [];
  // Requests whose answer is still awaited (a promised answer), so `n` counts them too.
  let pending = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const at = Date.now();
      void Promise.resolve(respond(received.length + pending++ + 1)).then((answer) => {
        pending--;
        const { status, body = 'ok', headers = {} } = typeof answer === 'number' ? { status: answer } : answer;
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), answered: status, at });
        res.writeHead(status, { 'content-type': 'text/plain', ...headers }).end(body);
        waiters.splice(0).forEach((wake) => wake());
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${bound}/hooks`,
    received,
    waitFor: (count, timeoutMs = 15_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`expected ${count} webhook(s), got ${received.length}`)), timeoutMs);
        const check = () => {
          if (received.length >= count) {
            clearTimeout(timer);
            resolve(received.slice(0, count));
          } else waiters.push(check);
        };
        check();
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The three Standard Webhooks headers of a received request, as `Webhook.verify` wants them. */
export function signatureHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  return {
    'webhook-id': String(headers['webhook-id']),
    'webhook-timestamp': String(headers['webhook-timestamp']),
    'webhook-signature': String(headers['webhook-signature']),
  };
}
