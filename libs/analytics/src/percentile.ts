/**
 * Percentiles the way PostgreSQL's `percentile_cont` computes them, over values sorted in
 * memory. Percentiles are whole percents, which keeps rank arithmetic in integers: for n sorted
 * values the position (0-based) is (n - 1) * percent / 100; the result interpolates linearly
 * between the two ranks around it.
 */

/** The 1-based ranks `percentile` needs out of `n` values (one or two). */
export function percentileRanks(percent: number, n: number): number[] {
  const scaled = (n - 1) * percent;
  const lower = Math.floor(scaled / 100) + 1;
  return scaled % 100 === 0 ? [lower] : [lower, lower + 1];
}

/** The percentile of ascending `sorted` values; null when there are none. */
export function percentileCont(percent: number, sorted: ArrayLike<number>): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const [lower, upper] = percentileRanks(percent, n);
  const low = sorted[lower - 1];
  if (upper === undefined) return low;
  const high = sorted[upper - 1];
  // Multiply before dividing so integer inputs give exact results where they can.
  return low + ((high - low) * (((n - 1) * percent) % 100)) / 100;
}
