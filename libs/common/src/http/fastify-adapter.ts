import { Logger } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { envelope, EnvelopedJson } from '../envelope/envelope';
import { ApiError, validationFailed } from '../errors/api-error';
import { ErrorCode } from '../errors/error-code';
import type { HttpConfig } from '../config/relay-config';
import { requestIdFor } from './request-id';
import { clientErrorHandler } from './client-error';
import { sendError } from './all-exceptions.filter';
import { undecodableQueryField } from './query-encoding';
import { exceedsDepth, MAX_JSON_DEPTH } from './json-depth';
import { matchesIfNoneMatch, weakEtag } from './conditional-get';

export const MAX_BODY_BYTES = 1024 * 1024;
/** Throws on bytes that are not UTF-8 instead of replacing them. */
const UTF8 = new TextDecoder('utf-8', { fatal: true });
const frameworkLogger = new Logger('Errors');
/** What Fastify sends objects as. */
const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

let draining = false;

/**
 * From now on every response asks the client to close its connection. Without it a busy
 * keep-alive client never lets the server finish draining after SIGTERM.
 */
export function startDraining(): void {
  draining = true;
}

/**
 * Nest hands every handler's result to `reply()`: the envelope is applied there rather than
 * in a global interceptor, because any interceptor puts the whole request through rxjs and an
 * AsyncResource per layer (measured: 0.25 ms of CPU on every request, three times the cost of
 * `GET /health` itself). Errors do not pass here: the exception filter writes its own body.
 */
class EnvelopingFastifyAdapter extends FastifyAdapter {
  override reply(response: Parameters<FastifyAdapter['reply']>[0], body: unknown, statusCode?: number) {
    if (body instanceof EnvelopedJson) {
      (response as FastifyReply).type(JSON_CONTENT_TYPE);
      return super.reply(response, body.json, statusCode);
    }
    return super.reply(response, envelope(body), statusCode);
  }
}

/**
 * The Fastify instance behind Nest: request ids, the 1 MiB body limit, and JSON as the only
 * body type (anything else is 415). Errors raised while parsing reach Nest's exception layer,
 * so they leave through the same global filter as every other error. X-Forwarded-For decides
 * the client IP only when it comes from a proxy `http.trustProxy` names: believed from anyone,
 * it would let a client pick a fresh IP, and so a fresh per-IP budget, on every attempt.
 */
export function createFastifyAdapter(http: HttpConfig): FastifyAdapter {
  const adapter = new EnvelopingFastifyAdapter({
    bodyLimit: MAX_BODY_BYTES,
    genReqId: requestIdFor,
    // A malformed or over-long (> 500 characters) path parameter is refused before routing, where no hook runs.
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) => sendError(error, request, reply, frameworkLogger),
    clientErrorHandler,
    trustProxy: http.trustProxy,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 500 },
    // While draining, requests already on open connections are still served, not refused.
    return503OnClosing: false,
  });
  const fastify = adapter.getInstance();
  fastify.removeAllContentTypeParsers();
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  // Bytes, not a string: Fastify's decoding would turn invalid UTF-8 into U+FFFD and store it.
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: MAX_BODY_BYTES }, (request, body, done) => {
    let text: string;
    try {
      text = UTF8.decode(body as Buffer);
    } catch {
      return done(new ApiError(ErrorCode.InvalidJson, 'request body is not valid UTF-8'), undefined);
    }
    // An empty body with a JSON content type is "no body" (many clients send the header on every POST).
    if (text.trim() === '') return done(null, undefined);
    parseJson(request, text, (error, value) => {
      if (error) return done(new ApiError(ErrorCode.InvalidJson, `request body is not valid JSON: ${error.message}`), undefined);
      if (exceedsDepth(value)) {
        return done(
          new ApiError(ErrorCode.ValidationFailed, `request body nests deeper than ${MAX_JSON_DEPTH} levels`, [
            { field: 'body', message: 'nested too deeply' },
          ]),
          undefined,
        );
      }
      done(null, value);
    });
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header('X-Request-Id', request.id);
    const field = undecodableQueryField(request.url);
    done(field === undefined ? undefined : validationFailed(field, 'must be percent-encoded UTF-8'));
  });
  // At send time, so responses to requests that arrived before the drain began close too.
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (draining) reply.header('Connection', 'close');
    // Conditional GETs for pollers: every whole JSON body gets a weak ETag; a client that already
    // holds it gets 304 and no body. Streams (exports) are left alone.
    if (
      (request.method === 'GET' || request.method === 'HEAD') &&
      reply.statusCode === 200 &&
      (typeof payload === 'string' || Buffer.isBuffer(payload))
    ) {
      const etag = weakEtag(payload);
      reply.header('ETag', etag);
      if (matchesIfNoneMatch(request.headers['if-none-match'], etag)) {
        reply.code(304).removeHeader('Content-Type').removeHeader('Content-Length');
        return done(null, '');
      }
    }
    done(null, payload);
  });
  return adapter;
}
