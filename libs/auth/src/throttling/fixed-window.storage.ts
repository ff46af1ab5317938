import { Logger, OnModuleDestroy } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import Redis from 'ioredis';

/** A fixed-window count: how many hits this window, and when (epoch ms) it resets. */
export interface WindowRecord {
  totalHits: number;
  timeToExpire: number;
  isBlocked: boolean;
  timeToBlockExpire: number;
  resetAtMs: number;
}

/**
 * Fixed one-minute windows per tracker, so `X-RateLimit-Reset` is an exact epoch second and
 * the budget is exactly N per window on every storage. (The stock storages differ: the
 * in-memory one slides, the Redis one blocks for a fixed span; neither reports the reset time.)
 */
export abstract class FixedWindowStorage implements ThrottlerStorage {
  abstract increment(key: string, ttl: number, limit: number): Promise<WindowRecord>;

  /** The current window's count without adding a hit (0 when no window is open). */
  abstract peek(key: string, limit: number): Promise<WindowRecord>;

  protected record(totalHits: number, resetAtMs: number, limit: number): WindowRecord {
    const seconds = Math.max(0, Math.ceil((resetAtMs - Date.now()) / 1000));
    const isBlocked = totalHits > limit;
    return { totalHits, resetAtMs, isBlocked, timeToExpire: seconds, timeToBlockExpire: isBlocked ? seconds : 0 };
  }
}

/** One process: counters in memory, swept as windows end. */
export class MemoryWindowStorage extends FixedWindowStorage {
  private readonly windows = new Map<string, { hits: number; resetAtMs: number }>();
  private lastSweep = Date.now();

  async increment(key: string, ttl: number, limit: number): Promise<WindowRecord> {
    const now = Date.now();
    if (now - this.lastSweep > ttl) this.sweep(now);
    let window = this.windows.get(key);
    if (!window || window.resetAtMs <= now) {
      window = { hits: 0, resetAtMs: now + ttl };
      this.windows.set(key, window);
    }
    window.hits += 1;
    return this.record(window.hits, window.resetAtMs, limit);
  }

  async peek(key: string, limit: number): Promise<WindowRecord> {
    const window = this.windows.get(key);
    const now = Date.now();
    return window && window.resetAtMs > now ? this.record(window.hits, window.resetAtMs, limit) : this.record(0, now, limit);
  }

  private sweep(now: number): void {
    for (const [key, window] of this.windows) if (window.resetAtMs <= now) this.windows.delete(key);
    this.lastSweep = now;
  }
}

// INCR, start the window on the first hit, return the count and the window's remaining ms.
const INCREMENT_SCRIPT = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return { hits, ttl }`;

/**
 * Shared by every API process (REDIS_URL). If Redis is unreachable the request is let through
 * (fail open): losing rate limiting for a moment is better than refusing all traffic. The outage
 * is logged once when it starts and once when it ends, not per request or reconnection attempt.
 */
export class RedisWindowStorage extends FixedWindowStorage implements OnModuleDestroy {
  private readonly logger = new Logger('RateLimit');
  readonly redis: Redis;
  private reachable = true;

  constructor(url: string) {
    super();
    this.redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000, lazyConnect: false });
    this.redis.on('error', (error) => this.noteReachable(false, error.message));
    this.redis.on('ready', () => this.noteReachable(true));
    this.redis.defineCommand('relayIncrement', { numberOfKeys: 1, lua: INCREMENT_SCRIPT });
  }

  private noteReachable(reachable: boolean, reason?: string): void {
    if (reachable === this.reachable) return;
    this.reachable = reachable;
    if (reachable) this.logger.log('Redis reachable again: rate limits enforced');
    else this.logger.warn(`Redis unreachable (${reason || 'no answer'}): rate limits not enforced until it returns`);
  }

  async increment(key: string, ttl: number, limit: number): Promise<WindowRecord> {
    try {
      const [hits, remainingMs] = (await (this.redis as unknown as RelayRedis).relayIncrement(`relay:rl:${key}`, ttl)) as [number, number];
      return this.record(hits, Date.now() + remainingMs, limit);
    } catch (error) {
      this.noteReachable(false, (error as Error).message);
      return this.record(0, Date.now() + ttl, limit);
    }
  }

  async peek(key: string, limit: number): Promise<WindowRecord> {
    try {
      const [[, hits], [, remainingMs]] = (await this.redis.multi().get(`relay:rl:${key}`).pttl(`relay:rl:${key}`).exec()) as [
        [unknown, string | null],
        [unknown, number],
      ];
      return this.record(Number(hits ?? 0), Date.now() + Math.max(0, remainingMs), limit);
    } catch (error) {
      this.logger.warn(`rate limit not enforced: ${(error as Error).message}`);
      return this.record(0, Date.now(), limit);
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.redis.disconnect();
  }
}

interface RelayRedis {
  relayIncrement(key: string, ttl: number): Promise<unknown>;
}
