import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiError, ErrorCode } from '@relay/common';
import { NO_KEY, PERMISSIONS_KEY, PUBLIC_KEY } from './decorators';
import { isGranted, Permission } from './permissions';
import { AuthenticatedRequest, AuthFailure } from './principal';

const FAILURE_MESSAGES: Record<AuthFailure, string> = {
  missing: 'missing API key: send Authorization: Bearer <key>',
  malformed: 'malformed Authorization header: expected Bearer <key>',
  unknown: 'invalid API key',
  revoked: 'this API key has been revoked',
  expired: 'this API key has expired',
  user_deactivated: "this API key's owner has been deactivated",
  session_ended: 'your session has ended (signed out, expired, password changed or account deactivated): sign in again',
  csrf: 'a request made with the session cookie must carry the X-CSRF-Token header returned at sign-in',
};

/**
 * Last guard: 401 without a valid key, 403 unless the key's effective permissions (its scopes ∩
 * its creator's current role) cover the route's `@RequirePermissions`. Routes that declare
 * nothing are refused: a forgotten declaration fails closed.
 */
@Injectable()
export class PermissionsGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    if (this.reflector.getAllAndOverride<boolean>(NO_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (!request.principal) {
      const failure = request.authFailure ?? 'missing';
      throw new ApiError(failure === 'csrf' ? ErrorCode.Forbidden : ErrorCode.Unauthorized, FAILURE_MESSAGES[failure]);
    }
    const required = this.reflector.getAllAndOverride<Permission[] | undefined>(PERMISSIONS_KEY, targets);
    if (!required) throw new ApiError(ErrorCode.Forbidden, 'this route declares no permissions');
    if (!isGranted(required, request.principal.permissions)) {
      const missing = required.filter((p) => !request.principal!.permissions.has(p));
      throw new ApiError(ErrorCode.Forbidden, `this API key lacks the permission ${missing.join(', ')}`, [
        { field: 'permissions', message: `requires ${missing.join(', ')}` },
      ]);
    }
    return true;
  }
}
