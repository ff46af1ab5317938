import type { OpenAPIObject } from '@nestjs/swagger';
import type { HeaderObject, ReferenceObject, ResponseObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { operationsOf } from './lintable';

const errorBody = { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponseDto' } } };

/** The headers of contract §1 and §4, declared once in `components.headers` and referenced. */
const SHARED_HEADERS: Record<string, HeaderObject> = {
  'X-Request-Id': {
    description: 'Echoes the X-Request-Id you sent, or a generated one; errors repeat it as request_id.',
    schema: { type: 'string' },
  },
  'X-RateLimit-Limit': { description: 'Requests allowed per minute for this key.', schema: { type: 'integer' } },
  'X-RateLimit-Remaining': { description: 'Requests left in the current window.', schema: { type: 'integer' } },
  'X-RateLimit-Reset': { description: 'When the window resets, in unix epoch seconds.', schema: { type: 'integer' } },
  'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer' } },
  ETag: {
    description: 'A weak validator of the body; send it back as If-None-Match to get 304 while nothing changed.',
    schema: { type: 'string', example: 'W/"3mJr7AoUXx2Wqd4gj4Uu0VxGOQ0"' },
  },
};
const header = (name: string): ReferenceObject => ({ $ref: `#/components/headers/${name}` });
const REQUEST_ID = { 'X-Request-Id': header('X-Request-Id') };
const RATE_LIMIT = {
  'X-RateLimit-Limit': header('X-RateLimit-Limit'),
  'X-RateLimit-Remaining': header('X-RateLimit-Remaining'),
  'X-RateLimit-Reset': header('X-RateLimit-Reset'),
};

const REQUEST_ID_EXAMPLE = '6b0d3c0e-8d7e-4c39-9a43-0c6f4a4d2f7e';

/** A realistic body for each error status, as the server words it. */
function errorExample(status: string, path: string, permissions: string[]): object | undefined {
  const error = (code: string, message: string, details: { field?: string; message: string }[] = []) => ({
    error: { code, message, details, request_id: REQUEST_ID_EXAMPLE },
  });
  const permission = permissions[0] ?? 'tickets:write';
  // `/api/v1/api-keys/{id}` → `api key`
  const resource = (path.split('/')[3] ?? 'record').replace(/s$/, '').replace(/-/g, ' ');
  switch (status) {
    case '400':
      return error('validation_failed', 'customer_email must be an email', [{ field: 'customer_email', message: 'must be an email' }]);
    case '401':
      return error('unauthorized', 'missing API key: send Authorization: Bearer <key>');
    case '403':
      return error('forbidden', `this API key lacks the permission ${permission}`, [
        { field: 'permissions', message: `requires ${permission}` },
      ]);
    case '404':
      return error('not_found', `${resource} not found`);
    case '409':
      return error('conflict', 'a customer with this email already exists', [{ field: 'email', message: 'already exists' }]);
    case '413':
      return error('payload_too_large', 'request body exceeds 1 MiB');
    case '415':
      return error('unsupported_media_type', 'request bodies must be application/json');
    case '422':
      return error('idempotency_mismatch', 'this Idempotency-Key was already used with a different request body', [
        { field: 'Idempotency-Key', message: 'reused with a different body' },
      ]);
    case '429':
      return error('rate_limited', 'rate limit of 100 requests per minute exceeded; retry after 12s');
    case '500':
      return error('internal_error', 'an unexpected error occurred; quote the request_id when reporting it');
    case '503':
      return error('unavailable', 'the database is unavailable; retry shortly');
    default:
      return undefined;
  }
}

/**
 * Responses every route can give whatever its module says, added to each operation so the
 * document matches the server: bad query/path input (400), body size and type (413, 415),
 * database unavailable (503), unexpected failure (500), the headers of contract §1 and §4, and
 * one example per error status.
 */
