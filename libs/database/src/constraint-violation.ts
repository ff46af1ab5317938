import { QueryFailedError } from 'typeorm';

export type ConstraintKind = 'unique' | 'foreign_key';

const CODES: Record<string, ConstraintKind> = {
  '23505': 'unique',
  '23503': 'foreign_key',
  SQLITE_CONSTRAINT_UNIQUE: 'unique',
  SQLITE_CONSTRAINT_PRIMARYKEY: 'unique',
  SQLITE_CONSTRAINT_FOREIGNKEY: 'foreign_key',
};

/**
 * Which integrity rule a failed query broke, on either engine. A pre-check gives the friendly
 * 409; this catches the race a pre-check cannot see (two requests inserting the same key), so it
 * becomes a 409 too rather than a 500.
 */
export function constraintViolation(error: unknown): ConstraintKind | null {
  if (!(error instanceof QueryFailedError)) return null;
  const code = (error.driverError as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? (CODES[code] ?? null) : null;
}
