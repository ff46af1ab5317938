import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toErrorResponse } from '../errors/error-body';

/** The single place errors become HTTP responses; unexpected ones are logged, never shown. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendError(exception, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>(), this.logger);
  }
}

export function sendError(exception: unknown, request: FastifyRequest, reply: FastifyReply, logger: Logger): void {
  const mapped = toErrorResponse(exception, String(request.id));
  if (mapped.unexpected) {
    const err = mapped.unexpected as Error;
    logger.error({ err, request_id: request.id, method: request.method, url: request.url }, err?.stack);
  }
  // Set here too, not only by the onRequest hook: errors raised before routing skip every hook.
  reply
    .headers({ ...mapped.headers, 'X-Request-Id': String(request.id) })
    .status(mapped.status)
    .send(mapped.body);
}
