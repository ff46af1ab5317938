import type { AttemptOutcome, PostResult } from '@relay/webhooks';

/** A Retry-After the receiver sends is obeyed up to this long; a missing or unreadable one waits this. */
export const MAX_RETRY_AFTER_MS = 60 * 60 * 1000;
export const DEFAULT_RETRY_AFTER_MS = 1000;

/** Milliseconds to wait from a Retry-After value (seconds, or an HTTP date), within [0, 1 h]. */
export function retryAfterMs(header: string | null, now: Date): number {
  if (header === null || header.trim() === '') return DEFAULT_RETRY_AFTER_MS;
  const value = header.trim();
  const ms = /^\d+(\.\d+)?$/.test(value) ? Number(value) * 1000 : Date.parse(value) - now.getTime();
  if (Number.isNaN(ms)) return DEFAULT_RETRY_AFTER_MS;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, Math.round(ms)));
}

/**
 * What Slack's answer means (contract §12): 2xx delivered; 429 wait as told, without using up
 * an attempt; 400 the message itself is refused (failed at once, with Slack's reason); 403,
 * 404 and 410 the webhook is revoked or gone (failed, and the channel disabled); 5xx, other
 * statuses and no answer at all are retried with backoff.
 */
export function classifySlackResponse(result: PostResult, now: Date): AttemptOutcome {
  const { status } = result;
  if (status === null) return { ok: false, status: null, error: result.error };
  const reason = result.body.trim() ? ` (${result.body.trim().slice(0, 300)})` : '';
  if (status >= 200 && status < 300) return { ok: true, status, error: null };
  if (status === 429)
    return { ok: false, status, error: `Slack answered HTTP 429${reason}`, retryAfterMs: retryAfterMs(result.retryAfter, now) };
  if (status === 400) return { ok: false, status, error: `Slack answered HTTP 400${reason}`, final: true };
  if (status === 403 || status === 404 || status === 410) {
    return { ok: false, status, error: `Slack answered HTTP ${status}${reason}`, disableReason: `Slack answered HTTP ${status}${reason}` };
  }
  return { ok: false, status, error: `Slack answered HTTP ${status}${reason}` };
}
