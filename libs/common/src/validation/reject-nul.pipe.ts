import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { validationFailed } from '../errors/api-error';

/**
 * Refuses a NUL character (U+0000) anywhere in a body, query or path string. PostgreSQL cannot
 * store or even compare one in text ("invalid byte sequence"), so without this check it would
 * surface as a 500 on one engine and pass on the other. Custom parameters (the principal) are
 * the server's own values, not the client's, and are not walked.
 */
@Injectable()
export class RejectNulPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const steps = nulAt(value);
    if (steps) throw validationFailed(fieldName(metadata.data ?? '', steps) || metadata.type, 'must not contain NUL (\\u0000) characters');
    return value;
  }
}

interface Step {
  key: string;
  index: boolean;
}

/**
 * The way to the first NUL in `value` (empty when it is `value` itself), or undefined. Every
 * request passes here: the way is built only once a NUL is found.
 */
function nulAt(value: unknown): Step[] | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? [] : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  const index = Array.isArray(value);
  for (const key in value) {
    const steps = key.includes('\u0000') ? [] : nulAt((value as Record<string, unknown>)[key]);
    if (steps) {
      steps.unshift({ key, index });
      return steps;
    }
  }
  return undefined;
}

/** `tags[1]`, `customer.email`: the field as the error names it. */
function fieldName(root: string, steps: Step[]): string {
  return steps.reduce((path, { key, index }) => (index ? `${path}[${key}]` : path ? `${path}.${key}` : key), root);
}
