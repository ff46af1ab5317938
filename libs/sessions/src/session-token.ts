import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, URL- and cookie-safe: nothing to brute-force, so a fast hash is enough to store it. */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
