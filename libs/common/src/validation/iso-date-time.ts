/**
 * The date forms the API accepts wherever a client sends a date (query parameters, `expires_at`):
 * a calendar date, read as 00:00 UTC, or a date-time with an explicit offset. Seconds and the
 * fraction may be left out. Week dates, ordinal dates, basic (unhyphenated) forms and
 * date-times without an offset are refused: `Date.parse` cannot place the first ones and would
 * read the last ones in the server's own time zone.
 */
export const ISO_DATE_TIME_FORMS =
  'An ISO 8601 date (`2026-01-13`, read as 00:00 UTC) or date-time with `Z` or an offset (`2026-01-13T09:30:00.000Z`, `2026-01-13T10:30+01:00`).';

const PATTERN = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?([Zz]|([+-])(\d{2}):(\d{2})))?$/;

/** Epoch milliseconds of an accepted form (fraction past milliseconds truncated), or undefined. */
export function parseIsoDateTime(text: string): number | undefined {
  const match = PATTERN.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '', , sign, offsetHours = '0', offsetMinutes = '0'] = match;
  const [y, mo, d, h, mi, s, oh, om] = [year, month, day, hour, minute, second, offsetHours, offsetMinutes].map(Number);
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || h > 23 || mi > 59 || s > 59 || oh > 23 || om > 59) return undefined;
  const at = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0–99 as 1900–1999.
  at.setUTCFullYear(y, mo - 1, d);
  at.setUTCHours(h, mi, s, Number(fraction.padEnd(3, '0').slice(0, 3)));
  const offsetMs = (oh * 60 + om) * 60_000;
  return at.getTime() + (sign === '+' ? -offsetMs : sign === '-' ? offsetMs : 0);
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(2000, month, 0)).getUTCDate() - (month === 2 && !isLeap(year) ? 1 : 0);
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}
