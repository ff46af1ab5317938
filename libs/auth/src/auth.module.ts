import { Module } from '@nestjs/common';
import { ApiKeyGuard } from './api-key.guard';
import { PermissionsGuard } from './permissions.guard';
import { RelayThrottlerGuard } from './throttling/relay-throttler.guard';
import { ThrottlingModule } from './throttling/throttling.module';

/**
 * The request path's guards. The app registers them, in this order, as global guards:
 * ApiKeyGuard → RelayThrottlerGuard → PermissionsGuard (see AUTH_GUARDS).
 */
@Module({
  imports: [ThrottlingModule],
  exports: [ThrottlingModule],
})
export class AuthModule {}

export const AUTH_GUARDS = [ApiKeyGuard, RelayThrottlerGuard, PermissionsGuard] as const;
