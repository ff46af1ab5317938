import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { catchError, from, mergeMap, Observable, of, throwError } from 'rxjs';
import { ApiError, envelope, EnvelopedJson, ErrorBody, toErrorResponse, validationFailed } from '@relay/common';
import type { AuthenticatedRequest } from '@relay/auth';
import { requestHash } from './canonical-json';
import { IdempotencyService } from './idempotency.service';
import { NEVER_STORED_KEY, withoutNeverStored } from './never-stored.decorator';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';
export const MAX_KEY_LENGTH = 255;

/**
 * Stripe's rules for which outcomes are kept: successes and client errors the endpoint itself
 * decided (404, …). Not kept, so that a retry with the same key can proceed: 5xx, 400
 * (the request never got past validation), 409 (a conflict of the moment) and 429.
 */
export function isReplayable(status: number): boolean {
  return (status >= 200 && status < 300) || (status >= 400 && status < 500 && ![400, 409, 429].includes(status));
}

/**
 * `Idempotency-Key` on any POST (contract §7). Bound to every POST handler by
 * `@Idempotent()`; it runs after the guards, which resolve the workspace it is scoped to.
 * It stores the response body as the client saw it (in its envelope) and replays it as is.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly idempotency: IdempotencyService,
    private readonly reflector: Reflector,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest & AuthenticatedRequest>();
    const header = request.headers['idempotency-key'];
    if (header === undefined) return next.handle();
    const key = Array.isArray(header) ? header[0] : header;
    if (!key || key.length > MAX_KEY_LENGTH) throw validationFailed(IDEMPOTENCY_HEADER, `must be 1 to ${MAX_KEY_LENGTH} characters`);
    // Only authenticated routes reach here with a principal; there is no workspace to scope others to.
    if (!request.principal) return next.handle();

    const scope = {
      workspaceId: request.principal.workspaceId,
      principalId: request.principal.keyId,
      key,
      method: request.method,
      path: normalisedPath(request),
    };
    const claim = await this.idempotency.claim(scope, requestHash(request.body));
    const reply = http.getResponse<FastifyReply>();
    if (claim.kind === 'replay') {
      reply.header(REPLAYED_HEADER, 'true');
      if (claim.status >= 400) throw replayedError(claim.body as ErrorBody);
      return of(claim.body === undefined ? undefined : new EnvelopedJson(JSON.stringify(claim.body)));
    }

    const successStatus = this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ?? 201;
    const neverStored = this.reflector.get<string[] | undefined>(NEVER_STORED_KEY, context.getHandler());
    return next.handle().pipe(
      mergeMap(async (result: unknown) => {
        await this.idempotency.complete(claim.id, successStatus, withoutNeverStored(envelope(result), neverStored));
        return result;
      }),
      catchError((error: unknown) => from(this.settleFailure(claim.id, error)).pipe(mergeMap(() => throwError(() => error)))),
    );
  }

  private async settleFailure(id: string, error: unknown): Promise<void> {
    const { status, body } = toErrorResponse(error, '');
    if (isReplayable(status)) await this.idempotency.complete(id, status, body);
    else await this.idempotency.release(id);
  }
}

/**
 * The route's pattern with each parameter's decoded value put back, percent-encoded one way:
 * `/tickets/`, `/%74ickets` and `/tickets` are one route to Fastify, so they are one scope here.
 */
export function normalisedPath(request: Pick<FastifyRequest, 'routeOptions' | 'params' | 'url'>): string {
  const pattern = request.routeOptions.url;
  if (!pattern) return request.url.split('?')[0].slice(0, 1024);
  const params = (request.params ?? {}) as Record<string, unknown>;
  return pattern.replace(/:(\w+)/g, (_match, name: string) => encodeURIComponent(String(params[name] ?? ''))).slice(0, 1024);
}

/** The stored error again; its request_id becomes this request's (the filter sets it). */
function replayedError(body: ErrorBody): ApiError {
  const { code, message, details } = body.error;
  return new ApiError(code, message, details, { [REPLAYED_HEADER]: 'true' });
}
