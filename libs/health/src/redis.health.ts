import { Injectable, OnModuleDestroy } from '@nestjs/common';
import Redis from 'ioredis';
import { RelayConfig } from '@relay/common';

/** The state of Redis (the shared rate-limit store), when one is configured. */
@Injectable()
export class RedisHealthIndicator implements OnModuleDestroy {
  private readonly redis?: Redis;

  constructor(config: RelayConfig) {
    if (config.throttle.redisUrl) {
      this.redis = new Redis(config.throttle.redisUrl, {
        lazyConnect: true,
        maxRetriesPerRequest: 1,
        enableOfflineQueue: false,
        connectTimeout: 2000,
      });
      this.redis.on('error', () => undefined);
    }
  }

  get configured(): boolean {
    return this.redis !== undefined;
  }

  /** `up`, or `down` with the reason and what it costs: rate limits go unenforced, traffic is still served. */
  async state(): Promise<{ status: 'up' } | { status: 'down'; message: string; rate_limits: 'not enforced' }> {
    try {
      if (this.redis!.status === 'wait') await this.redis!.connect();
      await this.redis!.ping();
      return { status: 'up' };
    } catch (error) {
      return { status: 'down', message: (error as Error).message, rate_limits: 'not enforced' };
    }
  }

  onModuleDestroy(): void {
    this.redis?.disconnect();
  }
}
