import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { validationFailed } from '../errors/api-error';

/**
 * Text no engine stores faithfully. PostgreSQL cannot store or even compare a NUL (U+0000) in
 * text, nor encode a lone UTF-16 surrogate (half of a pair, which JSON's `\ud800` escape can
 * produce) as UTF-8; SQLite stores the surrogate's bytes but hands back U+FFFD. Without this
 * check either is a 500 on one engine and silently different data on the other.
 */
// eslint-disable-next-line no-control-regex -- NUL is exactly what this refuses
const UNSTORABLE = /\u0000|\p{Cs}/u;

/**
 * Refuses NUL characters and lone surrogates anywhere in a body, query or path string (keys
 * included), naming the field. Custom parameters (the principal) are the server's own values,
 * not the client's, and are not walked.
 */
@Injectable()
export class RejectUnstorableTextPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const found = unstorableAt(value);
    if (found) {
      const message = found.text.includes('\u0000')
        ? 'must not contain NUL (\\u0000) characters'
        : 'must not contain unpaired UTF-16 surrogates (\\ud800–\\udfff)';
      throw validationFailed(fieldName(metadata.data ?? '', found.steps) || metadata.type, message);
    }
    return value;
  }
}

interface Step {
  key: string;
  index: boolean;
}

interface Found {
  /** The way to the string (empty when it is `value` itself). */
  steps: Step[];
  text: string;
}

/** The first unstorable string in `value`, or undefined. Every request passes here: the way is built only once one is found. */
function unstorableAt(value: unknown): Found | undefined {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? { steps: [], text: value } : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  const index = Array.isArray(value);
  for (const key in value) {
    const found = UNSTORABLE.test(key) ? { steps: [], text: key } : unstorableAt((value as Record<string, unknown>)[key]);
    if (found) {
      found.steps.unshift({ key, index });
      return found;
    }
  }
  return undefined;
}

/** `tags[1]`, `customer.email`: the field as the error names it. */
function fieldName(root: string, steps: Step[]): string {
  return steps.reduce((path, { key, index }) => (index ? `${path}[${key}]` : path ? `${path}.${key}` : key), root);
}
