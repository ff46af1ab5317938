/** One entry of an error's `details`: which field, and what is wrong with it. */
export interface RelayErrorDetail {
  field?: string;
  message: string;
}

/** An error answer of the API (`{error: {code, message, details, request_id}}`), thrown. */
export class RelayError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: RelayErrorDetail[],
    readonly requestId: string | undefined,
  ) {
    super(`${status} ${code}: ${message}${requestId ? ` (request ${requestId})` : ''}`);
    this.name = 'RelayError';
  }

  /** Builds the error from a non-2xx response and its parsed body, whatever that is (a proxy's page). */
  static from(response: Response, body: unknown): RelayError {
    const error =
      (body as { error?: { code?: string; message?: string; details?: RelayErrorDetail[]; request_id?: string } } | undefined)?.error ?? {};
    return new RelayError(
      response.status,
      error.code ?? `http_${response.status}`,
      error.message ?? (typeof body === 'string' && body ? body.slice(0, 200) : response.statusText),
      error.details ?? [],
      error.request_id ?? response.headers.get('x-request-id') ?? undefined,
    );
  }
}
