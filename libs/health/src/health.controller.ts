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

  @Get('ready')
  @HealthCheck()
  @ApiOperation({ operationId: 'getReadiness', summary: 'Readiness: the database answers and has room to write (and Redis, when configured, answers)' })
  ready() {
    return this.health.check([
      () => this.database.pingCheck('database', { timeout: 2000 }),
      () => this.storage.check(),
      ...(this.redis.configured ? [() => this.redis.check()] : []),
    ]);
  }
}
