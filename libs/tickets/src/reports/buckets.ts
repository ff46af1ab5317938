export const INTERVALS = ['day', 'week'] as const;
export type Interval = (typeof INTERVALS)[number];

const DAY_MS = 86_400_000;
/** 1970-01-05, the first Monday after the epoch: ISO weeks are aligned to it. */
const MONDAY_MS = 4 * DAY_MS;

export const BUCKET_MS: Record<Interval, number> = { day: DAY_MS, week: 7 * DAY_MS };
export const BUCKET_ORIGIN_MS: Record<Interval, number> = { day: 0, week: MONDAY_MS };

/** The start (00:00 UTC; Monday for weeks) of the bucket holding `ms`. */
export function bucketStart(ms: number, interval: Interval): number {
  const size = BUCKET_MS[interval];
  const origin = BUCKET_ORIGIN_MS[interval];
  return Math.floor((ms - origin) / size) * size + origin;
}

/** Every bucket start that overlaps [from, to): the zero-filled axis of a volume chart. */
export function bucketStarts(from: number, to: number, interval: Interval): number[] {
  const starts: number[] = [];
  for (let start = bucketStart(from, interval); start < to; start += BUCKET_MS[interval]) starts.push(start);
  return starts;
}

/**
 * SQL for the bucket start of an epoch-ms column. Integer division truncates toward zero, which
 * is the floor for every instant after the origin; tickets are never older than 1970.
 */
export function bucketSql(column: string, interval: Interval): string {
  const size = BUCKET_MS[interval];
  const origin = BUCKET_ORIGIN_MS[interval];
  return origin ? `((((${column}) - ${origin}) / ${size}) * ${size} + ${origin})` : `(((${column}) / ${size}) * ${size})`;
}
