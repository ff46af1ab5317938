import { createHash, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'relay_session';

const COOKIE_PATTERN = /(?:^|;\s*)relay_session=([A-Za-z0-9_-]{20,200})(?:;|\s*$)/;

/** The session token in a Cookie header, or null. */
export function readSessionCookie(header: string): string | null {
  return COOKIE_PATTERN.exec(header)?.[1] ?? null;
}

/**
 * The CSRF token belongs to the session token: derived from it, so it needs no storage, and a
 * page of another site (which cannot read the HttpOnly cookie) cannot compute it.
 */
export function csrfTokenFor(sessionToken: string): string {
  return createHash('sha256').update(`relay-csrf:${sessionToken}`).digest('base64url');
}

export function csrfTokenMatches(sessionToken: string, presented: string | undefined): boolean {
  if (typeof presented !== 'string') return false;
  const expected = Buffer.from(csrfTokenFor(sessionToken));
  const given = Buffer.from(presented);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Methods that change nothing: a cookie alone may authenticate them. */
export const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);
