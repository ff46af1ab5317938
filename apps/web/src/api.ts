import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from '../../../packages/client/src/schema';

/** The app is a client of the public API: these are the types generated from /openapi.json. */
export type Schemas = components['schemas'];
export type Role = Schemas['Role'];
export type Permission = Schemas['Permission'];

let csrfToken: string | null = null;
let onSignedOut: () => void = () => undefined;

/** Kept in memory only (never storage): the server gives it again through GET /auth/session. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** What to do when the session has ended (401 on any call): back to the sign-in page. */
export function whenSignedOut(handler: () => void): void {
  onSignedOut = handler;
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

// The session travels in the HttpOnly cookie; a change must also carry the CSRF token (§13).
const session: Middleware = {
  onRequest({ request }) {
    if (csrfToken && !SAFE.has(request.method)) request.headers.set('X-CSRF-Token', csrfToken);
    return request;
  },
  onResponse({ response, request }) {
    if (response.status === 401 && !new URL(request.url).pathname.startsWith('/api/v1/auth/')) onSignedOut();
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: window.location.origin, credentials: 'same-origin' });
api.use(session);

/** An API error (contract §2), with the HTTP status and Retry-After when the server sent one. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Schemas['ErrorDetail'][],
    readonly retryAfterSeconds: number | null,
  ) {
    super(message);
  }

  /** The message the API gave for one request field (details[].field), if any. */
  field(name: string): string | undefined {
    return this.details.find((detail) => detail.field === name)?.message;
  }

  /** The details about one part of the body (`rule.` of a draft dry run), named as that part's own fields; null when none is. */
  under(prefix: string): ApiFailure | null {
    const details = this.details
      .filter((detail) => detail.field?.startsWith(prefix))
      .map((detail) => ({ ...detail, field: detail.field!.slice(prefix.length) }));
    return details.length > 0 ? new ApiFailure(this.status, this.code, this.message, details, this.retryAfterSeconds) : null;
  }
}

interface Result<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The body of a successful call, or an ApiFailure built from the contract's error envelope. */
export async function call<T>(pending: Promise<Result<T>>): Promise<T> {
  const { data, error, response } = await pending;
  if (response.ok) return data as T;
  const body = (error as Partial<Schemas['ErrorResponse']> | undefined)?.error;
  const retryAfter = response.headers.get('Retry-After');
  throw new ApiFailure(
    response.status,
    body?.code ?? 'internal_error',
    body?.message ?? `The server answered ${response.status}.`,
    body?.details ?? [],
    retryAfter ? Number(retryAfter) : null,
  );
}

export function isFailure(error: unknown): error is ApiFailure {
  return error instanceof ApiFailure;
}
