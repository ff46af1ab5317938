import { ApiError, conflict, ErrorCode } from '@relay/common';

/** Keys a user may hold at once (neither revoked nor expired), contract §3. */
export const MAX_ACTIVE_KEYS_PER_USER = 100;
/**
 * Keys a user may create in any rolling hour, revoked ones included. Each new key brings a fresh
 * rate-limit budget, so minting must be bounded, or a chain of keys (each minting the next)
 * would multiply the per-key limit without end.
 */
export const KEYS_CREATED_PER_HOUR = 30;
export const KEY_CREATION_WINDOW_MS = 60 * 60 * 1000;

export interface KeyFacts {
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

/** Refuses one more key for a user who holds `keys`: 409 at the active cap, else 429 past the hourly cap. */
export function assertKeyQuota(keys: readonly KeyFacts[], now: number): void {
  const active = keys.filter((k) => k.revokedAt === null && (k.expiresAt === null || k.expiresAt.getTime() > now)).length;
  if (active >= MAX_ACTIVE_KEYS_PER_USER) {
    throw conflict(`this user already holds ${MAX_ACTIVE_KEYS_PER_USER} active API keys; revoke one first`, [
      { field: 'api_keys', message: `at most ${MAX_ACTIVE_KEYS_PER_USER} active keys per user` },
    ]);
  }
  const recent = keys
    .map((k) => k.createdAt.getTime())
    .filter((at) => at > now - KEY_CREATION_WINDOW_MS)
    .sort((a, b) => a - b);
  if (recent.length >= KEYS_CREATED_PER_HOUR) {
    // The window frees a slot when the oldest creation that fills it turns an hour old.
    const freesAt = recent[recent.length - KEYS_CREATED_PER_HOUR] + KEY_CREATION_WINDOW_MS;
    const retryAfter = String(Math.max(1, Math.ceil((freesAt - now) / 1000)));
    throw new ApiError(
      ErrorCode.RateLimited,
      `this user created ${KEYS_CREATED_PER_HOUR} API keys in the last hour; retry after ${retryAfter}s`,
      [{ field: 'api_keys', message: `at most ${KEYS_CREATED_PER_HOUR} new keys per user per hour` }],
      { 'Retry-After': retryAfter },
    );
  }
}
