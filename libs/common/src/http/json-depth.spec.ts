import { exceedsDepth } from './json-depth';

describe('exceedsDepth', () => {
  const nest = (levels: number): unknown => (levels === 0 ? 1 : [nest(levels - 1)]);

  it('accepts bodies up to the limit and refuses deeper ones', () => {
    expect(exceedsDepth({ a: { b: [1, 2] } }, 3)).toBe(false);
    expect(exceedsDepth({ a: { b: [[1]] } }, 3)).toBe(true);
    expect(exceedsDepth(nest(32))).toBe(false);
    expect(exceedsDepth(nest(33))).toBe(true);
  });

  it('handles pathological depth without recursion', () => {
    expect(exceedsDepth(JSON.parse('['.repeat(100_000) + ']'.repeat(100_000)))).toBe(true);
  });
});
