import { ArgumentMetadata, Injectable, ValidationError, ValidationPipe } from '@nestjs/common';
import { ApiError, ErrorDetail } from '../errors/api-error';
import { ErrorCode } from '../errors/error-code';

/**
 * The one validation pipe: whitelist + forbid unknown fields (a typo must not be ignored),
 * transform to DTO instances, and errors in the contract's `details[]` shape.
 */
@Injectable()
export class RelayValidationPipe extends ValidationPipe {
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
    return super.transform(value, metadata);
  }
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
