/**
 * Percentiles the way PostgreSQL's `percentile_cont` computes them, from a few ranked values
 * picked in SQL (so tickets never load into memory). Percentiles are whole percents, which keeps
 * rank arithmetic in integers on both engines: for n sorted values the position (0-based) is
 * (n - 1) * percent / 100; the result interpolates linearly between the two ranks around it.
 */
export interface RankedValue {
  /** 1-based rank in ascending order. */
  rank: number;
  value: number;
}

/** The 1-based ranks `percentile` needs out of `n` values (one or two). */
export function percentileRanks(percent: number, n: number): number[] {
  const scaled = (n - 1) * percent;
  const lower = Math.floor(scaled / 100) + 1;
  return scaled % 100 === 0 ? [lower] : [lower, lower + 1];
}

/** SQL for the same ranks, given expressions for the row's rank and the group's count. */
export function percentileRankSql(percent: number, rank: string, count: string): string {
  const lower = `(1 + ((${count} - 1) * ${percent}) / 100)`;
  return `(${rank} = ${lower} OR ${rank} = ${lower} + 1)`;
}

/** Interpolates the percentile from the ranked values returned by percentileRankSql; null when n = 0. */
export function percentileCont(percent: number, n: number, values: RankedValue[]): number | null {
  if (n === 0) return null;
  const byRank = new Map(values.map((v) => [Number(v.rank), Number(v.value)]));
  const [lower, upper] = percentileRanks(percent, n);
  const low = byRank.get(lower);
  if (low === undefined) throw new Error(`rank ${lower} of ${n} was not selected`);
  if (upper === undefined) return low;
  const high = byRank.get(upper);
  if (high === undefined) throw new Error(`rank ${upper} of ${n} was not selected`);
  // Multiply before dividing so integer inputs give exact results where they can.
  return low + ((high - low) * (((n - 1) * percent) % 100)) / 100;
}
