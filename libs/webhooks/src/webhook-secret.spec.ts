import { Webhook } from 'standardwebhooks';
import { generateWebhookSecret, signDelivery } from './webhook-secret';

describe('signDelivery', () => {
  const body = JSON.stringify({ id: 'evt_1', type: 'ping' });
  const sentAt = new Date();
  const headers = (signature: string) => ({
    'webhook-id': 'evt_1',
    'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
    'webhook-signature': signature,
  });
  const current = generateWebhookSecret();
  const previous = generateWebhookSecret();

  it('signs with the previous secret too until it expires, so either verifies', () => {
    const signature = signDelivery(
      { secret: current, previousSecret: previous, previousSecretExpiresAt: new Date(sentAt.getTime() + 1000) },
      'evt_1',
      sentAt,
      body,
    );
    expect(signature.split(' ')).toEqual([expect.stringMatching(/^v1,/), expect.stringMatching(/^v1,/)]);
    expect(new Webhook(current).verify(body, headers(signature))).toEqual({ id: 'evt_1', type: 'ping' });
    expect(new Webhook(previous).verify(body, headers(signature))).toEqual({ id: 'evt_1', type: 'ping' });
  });

  it('signs with the current secret alone once the previous one has expired', () => {
    const signature = signDelivery({ secret: current, previousSecret: previous, previousSecretExpiresAt: sentAt }, 'evt_1', sentAt, body);
    expect(signature.split(' ')).toHaveLength(1);
    expect(() => new Webhook(previous).verify(body, headers(signature))).toThrow();
    expect(new Webhook(current).verify(body, headers(signature))).toEqual({ id: 'evt_1', type: 'ping' });
  });
});
