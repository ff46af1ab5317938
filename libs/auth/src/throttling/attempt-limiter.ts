import { Injectable } from '@nestjs/common';
import { InjectThrottlerStorage } from '@nestjs/throttler';
import { ApiError, ErrorCode } from '@relay/common';
import { FixedWindowStorage } from './fixed-window.storage';

/**
 * Counts failed attempts (sign-ins) per subject — client IP, email — in fixed windows, in the
 * same storage as the request rate limits: Redis when configured, so the budget holds across
 * API processes. Only failures count, so people behind one address who type their password
 * right are never locked out by each other.
 */
@Injectable()
export class AttemptLimiter {
  constructor(@InjectThrottlerStorage() private readonly storage: FixedWindowStorage) {}

  /** 429 `rate_limited` with Retry-After when any subject has used up its failures. */
  async assertAllowed(subjects: string[], limit: number, windowMs: number, what: string): Promise<void> {
    const windows = await Promise.all(subjects.map((subject) => this.storage.peek(`attempts:${subject}`, limit - 1)));
    const blocked = windows.filter((w) => w.isBlocked);
    if (blocked.length === 0) return;
    const retryAfter = String(Math.max(1, ...blocked.map((w) => w.timeToExpire)));
    throw new ApiError(
      ErrorCode.RateLimited,
      `too many failed ${what} (at most ${limit} per ${Math.round(windowMs / 60_000)} minutes); retry after ${retryAfter}s`,
      [],
      { 'Retry-After': retryAfter },
    );
  }

  async recordFailure(subjects: string[], limit: number, windowMs: number): Promise<void> {
    await Promise.all(subjects.map((subject) => this.storage.increment(`attempts:${subject}`, windowMs, limit)));
  }
}
