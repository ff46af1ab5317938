import { classifySlackResponse, DEFAULT_RETRY_AFTER_MS, MAX_RETRY_AFTER_MS, retryAfterMs } from './slack-response';

const now = new Date('2026-01-10T00:00:00.000Z');
const answer = (status: number | null, body = '', retryAfter: string | null = null) =>
  classifySlackResponse({ status, body, retryAfter, error: status === null ? 'ECONNREFUSED: refused' : null }, now);

describe('classifySlackResponse', () => {
  it('2xx is delivered', () => {
    expect(answer(200, 'ok')).toEqual({ ok: true, status: 200, error: null });
  });
  it('429 waits as Retry-After says, without using up an attempt', () => {
    expect(answer(429, 'rate_limited', '3')).toEqual({
      ok: false,
      status: 429,
      error: 'Slack answered HTTP 429 (rate_limited)',
      retryAfterMs: 3000,
    });
  });
  it("400 fails at once with Slack's reason", () => {
    expect(answer(400, 'invalid_payload')).toEqual({
      ok: false,
      status: 400,
      error: 'Slack answered HTTP 400 (invalid_payload)',
      final: true,
    });
  });
  it.each([403, 404, 410])('%i fails and disables the channel', (status) => {
    expect(answer(status, 'no_service')).toMatchObject({ ok: false, status, disableReason: `Slack answered HTTP ${status} (no_service)` });
  });
  it.each([500, 502, 503, 401])('%i is retried with backoff', (status) => {
    const outcome = answer(status, 'oops');
    expect(outcome).toEqual({ ok: false, status, error: `Slack answered HTTP ${status} (oops)` });
  });
  it('no answer (timeout, refused) is retried with backoff', () => {
    expect(answer(null)).toEqual({ ok: false, status: null, error: 'ECONNREFUSED: refused' });
  });
});

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates, bounded, with a default', () => {
    expect(retryAfterMs('2', now)).toBe(2000);
    expect(retryAfterMs('0.5', now)).toBe(500);
    expect(retryAfterMs('Sat, 10 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Fri, 09 Jan 2026 00:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('999999', now)).toBe(MAX_RETRY_AFTER_MS);
    expect(retryAfterMs(null, now)).toBe(DEFAULT_RETRY_AFTER_MS);
    expect(retryAfterMs('soon', now)).toBe(DEFAULT_RETRY_AFTER_MS);
  });
});
