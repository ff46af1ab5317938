import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, MaxLength, ValidateBy, ValidateIf } from 'class-validator';
import { ISO_DATE_TIME_FORMS, parseIsoDateTime } from './iso-date-time';

/**
 * Optional, but not nullable: an absent field is skipped, an explicit `null` is validated (and
 * refused, naming the field) instead of slipping past `@IsOptional()` into a NOT NULL column.
 * `@IsOptional()` is for the fields the contract lets a client clear with `null`.
 */
export function IsOmittable(): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined);
}

/**
 * A date in one of the forms of ISO_DATE_TIME_FORMS, handed on as the canonical
 * `2026-01-13T00:00:00.000Z`, so every service reads one unambiguous form. Anything else is a
 * 400 naming the field.
 */
export function IsDateTime(): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => {
      const ms = typeof value === 'string' ? parseIsoDateTime(value) : undefined;
      return ms === undefined ? value : new Date(ms).toISOString();
    }),
    ValidateBy({
      name: 'isDateTime',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && parseIsoDateTime(value) !== undefined,
        defaultMessage: () => 'must be an ISO 8601 date such as 2026-01-13 or date-time such as 2026-01-13T00:00:00.000Z',
      },
    }),
  );
}

/** An optional date query parameter: parsed by IsDateTime, documented with the accepted forms. */
export function DateTimeQuery(description: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: String, format: 'date-time', description: `${description} ${ISO_DATE_TIME_FORMS}` }),
    IsOptional(),
    IsDateTime(),
  );
}

/**
 * An integer query parameter, written in decimal digits only: `Number()` would also take
 * `0x10`, `1e2`, `0b1` or ` 7 `, which the contract does not.
 */
export function IsIntegerParam(): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value)),
    IsInt({ message: 'must be an integer written in decimal digits' }),
  );
}

/** 64 KiB of text: a long email thread pasted whole fits, a runaway payload does not. */
export const THREAD_BODY_MAX = 65536;

/** A message body (a conversation entry, a ticket's description): stored exactly as given, but never blank, and capped. */
export function IsThreadBody(): PropertyDecorator {
  return applyDecorators(IsString(), Matches(/\S/, { message: '$property must not be blank' }), MaxLength(THREAD_BODY_MAX));
}
