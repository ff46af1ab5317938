import { ArgumentMetadata, Injectable, ValidationError, ValidationPipe } from '@nestjs/common';
import { ApiError, ErrorDetail } from '../errors/api-error';
import { ErrorCode } from '../errors/error-code';

/**
 * Valid query strings kept per DTO class, and the longest one kept (a cursor and a few filters):
 * at most ~6 MB over the API's fifteen query DTOs, whatever clients send.
 */
const KEPT_QUERIES = 200;
const KEPT_QUERY_LENGTH = 1024;

/**
 * The one validation pipe: whitelist + forbid unknown fields (a typo must not be ignored),
 * transform to DTO instances, and errors in the contract's `details[]` shape.
 *
 * A query DTO that passed is kept, by its DTO class and query string, and copied out for the
 * same query again: integrators poll the same lists all day, and validation runs every rule of
 * every property the DTO declares, given or not (about a tenth of what a kept `GET /tickets`
 * page costs). The rules are pure, so the same query always gives the same DTO; a copy per
 * request (arrays copied too) keeps one handler's changes from reaching another request.
 */
@Injectable()
export class RelayValidationPipe extends ValidationPipe {
  private readonly keptQueries = new Map<unknown, Map<string, object>>();

  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      forbidUnknownValues: true,
      validationError: { target: false, value: true },
      exceptionFactory: (errors) => toValidationError(errors),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && metadata.metatype && metadata.metatype !== Object) {
      if (value === undefined || value === null) value = {};
      if (typeof value !== 'object' || Array.isArray(value)) {
        throw new ApiError(ErrorCode.ValidationFailed, 'request body must be a JSON object', [
          { field: 'body', message: 'must be a JSON object' },
        ]);
      }
    }
    if (metadata.type === 'query' && metadata.data === undefined && this.toValidate(metadata)) return this.query(value, metadata);
    return super.transform(value, metadata);
  }

  private async query(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const text = JSON.stringify(value ?? {});
    if (text.length > KEPT_QUERY_LENGTH) return super.transform(value, metadata);
    let kept = this.keptQueries.get(metadata.metatype);
    if (!kept) this.keptQueries.set(metadata.metatype, (kept = new Map()));
    const dto = kept.get(text);
    if (dto) {
      // Map order is recency: the least recently used query is the first one evicted.
      kept.delete(text);
      kept.set(text, dto);
      return copyOf(dto);
    }
    const valid = (await super.transform(value, metadata)) as object;
    kept.set(text, copyOf(valid));
    if (kept.size > KEPT_QUERIES) kept.delete(kept.keys().next().value!);
    return valid;
  }
}

/** A query DTO's own copy: same class, its arrays (the list filters) copied. */
function copyOf(dto: object): object {
  const copy = Object.create(Object.getPrototypeOf(dto) as object) as Record<string, unknown>;
  for (const [key, item] of Object.entries(dto)) copy[key] = Array.isArray(item) ? [...item] : item;
  return copy;
}

export function toValidationError(errors: ValidationError[]): ApiError {
  const details = flatten(errors);
  const first = details[0];
  const message = first ? (first.field ? `${first.field} ${first.message}` : first.message) : 'request is invalid';
  return new ApiError(ErrorCode.ValidationFailed, message, details);
}

function flatten(errors: ValidationError[], parent = ''): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const constraints = Object.entries(error.constraints ?? {});
    if (constraints.some(([name]) => name === 'whitelistValidation')) {
      details.push({ field, message: 'is not a known field' });
    } else if (constraints.length && error.value === undefined) {
      // One clear line for a missing field rather than every rule it would have broken.
      details.push({ field, message: 'is required' });
    } else if (constraints.length && error.value === null) {
      // Fields that may be null skip validation (@IsOptional), so a rule broken by null means "not nullable".
      details.push({ field, message: 'must not be null' });
    } else {
      for (const [, text] of constraints) details.push({ field, message: stripProperty(text, error.property) });
    }
    if (error.children?.length) details.push(...flatten(error.children, field));
  }
  return details;
}

/** class-validator says "email must be an email"; details carry the field apart. */
function stripProperty(text: string, property: string): string {
  return text.startsWith(`${property} `) ? text.slice(property.length + 1) : text;
}
