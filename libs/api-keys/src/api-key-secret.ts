import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export const KEY_PREFIX = 'rly_';
const PREFIX_SHOWN = 12;

/**
 * Secrets are 43 base62 characters (≈256 bits) behind a recognisable `rly_` prefix, so a
 * leaked key is easy to spot by secret scanners. At that entropy a fast hash is enough: there
 * is nothing to brute-force, so SHA-256 (not bcrypt) keeps authentication cheap per request.
 */
export function generateSecret(): string {
  const bytes = randomBytes(48);
  let out = '';
  for (const byte of bytes) {
    if (byte < 248) out += ALPHABET[byte % 62];
    if (out.length === 43) break;
  }
  return KEY_PREFIX + out.padEnd(43, '0');
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function displayPrefix(secret: string): string {
  return secret.slice(0, PREFIX_SHOWN);
}

export function hashesMatch(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
