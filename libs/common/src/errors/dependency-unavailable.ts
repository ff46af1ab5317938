import { ApiError } from './api-error';
import { ErrorCode } from './error-code';

// PostgreSQL SQLSTATE classes/codes meaning "the server is away", not "your query is wrong":
// 08 connection exception, 57P01–57P03 shutdown / cannot connect now, 53300 too many connections.
const PG_UNAVAILABLE = /^(08...|57P0[123]|53300)$/;
const NODE_UNAVAILABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
]);
const MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /connect ECONNREFUSED/i,
  /Client has encountered a connection error/i,
];

// PostgreSQL's serialization_failure and deadlock_detected: the transaction lost a race with a
// concurrent one and was rolled back whole; the same request retried can succeed.
const PG_RETRYABLE = new Set(['40001', '40P01']);

// SQLite's "database or disk is full" (also past max_page_count); PostgreSQL's disk_full.
const STORAGE_FULL = new Set(['SQLITE_FULL', '53100']);

interface MaybeDriverError {
  code?: unknown;
  message?: unknown;
  driverError?: MaybeDriverError;
  cause?: MaybeDriverError;
}

/**
 * True when an error means a dependency (the database) is unreachable or overloaded: the
 * request may succeed if retried, so it is a 503 `unavailable`, not a 500.
 */
export function isDependencyUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 3) return false;
  const e = error as MaybeDriverError;
  const code = typeof e.code === 'string' ? e.code : '';
  if (PG_UNAVAILABLE.test(code) || NODE_UNAVAILABLE.has(code)) return true;
  if (typeof e.message === 'string' && MESSAGES.some((pattern) => pattern.test(e.message as string))) return true;
  return isDependencyUnavailable(e.driverError, depth + 1) || isDependencyUnavailable(e.cause, depth + 1);
}

/**
 * True when a write failed for lack of storage space: a 503 `unavailable` (retrying later may
 * succeed once space is freed), and readiness reports the database not ready meanwhile.
 */
export function isStorageFull(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 3) return false;
  const e = error as MaybeDriverError;
  if (typeof e.code === 'string' && STORAGE_FULL.has(e.code)) return true;
  return isStorageFull(e.driverError, depth + 1) || isStorageFull(e.cause, depth + 1);
}

/** True when PostgreSQL rolled the transaction back as a deadlock or serialization victim (see PG_RETRYABLE). */
export function isRetryableConflict(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 3) return false;
  const e = error as MaybeDriverError;
  if (typeof e.code === 'string' && PG_RETRYABLE.has(e.code)) return true;
  return isRetryableConflict(e.driverError, depth + 1) || isRetryableConflict(e.cause, depth + 1);
}

/**
 * A database statement made for a request ran past the time budget (QUERY_TIME_BUDGET_MS) and
 * was cancelled, so that one runaway query never holds the others up: 503 `unavailable` with
 * Retry-After, as for any overload.
 */
export class QueryBudgetExceeded extends ApiError {
  constructor() {
    super(ErrorCode.Unavailable, 'the query took longer than its time budget and was cancelled; narrow the filters or retry later', [], {
      'Retry-After': '5',
    });
  }
}

/** PostgreSQL's query_canceled: statement_timeout (the time budget) ended the statement. */
export function isStatementTimeout(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 3) return false;
  const e = error as MaybeDriverError;
  if (e.code === '57014') return true;
  return isStatementTimeout(e.driverError, depth + 1) || isStatementTimeout(e.cause, depth + 1);
}
