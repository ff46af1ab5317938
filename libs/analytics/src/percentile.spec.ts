import fc from 'fast-check';
import { percentileCont, percentileRanks } from './percentile';

/** percentile_cont on a whole sorted array, as PostgreSQL documents it. */
function reference(percent: number, sorted: number[]): number {
  const position = ((sorted.length - 1) * percent) / 100;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
}

describe('percentileCont', () => {
  it('is null without values', () => {
    expect(percentileCont(50, [])).toBeNull();
  });

  it('takes the middle value of an odd count and interpolates an even one', () => {
    expect(percentileCont(50, [10, 20, 40])).toBe(20);
    expect(percentileCont(50, [10, 20, 40, 80])).toBe(30);
  });

  it('interpolates p90 between ranks like percentile_cont', () => {
    // n = 5: position (5 - 1) * 0.9 = 3.6 → 40 + 0.6 * (100 - 40).
    expect(percentileCont(90, [10, 20, 30, 40, 100])).toBe(76);
    // n = 11: position 9 exactly, one rank.
    expect(percentileRanks(90, 11)).toEqual([10]);
  });

  it('is the value itself for a single value', () => {
    expect(percentileRanks(90, 1)).toEqual([1]);
    expect(percentileCont(90, [7])).toBe(7);
  });

  it('is exact where floating-point interpolation is not', () => {
    // p90 of four values is at position 2.7; a fractional 0.7 computed in floating point gives
    // 120000 + 180000 × 0.7000000000000002 = 246000.00000000003.
    expect(percentileCont(90, [60_000, 90_000, 120_000, 300_000])).toBe(246_000);
  });

  it('matches the reference on any data', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 60 }),
        fc.constantFrom(50, 90, 95, 99),
        (values, percent) => {
          const sorted = Float64Array.from(values).sort();
          expect(percentileCont(percent, sorted)).toBeCloseTo(reference(percent, [...sorted]), 6);
        },
      ),
    );
  });
});
