import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import type { components } from './schema';

export type WebhookEvent = components['schemas']['WebhookEvent'];
export { WebhookVerificationError };

/**
 * Verifies a delivery per Standard Webhooks and returns its event, typed by `type`: any of the
 * `v1,` signatures made with your secret (during a rotation's overlap there are two), a
 * `webhook-timestamp` within 5 minutes of now (older deliveries are refused as replays).
 * Pass the raw body exactly as received. Throws WebhookVerificationError otherwise.
 */
export function verifyWebhook(
  secret: string,
  rawBody: string | Buffer,
  headers: Record<string, string | string[] | undefined>,
): WebhookEvent {
  const pick = (name: string) => {
    const value = headers[name] ?? headers[name.toLowerCase()];
    return Array.isArray(value) ? value[0] : (value ?? '');
  };
  return new Webhook(secret).verify(rawBody.toString(), {
    'webhook-id': pick('webhook-id'),
    'webhook-timestamp': pick('webhook-timestamp'),
    'webhook-signature': pick('webhook-signature'),
  }) as WebhookEvent;
}
