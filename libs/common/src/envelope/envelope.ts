import { StreamableFile } from '@nestjs/common';
import { Page } from './page';

/**
 * A body already serialized in its envelope (a kept page, an idempotent replay of a stored
 * response): sent as it is, as JSON. A kept page is UTF-8 bytes already, so sending it again
 * neither encodes nor measures it.
 */
export class EnvelopedJson {
  constructor(readonly json: string | Buffer) {}
}

/**
 * A handler's result in the contract's envelope: `{ data }`, or `{ data, meta }` for a Page.
 * No body (204) and streamed files go out as they are.
 */
export function envelope(result: unknown): unknown {
  if (result === undefined || result instanceof StreamableFile) return result;
  if (result instanceof Page) return { data: result.items, meta: result.meta };
  return { data: result };
}
