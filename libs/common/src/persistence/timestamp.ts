import { ValueTransformer } from 'typeorm';

/**
 * Timestamps are stored as epoch milliseconds (bigint) on both databases: one representation
 * for keyset cursors, range filters and analytics arithmetic, whatever the engine.
 */
export const epochMs: ValueTransformer = {
  to: (value: Date | null | undefined) => (value == null ? value : value.getTime()),
  from: (value: string | number | null) => (value == null ? null : new Date(Number(value))),
};

const DAY_MS = 86_400_000;
/** Years 0000–9999: beyond them toISOString writes ±YYYYYY, left to it. */
const LAST_MS = 253_402_300_799_999;
const MAX_KEPT_DAYS = 4096;
/** "YYYY-MM-DDT" of each day number seen lately. */
const dayPrefixes = new Map<number, string>();
const pad2 = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, '0'));
const pad3 = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, '0'));

export function iso(value: Date): string;
export function iso(value: Date | null): string | null;
export function iso(value: Date | null): string | null {
  return value ? isoMs(value.getTime()) : null;
}

/**
 * `Date#toISOString` for epoch milliseconds, five times faster: a page of fifty tickets has
 * up to 250 timestamps and formatting them was a tenth of its CPU time. The date part is kept
 * per day, the time part is integer arithmetic and table look-ups.
 */
export function isoMs(ms: number): string {
  if (!(ms >= 0 && ms <= LAST_MS) || !Number.isInteger(ms)) return new Date(ms).toISOString();
  const day = Math.floor(ms / DAY_MS);
  let prefix = dayPrefixes.get(day);
  if (prefix === undefined) {
    if (dayPrefixes.size >= MAX_KEPT_DAYS) dayPrefixes.clear();
    prefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
    dayPrefixes.set(day, prefix);
  }
  const time = ms - day * DAY_MS;
  const seconds = Math.floor(time / 1000);
  return `${prefix}${pad2[Math.floor(seconds / 3600)]}:${pad2[Math.floor(seconds / 60) % 60]}:${pad2[seconds % 60]}.${pad3[time % 1000]}Z`;
}
