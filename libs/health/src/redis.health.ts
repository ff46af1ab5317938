import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import Redis from 'ioredis';
import { RelayConfig } from '@relay/common';

/** Readiness of the shared rate-limit store, when one is configured. */
@Injectable()
export class RedisHealthIndicator implements OnModuleDestroy {
  private readonly redis?: Redis;

  constructor(
    config: RelayConfig,
    private readonly indicators: HealthIndicatorService,
  ) {
    if (config.throttle.redisUrl) {
      this.redis = new Redis(config.throttle.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000 });
      this.redis.on('error', () => undefined);
    }
  }

  get configured(): boolean {
    return this.redis !== undefined;
  }

  async check(key = 'redis') {
    const indicator = this.indicators.check(key);
    try {
      if (this.redis!.status === 'wait') await this.redis!.connect();
      await this.redis!.ping();
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }

  onModuleDestroy(): void {
    this.redis?.disconnect();
  }
}
