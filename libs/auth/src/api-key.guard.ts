import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { PUBLIC_KEY } from './decorators';
import { AuthenticatedRequest, PRINCIPAL_RESOLVER, PrincipalResolver } from './principal';

/**
 * First guard: resolves `Authorization: Bearer <key>` to a principal and records the outcome on
 * the request. It never rejects by itself: the throttler must count failed attempts (per IP)
 * before PermissionsGuard turns a missing principal into 401.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(PRINCIPAL_RESOLVER) private readonly resolver: PrincipalResolver,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest & { headers: Record<string, string | undefined> }>();
    const header = request.headers.authorization;
    if (!header) {
      request.authFailure = 'missing';
      return true;
    }
    const match = /^Bearer\s+(\S{1,200})\s*$/i.exec(header);
    if (!match) {
      request.authFailure = 'malformed';
      return true;
    }
    const outcome = await this.resolver.resolve(match[1]);
    if ('principal' in outcome) request.principal = outcome.principal;
    else request.authFailure = outcome.failure;
    return true;
  }
}
