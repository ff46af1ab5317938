import { SetMetadata } from '@nestjs/common';

export const NEVER_STORED_KEY = 'relay:idempotency-never-stored';

/**
 * Fields of the response's `data` that must never be written to the idempotency store (API key
 * and signing secrets: those are shown once and stored hashed, or only where signing needs
 * them). A replay returns the record with these fields null.
 */
export function NeverStoredForReplay(...fields: string[]): MethodDecorator {
  return SetMetadata(NEVER_STORED_KEY, fields);
}

/** The body as it may be stored: the listed `data` fields replaced by null. */
export function withoutNeverStored(body: unknown, fields: string[] | undefined): unknown {
  if (!fields?.length || !body || typeof body !== 'object' || !('data' in body)) return body;
  const data = (body as { data: unknown }).data;
  if (!data || typeof data !== 'object') return body;
  const redacted: Record<string, unknown> = { ...(data as Record<string, unknown>) };
  for (const field of fields) if (field in redacted) redacted[field] = null;
  return { ...body, data: redacted };
}
