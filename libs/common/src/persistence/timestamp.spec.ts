import fc from 'fast-check';
import { iso, isoMs } from './timestamp';

describe('isoMs', () => {
  it('writes exactly what Date#toISOString writes, for any instant', () => {
    fc.assert(
      fc.property(
        // Mostly the years it formats itself; the rest of Date's range goes to toISOString.
        fc.oneof(
          { arbitrary: fc.integer({ min: 0, max: 253_402_300_800_000 }), weight: 9 },
          { arbitrary: fc.integer({ min: -8_640_000_000_000_000, max: 8_640_000_000_000_000 }), weight: 1 },
        ),
        (ms) => {
          expect(isoMs(ms)).toBe(new Date(ms).toISOString());
        },
      ),
      { numRuns: 20_000, seed: 6 },
    );
  });

  it('is right at the edges of days, years and its own range', () => {
    for (const ms of [
      0, 1, 999, 86_399_999, 86_400_000, 951_782_400_000, 1_767_225_599_999, 253_402_300_799_999, 253_402_300_800_000, -1,
    ]) {
      expect(isoMs(ms)).toBe(new Date(ms).toISOString());
    }
    expect(iso(new Date(1_764_147_600_123))).toBe('2025-11-26T09:00:00.123Z');
    expect(iso(null)).toBeNull();
  });
});
