import { ApiError } from '@relay/common';
import { resolveWindow } from './report-window';

describe('resolveWindow', () => {
  const now = Date.parse('2026-02-01T00:00:00.000Z');

  it('defaults to the 30 days up to now', () => {
    expect(resolveWindow({}, now)).toEqual({ from: Date.parse('2026-01-02T00:00:00.000Z'), to: now });
  });

  it('defaults from to 30 days before a given to, and to to now', () => {
    expect(resolveWindow({ to: '2026-01-31T00:00:00Z' }, now).from).toBe(Date.parse('2026-01-01T00:00:00Z'));
    expect(resolveWindow({ from: '2026-01-20T00:00:00Z' }, now)).toEqual({ from: Date.parse('2026-01-20T00:00:00Z'), to: now });
  });

  it('refuses from at or after to', () => {
    expect(() => resolveWindow({ from: '2026-01-02T00:00:00Z', to: '2026-01-02T00:00:00Z' }, now)).toThrow(ApiError);
    expect(() => resolveWindow({ from: '2026-01-03T00:00:00Z', to: '2026-01-02T00:00:00Z' }, now)).toThrow('from must be before to');
  });
});
