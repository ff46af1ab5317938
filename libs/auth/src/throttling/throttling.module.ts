import { Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { RelayConfig } from '@relay/common';
import { AttemptLimiter } from './attempt-limiter';
import { MemoryWindowStorage, RedisWindowStorage } from './fixed-window.storage';

/** Rate limits per contract §4; counters in Redis when REDIS_URL is set, else in memory. */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [RelayConfig],
      useFactory: (config: RelayConfig) => ({
        throttlers: [{ name: 'default', ttl: 60_000, limit: config.throttle.limitPerMinute }],
        storage: config.throttle.redisUrl ? new RedisWindowStorage(config.throttle.redisUrl) : new MemoryWindowStorage(),
      }),
    }),
  ],
  providers: [AttemptLimiter],
  exports: [ThrottlerModule, AttemptLimiter],
})
export class ThrottlingModule {}
