import { ApiError } from '@relay/common';
import { assertKeyQuota, KEYS_CREATED_PER_HOUR, KeyFacts, MAX_ACTIVE_KEYS_PER_USER } from './api-key-quota';

const NOW = Date.UTC(2026, 0, 1, 12);
const HOUR = 3_600_000;
const key = (createdAgo: number, extra: Partial<KeyFacts> = {}): KeyFacts => ({
  createdAt: new Date(NOW - createdAgo),
  expiresAt: null,
  revokedAt: null,
  ...extra,
});
const outcome = (keys: KeyFacts[]) => {
  try {
    assertKeyQuota(keys, NOW);
    return 'ok';
  } catch (error) {
    const e = error as ApiError;
    return `${e.status}${e.headers['Retry-After'] ? ` ${e.headers['Retry-After']}` : ''}`;
  }
};

describe('assertKeyQuota', () => {
  it('refuses the key past the active cap with 409, not counting revoked or expired keys', () => {
    const old = Array.from({ length: MAX_ACTIVE_KEYS_PER_USER - 1 }, () => key(2 * HOUR));
    expect(outcome(old)).toBe('ok');
    expect(outcome([...old, key(2 * HOUR)])).toBe('409');
    expect(outcome([...old, key(2 * HOUR, { revokedAt: new Date(NOW - HOUR) })])).toBe('ok');
    expect(outcome([...old, key(2 * HOUR, { expiresAt: new Date(NOW) })])).toBe('ok');
  });

  it('refuses the key past the hourly cap with 429 and the seconds until a slot frees', () => {
    const recent = Array.from({ length: KEYS_CREATED_PER_HOUR - 1 }, (_, i) => key(10 * 60_000 - i, { revokedAt: new Date(NOW) }));
    expect(outcome(recent)).toBe('ok');
    // Revoked keys still count: revoking cannot reset the window.
    expect(outcome([...recent, key(50 * 60_000, { revokedAt: new Date(NOW) })])).toBe(`429 ${10 * 60}`);
    expect(outcome([...recent, key(HOUR)])).toBe('ok');
  });
});
