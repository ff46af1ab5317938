/** The error codes of contract §2. Adding one without a status below fails to compile. */
export enum ErrorCode {
  ValidationFailed = 'validation_failed',
  InvalidJson = 'invalid_json',
  InvalidCursor = 'invalid_cursor',
  Unauthorized = 'unauthorized',
  Forbidden = 'forbidden',
  NotFound = 'not_found',
  Conflict = 'conflict',
  PayloadTooLarge = 'payload_too_large',
  UnsupportedMediaType = 'unsupported_media_type',
  IdempotencyMismatch = 'idempotency_mismatch',
  RateLimited = 'rate_limited',
  InternalError = 'internal_error',
  Unavailable = 'unavailable',
}

export function statusOf(code: ErrorCode): number {
  switch (code) {
    case ErrorCode.ValidationFailed:
    case ErrorCode.InvalidJson:
    case ErrorCode.InvalidCursor:
      return 400;
    case ErrorCode.Unauthorized:
      return 401;
    case ErrorCode.Forbidden:
      return 403;
    case ErrorCode.NotFound:
      return 404;
    case ErrorCode.Conflict:
      return 409;
    case ErrorCode.PayloadTooLarge:
      return 413;
    case ErrorCode.UnsupportedMediaType:
      return 415;
    case ErrorCode.IdempotencyMismatch:
      return 422;
    case ErrorCode.RateLimited:
      return 429;
    case ErrorCode.InternalError:
      return 500;
    case ErrorCode.Unavailable:
      return 503;
    default: {
      const unmapped: never = code;
      throw new Error(`unmapped error code ${String(unmapped)}`);
    }
  }
}