export function documentCommonResponses(document: OpenAPIObject): OpenAPIObject {
  document.components ??= {};
  document.components.headers = { ...SHARED_HEADERS, ...document.components.headers };
  document.components.parameters = {
    ...document.components.parameters,
    IfNoneMatch: {
      name: 'If-None-Match',
      in: 'header',
      required: false,
      description: 'The ETag of a body you hold: 304 Not Modified, without a body, while it is still current.',
      schema: { type: 'string' },
    },
  };
  for (const { path, method, operation } of operationsOf(document)) {
    const isPublic = path.startsWith('/health');
    const responses = operation.responses as Record<string, ResponseObject>;
    if (method === 'get' && responses['200']?.content?.['application/json']) {
      operation.parameters = [...(operation.parameters ?? []), { $ref: '#/components/parameters/IfNoneMatch' }];
      responses['200'].headers = { ETag: header('ETag'), ...responses['200'].headers };
      responses['304'] = {
        description: 'Not Modified: the If-None-Match tag is still current; no body.',
        headers: { ETag: header('ETag') },
      };
    }
    if (!isPublic) {
      responses['400'] ??= {
        description:
          'Bad input: unknown or malformed query or path parameters (not UTF-8, over 500 characters), a NUL or a lone UTF-16 surrogate in a string, or a body that is not UTF-8 JSON.',
        content: errorBody,
      };
      if (operation.requestBody) {
        responses['413'] ??= { description: 'The body exceeds 1 MiB.', content: errorBody };
        responses['415'] ??= { description: 'The body is not application/json.', content: errorBody };
      }
      responses['429'] = { ...responses['429'], headers: { ...RATE_LIMIT, 'Retry-After': header('Retry-After') } };
    }
    responses['500'] ??= { description: 'Unexpected failure; quote the request_id.', content: errorBody };
    responses['503'] ??= { description: 'The database is unavailable; retry after Retry-After seconds.', content: errorBody };
    const permissions = ((operation as unknown as Record<string, unknown>)['x-required-permissions'] as string[] | undefined) ?? [];
    for (const [status, response] of Object.entries(responses)) {
      const limited = !isPublic && status !== '429';
      response.headers = { ...REQUEST_ID, ...(limited ? RATE_LIMIT : {}), ...response.headers };
      const json = response.content?.['application/json'];
      const example = Number(status) >= 400 ? errorExample(status, path, permissions) : undefined;
      const isErrorBody = (json?.schema as { $ref?: string } | undefined)?.$ref === errorBody['application/json'].schema.$ref;
      // A copy: the decorators share one content object between responses.
      if (json && example && isErrorBody && json.example === undefined && !json.examples)
        response.content = { ...response.content, 'application/json': { ...json, example } };
    }
  }
  return shareResponses(document);
}

const RESPONSE_NAMES: Record<string, string> = {
  '304': 'NotModified',
  '400': 'BadRequest',
  '401': 'Unauthorized',
  '403': 'Forbidden',
  '404': 'NotFound',
  '409': 'Conflict',
  '413': 'PayloadTooLarge',
  '415': 'UnsupportedMediaType',
  '422': 'IdempotencyMismatch',
  '429': 'RateLimited',
  '500': 'InternalError',
  '503': 'Unavailable',
};

/**
 * The error response most operations give for a status goes to `components.responses` once and
 * is referenced; an operation that words it differently keeps its own.
 */
function shareResponses(document: OpenAPIObject): OpenAPIObject {
  const variants = new Map<string, Map<string, number>>();
  for (const { operation } of operationsOf(document)) {
    for (const [status, response] of Object.entries(operation.responses)) {
      if (!RESPONSE_NAMES[status]) continue;
      const counts = variants.get(status) ?? new Map<string, number>();
      const key = JSON.stringify(response);
      counts.set(key, (counts.get(key) ?? 0) + 1);
      variants.set(status, counts);
    }
  }
  const shared = new Map<string, string>();
  document.components!.responses ??= {};
  for (const [status, counts] of variants) {
    const [key] = [...counts].sort((a, b) => b[1] - a[1])[0];
    shared.set(status, key);
    document.components!.responses[RESPONSE_NAMES[status]] = JSON.parse(key) as ResponseObject;
  }
  for (const { operation } of operationsOf(document)) {
    for (const [status, response] of Object.entries(operation.responses)) {
      if (shared.get(status) === JSON.stringify(response))
        operation.responses[status] = { $ref: `#/components/responses/${RESPONSE_NAMES[status]}` };
    }
  }
  return document;
}
