import { CanActivate, ExecutionContext, Inject, Injectable, Optional } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { PUBLIC_KEY } from './decorators';
import { AuthenticatedRequest, PRINCIPAL_RESOLVER, PrincipalResolver, SESSION_RESOLVER, SessionResolver } from './principal';
import { csrfTokenMatches, readSessionCookie, SAFE_METHODS } from './session-cookie';

type GuardedRequest = AuthenticatedRequest & { method: string; headers: Record<string, string | undefined> };

/**
 * First guard: resolves `Authorization: Bearer <key>` (or, without that header, the
 * `relay_session` cookie) to a principal and records the outcome on the request. It never
 * rejects by itself: the throttler must count failed attempts (per IP) before PermissionsGuard
 * turns a missing principal into 401 (or 403 for a missing CSRF token).
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(PRINCIPAL_RESOLVER) private readonly resolver: PrincipalResolver,
    @Optional() @Inject(SESSION_RESOLVER) private readonly sessions?: SessionResolver,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<GuardedRequest>();
    const header = request.headers.authorization;
    if (!header) {
      // A key always wins over a cookie, so the key path pays nothing for sessions.
      if (request.headers.cookie === undefined || !this.sessions) request.authFailure = 'missing';
      else await this.authenticateSession(request, request.headers.cookie, this.sessions);
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

  private async authenticateSession(request: GuardedRequest, cookie: string, sessions: SessionResolver): Promise<void> {
    const token = readSessionCookie(cookie);
    if (!token) {
      request.authFailure = 'missing';
      return;
    }
    const outcome = await sessions.resolve(token);
    if (!('principal' in outcome)) request.authFailure = outcome.failure;
    else if (!SAFE_METHODS.has(request.method) && !csrfTokenMatches(token, request.headers['x-csrf-token'])) request.authFailure = 'csrf';
    else request.principal = outcome.principal;
  }
}
