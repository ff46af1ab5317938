import { ApiError, ErrorDetail } from './api-error';
import { ErrorCode, statusOf } from './error-code';
import {
  isDependencyUnavailable,
  isRetryableConflict,
  isStatementTimeout,
  isStorageFull,
  QueryBudgetExceeded,
} from './dependency-unavailable';

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details: ErrorDetail[]; request_id: string };
}

export interface MappedError {
  status: number;
  body: ErrorBody;
  headers: Record<string, string>;
  /** Set when the error is ours to fix: it is logged with the request id. */
  unexpected?: unknown;
}

interface HttpLikeError {
  getResponse?: () => unknown;
  statusCode?: number;
  status?: number;
  code?: string;
  message?: string;
  getStatus?: () => number;
}

const FRAMEWORK_CODES: Record<string, [ErrorCode, string]> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [ErrorCode.UnsupportedMediaType, 'request bodies must be application/json'],
  FST_ERR_CTP_BODY_TOO_LARGE: [ErrorCode.PayloadTooLarge, 'request body exceeds 1 MiB'],
  FST_ERR_CTP_INVALID_JSON_BODY: [ErrorCode.InvalidJson, 'request body is not valid JSON'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [ErrorCode.InvalidJson, 'request body is empty but content-type is application/json'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [ErrorCode.ValidationFailed, 'content-length does not match the body'],
  FST_ERR_CTP_INVALID_TYPE: [ErrorCode.UnsupportedMediaType, 'content-type header is invalid'],
  FST_ERR_BAD_URL: [ErrorCode.ValidationFailed, 'the URL is malformed: a path segment is not percent-encoded UTF-8'],
  FST_ERR_MAX_PARAM_LENGTH: [ErrorCode.ValidationFailed, 'a path segment exceeds 500 characters'],
};

const STATUS_CODES: Record<number, ErrorCode> = {
  400: ErrorCode.ValidationFailed,
  401: ErrorCode.Unauthorized,
  403: ErrorCode.Forbidden,
  404: ErrorCode.NotFound,
  405: ErrorCode.NotFound,
  409: ErrorCode.Conflict,
  413: ErrorCode.PayloadTooLarge,
  415: ErrorCode.UnsupportedMediaType,
  422: ErrorCode.IdempotencyMismatch,
  429: ErrorCode.RateLimited,
  503: ErrorCode.Unavailable,
};

/** Maps anything thrown while serving a request to the contract's error body (§2). */
export function toErrorResponse(error: unknown, requestId: string): MappedError {
  if (error instanceof ApiError) {
    return build(error.code, error.message, error.details, requestId, error.headers);
  }
  const e = (error ?? {}) as HttpLikeError;
  const framework = e.code ? FRAMEWORK_CODES[e.code] : undefined;
  if (framework) return build(framework[0], framework[1], [], requestId);
  if (error instanceof SyntaxError && (e.statusCode === 400 || e.status === 400)) {
    return build(ErrorCode.InvalidJson, 'request body is not valid JSON', [], requestId);
  }
  const status = typeof e.getStatus === 'function' ? e.getStatus() : (e.statusCode ?? e.status);
  if (typeof status === 'number' && STATUS_CODES[status]) {
    const code = STATUS_CODES[status];
    if (status === 503) return build(code, 'a dependency is unavailable; retry shortly', unavailableDetails(e), requestId);
    const message = status === 404 || status === 405 ? 'no such route' : (e.message ?? code);
    return build(code, message, [], requestId);
  }
  if (isStorageFull(error)) {
    return build(ErrorCode.Unavailable, 'the database has run out of storage space; retry later', [], requestId, { 'Retry-After': '30' });
  }
  if (isStatementTimeout(error)) {
    const budget = new QueryBudgetExceeded();
    return build(budget.code, budget.message, [], requestId, budget.headers);
  }
  if (isDependencyUnavailable(error)) {
    return build(ErrorCode.Unavailable, 'the database is unavailable; retry shortly', [], requestId, { 'Retry-After': '5' });
  }
  if (isRetryableConflict(error)) {
    // Nothing was written, so retrying is safe; still logged (as unexpected): a deadlock is a lock-order bug to fix.
    return {
      ...build(ErrorCode.Unavailable, 'the request collided with a concurrent one and was rolled back; retry it', [], requestId, {
        'Retry-After': '1',
      }),
      unexpected: error,
    };
  }
  return {
    ...build(ErrorCode.InternalError, 'an unexpected error occurred; quote the request_id when reporting it', [], requestId),
    unexpected: error,
  };
}

function build(
  code: ErrorCode,
  message: string,
  details: ErrorDetail[],
  requestId: string,
  headers: Record<string, string> = {},
): MappedError {
  return { status: statusOf(code), headers, body: { error: { code, message, details, request_id: requestId } } };
}

/** Terminus reports which dependency is down; name each in `details`. */
function unavailableDetails(e: HttpLikeError): ErrorDetail[] {
  const response = e.getResponse?.() as { error?: Record<string, { message?: string }> } | undefined;
  return Object.entries(response?.error ?? {}).map(([field, value]) => ({ field, message: value?.message ?? 'down' }));
}
