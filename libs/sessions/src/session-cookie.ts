import { SESSION_COOKIE } from '@relay/auth';

/**
 * `relay_session`: HttpOnly (scripts cannot read it), SameSite=Strict (another site's page
 * never sends it), Secure when the request came over HTTPS.
 */
export function sessionCookie(token: string, maxAgeMs: number, secure: boolean): string {
  return `${SESSION_COOKIE}=${token}; Path=/; Max-Age=${Math.floor(maxAgeMs / 1000)}; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

/** Tells the browser to drop the cookie (sign out). */
export function clearedSessionCookie(secure: boolean): string {
  return sessionCookie('', 0, secure);
}
