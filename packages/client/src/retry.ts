export interface RetryOptions {
  /** Attempts after the first (default 3). */
  maxRetries?: number;
  /** Longest single wait, in ms (default 65 000: one rate-limit window and a margin). */
  maxDelayMs?: number;
  /** Replaceable for tests. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/**
 * How long to wait before retrying a 429 or 503: `Retry-After` (seconds) when given, else until
 * `X-RateLimit-Reset` (epoch seconds), else exponential backoff with jitter.
 */
export function retryDelayMs(response: Response | undefined, attempt: number, now: number): number {
  const retryAfter = Number(response?.headers.get('retry-after'));
  if (response && Number.isFinite(retryAfter) && retryAfter >= 0 && response.headers.get('retry-after') !== null)
    return retryAfter * 1000 + 50;
  const reset = Number(response?.headers.get('x-ratelimit-reset'));
  if (response && Number.isFinite(reset) && reset > 0 && response.headers.get('x-ratelimit-reset') !== null)
    return Math.max(0, reset * 1000 - now) + 50;
  return Math.min(8000, 200 * 2 ** attempt) * (0.5 + Math.random() / 2);
}

/** The statuses worth another attempt: rate limited, unavailable, or an Idempotency-Key still in flight. */
const RETRYABLE = new Set([409, 429, 502, 503, 504]);

/**
 * A fetch that retries: on 429/503 it waits as the server says; on a dropped connection it tries
 * again. Every POST carries an Idempotency-Key (yours, or a generated one) that stays the same
 * across its retries, so a create whose response was lost is answered from the server's record
 * instead of being made twice. Other methods are retried only when idempotent by nature.
 */
export function retryingFetch(base: typeof fetch, options: RetryOptions = {}): (request: Request) => Promise<Response> {
  const maxRetries = options.maxRetries ?? 3;
  const maxDelayMs = options.maxDelayMs ?? 65_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  return async (input: Request) => {
    let request = input;
    if (request.method === 'POST' && !request.headers.has(IDEMPOTENCY_HEADER)) {
      const headers = new Headers(request.headers);
      headers.set(IDEMPOTENCY_HEADER, crypto.randomUUID());
      request = new Request(request, { headers });
    }
    const retriable = request.method !== 'PATCH' || request.headers.has(IDEMPOTENCY_HEADER);
    for (let attempt = 0; ; attempt++) {
      let response: Response | undefined;
      try {
        response = await base(request.clone());
      } catch (error) {
        if (!retriable || attempt >= maxRetries) throw error;
      }
      if (response && (!RETRYABLE.has(response.status) || attempt >= maxRetries)) return response;
      if (response?.status === 409 && !(await isInFlight(response))) return response;
      await sleep(Math.min(maxDelayMs, retryDelayMs(response, attempt, now())));
    }
  };
}

/** A 409 that names the Idempotency-Key: the first request is still being served. */
async function isInFlight(response: Response): Promise<boolean> {
  const text = await response
    .clone()
    .text()
    .catch(() => '');
  return text.includes(`"field":"${IDEMPOTENCY_HEADER}"`);
}
