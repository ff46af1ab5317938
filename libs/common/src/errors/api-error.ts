import { ErrorCode, statusOf } from './error-code';

export interface ErrorDetail {
  field?: string;
  message: string;
  [extra: string]: unknown;
}

/**
 * An error the client can act on. Modules throw these (or the helpers below); the global filter
 * turns them into the contract's error body, so no module formats errors itself.
 */
export class ApiError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.status = statusOf(code);
  }
}

/** A missing record; with `field` when the id came from the request body (contract §2). */
export function notFound(resource: string, field?: string): ApiError {
  const message = field ? `${field} does not match any ${resource}` : `${resource} not found`;
  return new ApiError(ErrorCode.NotFound, message, field ? [{ field, message: `no such ${resource}` }] : []);
}

export function conflict(message: string, details: ErrorDetail[] = []): ApiError {
  return new ApiError(ErrorCode.Conflict, message, details);
}

export function validationFailed(field: string, message: string): ApiError {
  return new ApiError(ErrorCode.ValidationFailed, `${field} ${message}`, [{ field, message }]);
}

export function forbidden(message: string): ApiError {
  return new ApiError(ErrorCode.Forbidden, message);
}
