import type { OpenAPIObject } from '@nestjs/swagger';
import type { HeaderObject, OperationObject, ResponseObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

const errorBody = { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponseDto' } } };
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

const REQUEST_ID: Record<string, HeaderObject> = {
  'X-Request-Id': { description: 'Echoes the X-Request-Id you sent, or a generated one; errors repeat it as request_id.', schema: { type: 'string' } },
};
const RATE_LIMIT: Record<string, HeaderObject> = {
  'X-RateLimit-Limit': { description: 'Requests allowed per minute for this key.', schema: { type: 'integer' } },
  'X-RateLimit-Remaining': { description: 'Requests left in the current window.', schema: { type: 'integer' } },
  'X-RateLimit-Reset': { description: 'When the window resets, in unix epoch seconds.', schema: { type: 'integer' } },
};

/**
 * Responses every route can give whatever its module says, added to each operation so the
 * document matches the server: bad query/path input (400), body size and type (413, 415),
 * database unavailable (503), unexpected failure (500), and the headers of contract §1 and §4.
 */
export function documentCommonResponses(document: OpenAPIObject): OpenAPIObject {
  for (const [path, item] of Object.entries(document.paths)) {
    const isPublic = path.startsWith('/health');
    for (const method of METHODS) {
      const operation: OperationObject | undefined = item[method];
      if (!operation) continue;
      const responses = operation.responses as Record<string, ResponseObject>;
      if (!isPublic) {
        responses['400'] ??= { description: 'Bad input: unknown or malformed query or path parameters (not UTF-8, over 500 characters), a NUL or a lone UTF-16 surrogate in a string, or a body that is not UTF-8 JSON.', content: errorBody };
        if (operation.requestBody) {
          responses['413'] ??= { description: 'The body exceeds 1 MiB.', content: errorBody };
          responses['415'] ??= { description: 'The body is not application/json.', content: errorBody };
        }
        responses['429'] = { ...responses['429'], headers: { ...RATE_LIMIT, 'Retry-After': { description: 'Seconds until the window resets.', schema: { type: 'integer' } } } };
      }
      responses['500'] ??= { description: 'Unexpected failure; quote the request_id.', content: errorBody };
      responses['503'] ??= { description: 'The database is unavailable; retry after Retry-After seconds.', content: errorBody };
      for (const [status, response] of Object.entries(responses)) {
        const limited = !isPublic && status !== '429';
        response.headers = { ...REQUEST_ID, ...(limited ? RATE_LIMIT : {}), ...response.headers };
      }
    }
  }
  return document;
}
