import { createHash } from 'node:crypto';

// Kept pages go out as the same Buffer on every hit (never mutated): their tag is hashed once.
const bufferTags = new WeakMap<Buffer, string>();

/** A weak validator of a response body: equal bodies, equal tags, whatever produced them. */
export function weakEtag(body: string | Buffer): string {
  if (typeof body === 'string') return hashTag(body);
  let tag = bufferTags.get(body);
  if (tag === undefined) bufferTags.set(body, (tag = hashTag(body)));
  return tag;
}

function hashTag(body: string | Buffer): string {
  return `W/"${createHash('sha1').update(body).digest('base64url')}"`;
}

/**
 * Whether an `If-None-Match` header matches the tag (RFC 9110 §13.1.2: weak comparison, a list
 * of tags or `*`).
 */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => opaque(tag) === opaque(etag));
}
