import createClient, { Client } from 'openapi-fetch';
import { RelayError } from './errors';
import { RetryOptions, retryingFetch } from './retry';
import type { paths } from './schema';

export interface RelayClientOptions extends RetryOptions {
  /** e.g. `https://relay.example.com` (paths carry `/api/v1`). */
  baseUrl: string;
  /** An `rly_…` key. */
  apiKey: string;
  fetch?: typeof fetch;
}

export type RelayApi = Client<paths>;

/**
 * A typed client: `relay.GET('/api/v1/tickets/{id}', { params: { path: { id } } })` answers
 * `{ data, error, response }` as openapi-fetch does, with retries (429, 503, dropped connections,
 * automatic Idempotency-Key on POST) underneath. Wrap a call in `unwrap` to get the data or a
 * thrown RelayError.
 */
export function createRelayClient(options: RelayClientOptions): RelayApi {
  const retrying = retryingFetch(options.fetch ?? globalThis.fetch, options);
  return createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/$/, ''),
    headers: { Authorization: `Bearer ${options.apiKey}` },
    // The contract's list form: status=open,pending.
    querySerializer: { array: { style: 'form', explode: false } },
    fetch: retrying,
  });
}

/** The success data of a call, or a RelayError carrying code, details and request_id. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw RelayError.from(response, error);
  return data as T;
}
