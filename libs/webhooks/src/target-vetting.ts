import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Hostname → every address it resolves to. Injected so the delivery-time check is testable offline. */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = (hostname) => lookup(hostname, { all: true, verbatim: true });

export const TARGET_RESOLVER = Symbol('TARGET_RESOLVER');

/** The URL may not be called: it is malformed, does not resolve, or points inside the network. */
export class UnsafeTargetError extends Error {}

/** A target that passed the check, with the address the connection must use (no second lookup). */
export interface VettedTarget {
  url: URL;
  address: string;
  family: 4 | 6;
}

/**
 * Only globally routable unicast is public. Loopback, private, link-local (which holds the
 * cloud metadata service 169.254.169.254), unique-local (fd00:ec2::254), CGNAT (Alibaba's
 * 100.100.100.200), multicast, unspecified and reserved ranges are refused; IPv4-mapped IPv6
 * is judged as the IPv4 address it carries.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let ip = ipaddr.parse(address);
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
  return ip.range() === 'unicast';
}

/**
 * Resolves the URL's host and refuses it unless every address is public (or private targets
 * are allowed). Run at creation and again before each send, against DNS rebinding: the send
 * then connects to the returned address only.
 */
export async function vetTarget(rawUrl: string, options: { allowPrivate: boolean; resolve: Resolver }): Promise<VettedTarget> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new UnsafeTargetError('is not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UnsafeTargetError('must be an http(s) URL');
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: ResolvedAddress[];
  if (isIP(host)) {
    addresses = [{ address: host, family: isIP(host) }];
  } else {
    try {
      addresses = await options.resolve(host);
    } catch {
      addresses = [];
    }
    if (addresses.length === 0) throw new UnsafeTargetError(`host ${host} does not resolve`);
  }
  if (!options.allowPrivate) {
    const refused = addresses.find((a) => !isPublicAddress(a.address));
    if (refused) {
      throw new UnsafeTargetError(`must not point to a loopback, private, link-local or metadata address (${host} is ${refused.address})`);
    }
  }
  const [first] = addresses;
  return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
}
