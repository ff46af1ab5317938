import { isIP } from 'node:net';

/** What Fastify's `trustProxy` takes: off, every hop, the last N hops, or these addresses/CIDRs. */
export type TrustProxy = boolean | number | string[];

// proxy-addr's names for whole ranges.
const RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * TRUST_PROXY as Fastify takes it: `false` (the default), `true`, a number of hops, or a comma
 * list of addresses, CIDRs and range names. Null when the text is none of these.
 */
export function parseTrustProxy(text: string): TrustProxy | null {
  const value = text.trim();
  if (value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value) <= 64 ? Number(value) : null;
  const entries = value.split(',').map((entry) => entry.trim());
  return entries.every(isTrustedEntry) ? entries : null;
}

function isTrustedEntry(entry: string): boolean {
  if (RANGE_NAMES.has(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (!family || rest.length) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}
