/**
 * A webhook receiver: verifies each delivery's Standard Webhooks signature with the endpoint's
 * secret, ignores redeliveries of an event it already handled (webhook-id), hands the typed
 * event to your process, and answers 2xx fast (Relay retries anything else).
 *
 *   RELAY_WEBHOOK_SECRET=whsec_… PORT=4000 npx ts-node examples/webhook-receiver.ts
 */
import { createServer, Server } from 'node:http';
import { verifyWebhook, WebhookEvent } from '../packages/client/src';

export function startWebhookReceiver(secret: string, onEvent: (event: WebhookEvent) => void | Promise<void>): Server {
  const handled = new Set<string>();
  return createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      let event: WebhookEvent;
      try {
        event = verifyWebhook(secret, Buffer.concat(chunks), request.headers);
      } catch {
        response.writeHead(400).end('invalid signature');
        return;
      }
      if (!handled.has(event.id)) {
        handled.add(event.id);
        try {
          await onEvent(event);
        } catch {
          handled.delete(event.id);
          response.writeHead(500).end();
          return;
        }
      }
      response.writeHead(204).end();
    });
  });
}

if (require.main === module) {
  startWebhookReceiver(process.env.RELAY_WEBHOOK_SECRET!, (event) => {
    // The internal process: here, a log line per ticket opened.
    if (event.type === 'ticket.created') console.log(`new ticket #${event.data.number}: ${event.data.subject}`);
  }).listen(Number(process.env.PORT ?? 4000));
}
