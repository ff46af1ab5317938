import fc from 'fast-check';
import { percentileCont, percentileRanks } from './percentile';

/** percentile_cont on a whole sorted array, as PostgreSQL documents it. */
function reference(percent: number, sorted: number[]): number {
  const position = ((sorted.length - 1) * percent) / 100;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
}

/** What the SQL hands over: only the rows at the ranks the percentile needs. */
function pick(percent: number, sorted: number[]) {
  return percentileRanks(percent, sorted.length).map((rank) => ({ rank, value: sorted[rank - 1] }));
}

describe('percentileCont', () => {
  it('is null without values', () => {
    expect(percentileCont(50, 0, [])).toBeNull();
  });

  it('takes the middle value of an odd count and interpolates an even one', () => {
    expect(percentileCont(50, 3, pick(50, [10, 20, 40]))).toBe(20);
    expect(percentileCont(50, 4, pick(50, [10, 20, 40, 80]))).toBe(30);
  });

  it('interpolates p90 between ranks like percentile_cont', () => {
    // n = 5: position (5 - 1) * 0.9 = 3.6 → 40 + 0.6 * (100 - 40).
    expect(percentileCont(90, 5, pick(90, [10, 20, 30, 40, 100]))).toBe(76);
    // n = 11: position 9 exactly, one rank.
    expect(percentileRanks(90, 11)).toEqual([10]);
  });

  it('needs one rank for a single value', () => {
    expect(percentileRanks(90, 1)).toEqual([1]);
    expect(percentileCont(90, 1, [{ rank: 1, value: 7 }])).toBe(7);
  });

  it('matches the reference on any data', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 60 }), fc.constantFrom(50, 90, 95, 99), (values, percent) => {
        const sorted = [...values].sort((a, b) => a - b);
        expect(percentileCont(percent, sorted.length, pick(percent, sorted))).toBeCloseTo(reference(percent, sorted), 6);
      }),
    );
  });

  it('says which rank is missing rather than guessing', () => {
    expect(() => percentileCont(50, 4, [{ rank: 2, value: 1 }])).toThrow(/rank 3 of 4/);
  });
});
