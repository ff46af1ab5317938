import { bucketStart, bucketStarts } from './buckets';

const at = (s: string) => Date.parse(s);
const iso = (ms: number[]) => ms.map((m) => new Date(m).toISOString());

describe('buckets', () => {
  it('starts days at 00:00 UTC', () => {
    expect(bucketStart(at('2026-01-13T23:59:59.999Z'), 'day')).toBe(at('2026-01-13T00:00:00.000Z'));
    expect(bucketStart(at('2026-01-14T00:00:00.000Z'), 'day')).toBe(at('2026-01-14T00:00:00.000Z'));
  });

  it('starts ISO weeks on Monday 00:00 UTC', () => {
    // 2026-01-12 is a Monday; the Sunday after still belongs to its week.
    expect(bucketStart(at('2026-01-18T23:59:59.999Z'), 'week')).toBe(at('2026-01-12T00:00:00.000Z'));
    expect(bucketStart(at('2026-01-12T00:00:00.000Z'), 'week')).toBe(at('2026-01-12T00:00:00.000Z'));
    expect(bucketStart(at('2026-01-11T23:59:59.999Z'), 'week')).toBe(at('2026-01-05T00:00:00.000Z'));
    // Across a year boundary: 2025-12-29 (Monday) starts ISO week 1 of 2026.
    expect(bucketStart(at('2026-01-01T12:00:00.000Z'), 'week')).toBe(at('2025-12-29T00:00:00.000Z'));
  });

  it('lists every period overlapping [from, to), the first one starting at or before from', () => {
    expect(iso(bucketStarts(at('2026-01-10T12:00:00Z'), at('2026-01-13T00:00:00Z'), 'day'))).toEqual([
      '2026-01-10T00:00:00.000Z',
      '2026-01-11T00:00:00.000Z',
      '2026-01-12T00:00:00.000Z',
    ]);
    expect(iso(bucketStarts(at('2026-01-13T00:00:00Z'), at('2026-01-13T00:00:00.001Z'), 'day'))).toEqual(['2026-01-13T00:00:00.000Z']);
    expect(iso(bucketStarts(at('2026-01-07T00:00:00Z'), at('2026-01-20T00:00:00Z'), 'week'))).toEqual([
      '2026-01-05T00:00:00.000Z',
      '2026-01-12T00:00:00.000Z',
      '2026-01-19T00:00:00.000Z',
    ]);
  });
});
