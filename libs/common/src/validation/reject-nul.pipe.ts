import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { validationFailed } from '../errors/api-error';

/**
 * Refuses a NUL character (U+0000) anywhere in a body, query or path string. PostgreSQL cannot
 * store or even compare one in text ("invalid byte sequence"), so without this check it would
 * surface as a 500 on one engine and pass on the other.
 */
@Injectable()
export class RejectNulPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const field = nulAt(value, metadata.data ?? '');
    if (field !== undefined) throw validationFailed(field || metadata.type, 'must not contain NUL (\\u0000) characters');
    return value;
  }
}

function nulAt(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, item] of Object.entries(value)) {
    if (key.includes('\u0000')) return path ? `${path}.${key}` : key;
    const found = nulAt(item, Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key);
    if (found !== undefined) return found;
  }
  return undefined;
}
