import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension } from '@nestjs/swagger';
import { ApiErrors, ErrorCode } from '@relay/common';
import { Permission } from './permissions';

export const PERMISSIONS_KEY = 'relay:permissions';
export const PUBLIC_KEY = 'relay:public';
export const NO_KEY = 'relay:no-key';

/**
 * Declares what a route (or every route of a controller) needs. Also documents the bearer
 * security, the permissions (as `x-required-permissions`) and the auth errors in OpenAPI.
 * With no argument: any valid key will do.
 */
export function RequirePermissions(...permissions: Permission[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(PERMISSIONS_KEY, permissions),
    ApiBearerAuth(),
    ApiExtension('x-required-permissions', permissions),
    ApiErrors(ErrorCode.Unauthorized, ErrorCode.Forbidden, ErrorCode.RateLimited),
  );
}

/** A route served without a key and outside rate limiting (health checks). */
export function Public(): MethodDecorator & ClassDecorator {
  return SetMetadata(PUBLIC_KEY, true);
}

/**
 * A route served without a key (signing in, accepting an invite) that is still rate limited per
 * client IP, unlike `Public()`. OpenAPI shows it with no security requirement.
 */
export function NoKey(): MethodDecorator & ClassDecorator {
  return applyDecorators(SetMetadata(NO_KEY, true), ApiExtension('x-no-key', true), ApiErrors(ErrorCode.RateLimited));
}
