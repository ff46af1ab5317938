import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZabcdefghijkmnopqrstuvwxyz';

/**
 * Opaque ids with a type prefix (`tkt_…`, `cus_…`), as Stripe does, so a misplaced id is
 * recognisable in logs and support tickets. 20 random characters ≈ 117 bits.
 */
export function newId(prefix: string): string {
  const bytes = randomBytes(20);
  let out = '';
  for (const byte of bytes) out += ALPHABET[byte % ALPHABET.length];
  return `${prefix}_${out}`;
}
