import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { ApiError } from '../errors/api-error';
import { ErrorCode } from '../errors/error-code';

export interface CursorPosition {
  /** The sort column's value (epoch ms) of the last record served. */
  value: number;
  id: string;
}

interface CursorPayload {
  v: number;
  i: string;
  /** Hash of sort, order and filters: a cursor only continues the listing it came from. */
  k: string;
}

/**
 * Opaque, tamper-evident keyset cursors: base64url(JSON) + an HMAC with an installation secret
 * that every instance shares (stored in the database), so any instance can continue any page.
 */
export class CursorCodec {
  constructor(private readonly secret: Buffer) {}

  encode(position: CursorPosition, listingKey: string): string {
    const payload: CursorPayload = { v: position.value, i: position.id, k: listingKey };
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${body}.${this.sign(body)}`;
  }

  decode(cursor: string, listingKey: string): CursorPosition {
    const [body, signature, extra] = cursor.split('.');
    if (!body || !signature || extra !== undefined || !this.verify(body, signature)) {
      throw invalidCursor('cursor is malformed or was altered');
    }
    let payload: CursorPayload;
    try {
      payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as CursorPayload;
    } catch {
      throw invalidCursor('cursor is malformed or was altered');
    }
    if (payload.k !== listingKey) {
      throw invalidCursor('cursor belongs to a listing with other filters, sort or order; pass the same ones');
    }
    return { value: payload.v, id: payload.i };
  }

  private sign(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url').slice(0, 22);
  }

  private verify(body: string, signature: string): boolean {
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}

/** A stable key for "the same listing": resource + sort + order + the filters, canonicalised. */
export function listingKey(resource: string, parts: Record<string, unknown>): string {
  const canonical = Object.keys(parts)
    .filter((k) => parts[k] !== undefined && parts[k] !== null)
    .sort()
    .map((k) => [k, parts[k]]);
  return createHash('sha256')
    .update(JSON.stringify([resource, canonical]))
    .digest('base64url')
    .slice(0, 16);
}

function invalidCursor(message: string): ApiError {
  return new ApiError(ErrorCode.InvalidCursor, message, [{ field: 'cursor', message }]);
}
