import type { OpenAPIObject } from '@nestjs/swagger';
import { IDEMPOTENCY_HEADER, MAX_KEY_LENGTH, REPLAYED_HEADER } from './idempotency.interceptor';

const errorBody = { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponseDto' } } };

/** Documents the Idempotency-Key header, and its 409 / 422 answers, on every POST operation. */
export function documentIdempotency(document: OpenAPIObject): OpenAPIObject {
  for (const path of Object.values(document.paths)) {
    const post = path.post;
    if (!post) continue;
    post.parameters = [
      ...(post.parameters ?? []),
      {
        name: IDEMPOTENCY_HEADER,
        in: 'header',
        required: false,
        schema: { type: 'string', minLength: 1, maxLength: MAX_KEY_LENGTH },
        description:
          `Makes the POST safe to retry for 24 h (scoped to the workspace, the calling API key, the method and the route's path: percent-encoding and trailing slashes do not make a new key). The same key with the same JSON body replays the first response with \`${REPLAYED_HEADER}: true\`; ` +
          'with a different body: 422 `idempotency_mismatch`; while the first is in flight: 409 `conflict`.',
      },
    ];
    post.responses['409'] ??= { description: 'The same Idempotency-Key is still in flight.', content: errorBody };
    post.responses['422'] ??= { description: 'The Idempotency-Key was used with a different request body.', content: errorBody };
  }
  return document;
}
