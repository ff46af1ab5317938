import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { documentCommonResponses, documentOperations, ErrorResponseDto, makeLintable, PageMetaDto } from '@relay/common';
import { PERMISSIONS } from '@relay/auth';
import { documentIdempotency } from '@relay/idempotency';
import { documentWebhookEvents } from './openapi-webhooks';

/** The OpenAPI 3 document clients are generated from: every route, body, response and error. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Relay API')
    .setDescription(
      [
        'The Relay helpdesk REST API. JSON in and out, `snake_case` fields, ISO-8601 UTC timestamps.',
        'Single objects come as `{"data": …}`, lists as `{"data": […], "meta": {"limit", "total", "next_cursor"}}`;',
        'errors as `{"error": {"code", "message", "details", "request_id"}}`.',
        'Authenticate with `Authorization: Bearer <api key>` (people signed in to the Settings app use the `relay_session` cookie of `POST /auth/sessions` instead, with `X-CSRF-Token` on writes). Rate limit: 100 requests/minute per key',
        '(`X-RateLimit-Limit`, `X-RateLimit-Remaining`, `X-RateLimit-Reset` in epoch seconds).',
        `Permission (scope) names: ${PERMISSIONS.map((p) => `\`${p}\``).join(', ')}.`,
        'Every role holds `api_keys:read` / `api_keys:write` for its own keys (an admin for every key of the workspace);',
        'a key narrowed by `scopes` manages keys only if its scopes include them.',
        'Syncs: follow a list in ascending order of `created_at` or `updated_at` with `created_after` / `updated_after` set to the',
        'greatest value seen (inclusive: drop the ids already seen), or by cursor; no committed record is ever skipped. On PostgreSQL',
        'such reads (ascending, or with `*_after`) settle: a record appears once every write that started before it has ended (milliseconds).',
        'A Postman collection of every operation is served at `/postman.json`.',
      ].join(' '),
    )
    .setVersion('1.0.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An API key: `rly_…`' })
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    extraModels: [ErrorResponseDto, PageMetaDto],
    operationIdFactory: (_controller, method) => method,
  });
  // Order matters: examples and samples read the final request schemas; renaming comes last.
  return makeLintable(documentOperations(documentCommonResponses(documentIdempotency(documentWebhookEvents(document)))));
}
