import fc from 'fast-check';
import { DISABLE_AFTER_MS, retryDelayMs, shouldDisable } from './backoff';

describe('retryDelayMs', () => {
  const schedule = [5, 300, 1800];

  it('follows the schedule: N delays mean N + 1 attempts', () => {
    const middle = () => 0.5;
    expect(retryDelayMs(1, schedule, middle)).toBe(5000);
    expect(retryDelayMs(2, schedule, middle)).toBe(300_000);
    expect(retryDelayMs(3, schedule, middle)).toBe(1_800_000);
    expect(retryDelayMs(4, schedule, middle)).toBeNull();
    expect(retryDelayMs(0, schedule, middle)).toBeNull();
  });

  it('jitters within ±20 % of the nominal delay', () => {
    expect(retryDelayMs(1, schedule, () => 0)).toBe(4000);
    expect(retryDelayMs(1, schedule, () => 0.999999)).toBe(6000);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, r) => {
        const delay = retryDelayMs(attempt, schedule, () => r)!;
        const nominal = schedule[attempt - 1] * 1000;
        return delay >= nominal * 0.8 - 1 && delay <= nominal * 1.2 + 1;
      }),
    );
  });

  it('never schedules in the past', () => {
    expect(retryDelayMs(1, [0], () => 0)).toBe(0);
  });
});

describe('shouldDisable', () => {
  const now = new Date('2026-01-10T00:00:00.000Z');
  it('disables only after five days of uninterrupted failure', () => {
    expect(shouldDisable(null, now)).toBe(false);
    expect(shouldDisable(new Date(now.getTime() - DISABLE_AFTER_MS + 1), now)).toBe(false);
    expect(shouldDisable(new Date(now.getTime() - DISABLE_AFTER_MS), now)).toBe(true);
  });
});
