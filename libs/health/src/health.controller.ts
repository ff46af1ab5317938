import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '@relay/auth';
import { RedisHealthIndicator } from './redis.health';
import { StorageHealthIndicator } from './storage.health';

/** Liveness and readiness for load balancers: no key, not rate limited, outside /api/v1. */
@ApiTags('Health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
    private readonly storage: StorageHealthIndicator,
  ) {}

  @Get()
  @ApiOperation({ operationId: 'getLiveness', summary: 'Liveness: the process serves requests' })
  @ApiResponse({ status: 200, description: '`{"status":"ok"}`' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * Ready when the database answers. Redis is reported, not required: without it rate limits
   * fail open and every request is still served, so a Redis outage must not make a load
   * balancer drain every API process at once.
   */
  @Get('ready')
  @HealthCheck()
  @ApiOperation({
    operationId: 'getReadiness',
    summary: 'Readiness: the database answers and has room to write; the state of Redis (when configured) is reported in `details.redis`',
  })
  async ready() {
    const result = await this.health.check([() => this.database.pingCheck('database', { timeout: 2000 }), () => this.storage.check()]);
    if (!this.redis.configured) return result;
    const redis = await this.redis.state();
    return { ...result, details: { ...result.details, redis } };
  }
}
