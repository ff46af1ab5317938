import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/** A Standard Webhooks secret: `whsec_` + base64 of 32 random bytes (what `new Webhook(secret)` expects). */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

export interface SigningKeys {
  secret: string;
  previousSecret?: string | null;
  previousSecretExpiresAt?: Date | null;
}

/**
 * The `webhook-signature` header: `v1,<sig>` with the current secret and, until it expires, a
 * second `v1,<sig>` with the one it replaced, space-separated as Standard Webhooks specifies, so
 * a receiver still holding the old secret keeps verifying while it deploys the new one.
 */
export function signDelivery(keys: SigningKeys, messageId: string, sentAt: Date, body: string): string {
  const secrets = [keys.secret];
  if (keys.previousSecret && keys.previousSecretExpiresAt && keys.previousSecretExpiresAt > sentAt) secrets.push(keys.previousSecret);
  return secrets.map((secret) => new Webhook(secret).sign(messageId, sentAt, body)).join(' ');
}
