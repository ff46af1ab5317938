import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerRequest } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, ErrorCode } from '@relay/common';
import { PUBLIC_KEY } from '../decorators';
import { AuthenticatedRequest } from '../principal';
import { FixedWindowStorage } from './fixed-window.storage';

/**
 * Contract §4: one budget per API key across every route (per client IP when no valid key was
 * presented, so failed attempts count too), `X-RateLimit-*` on every response with Reset as
 * epoch seconds, and 429 `rate_limited` with Retry-After.
 */
@Injectable()
export class RelayThrottlerGuard extends ThrottlerGuard {
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    return this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, [context.getHandler(), context.getClass()]) === true;
  }

  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const request = req as unknown as FastifyRequest & AuthenticatedRequest;
    return request.principal ? `key:${request.principal.keyId}` : `ip:${request.ip}`;
  }

  /** One counter per tracker, not per route. */
  protected override generateKey(_context: ExecutionContext, tracker: string, name: string): string {
    return `${name}:${tracker}`;
  }

  protected override async handleRequest({ context, limit, ttl, throttler, getTracker, generateKey }: ThrottlerRequest): Promise<boolean> {
    const http = context.switchToHttp();
    const req = http.getRequest<Record<string, unknown>>();
    const reply = http.getResponse<FastifyReply>();
    const key = generateKey(context, await getTracker(req, context), throttler.name ?? 'default');
    const window = await (this.storageService as FixedWindowStorage).increment(key, ttl, limit);
    const headers = {
      'X-RateLimit-Limit': String(limit),
      'X-RateLimit-Remaining': String(Math.max(0, limit - window.totalHits)),
      'X-RateLimit-Reset': String(Math.ceil(window.resetAtMs / 1000)),
    };
    reply.headers(headers);
    if (window.isBlocked) {
      const retryAfter = String(Math.max(1, window.timeToExpire));
      throw new ApiError(ErrorCode.RateLimited, `rate limit of ${limit} requests per minute exceeded; retry after ${retryAfter}s`, [], {
        ...headers,
        'Retry-After': retryAfter,
      });
    }
    return true;
  }
}
