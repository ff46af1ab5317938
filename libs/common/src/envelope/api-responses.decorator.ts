import { applyDecorators, HttpCode, HttpStatus, Type } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { ErrorCode, statusOf } from '../errors/error-code';

export class PageMetaDto {
  @ApiProperty({ example: 50, minimum: 1, maximum: 100 }) limit!: number;
  @ApiProperty({ example: 150, description: 'Records matching the filters, across all pages.' }) total!: number;
  @ApiProperty({ type: String, nullable: true, description: 'Pass back as ?cursor= for the next page; null on the last page.' })
  next_cursor!: string | null;
}

export class ErrorDetailDto {
  @ApiProperty({ required: false, example: 'customer_email' }) field?: string;
  @ApiProperty({ example: 'must be an email' }) message!: string;
}

export class ErrorDto {
  @ApiProperty({ enum: ErrorCode, enumName: 'ErrorCode' }) code!: ErrorCode;
  @ApiProperty({ example: 'customer_email must be an email' }) message!: string;
  @ApiProperty({ type: [ErrorDetailDto] }) details!: ErrorDetailDto[];
  @ApiProperty({ example: '6b0d3c0e-8d7e-4c39-9a43-0c6f4a4d2f7e' }) request_id!: string;
}

export class ErrorResponseDto {
  @ApiProperty({ type: ErrorDto }) error!: ErrorDto;
}

const ERROR_DESCRIPTIONS: Partial<Record<ErrorCode, string>> = {
  [ErrorCode.ValidationFailed]: 'Bad input: `validation_failed`, `invalid_json` or `invalid_cursor`; `details` names each field.',
  [ErrorCode.Unauthorized]: 'No key, an unknown, revoked or expired key, or its owner is deactivated.',
  [ErrorCode.Forbidden]: "The key's effective permissions do not allow this.",
  [ErrorCode.NotFound]: "No such record in the caller's workspace (or a referenced id in the body, named in `details`).",
  [ErrorCode.Conflict]: 'A uniqueness rule was violated, or the same Idempotency-Key is still in flight.',
  [ErrorCode.PayloadTooLarge]: 'The body exceeds 1 MiB.',
  [ErrorCode.UnsupportedMediaType]: 'The body is not application/json.',
  [ErrorCode.IdempotencyMismatch]: 'The Idempotency-Key was used with a different request.',
  [ErrorCode.RateLimited]: 'Over the rate limit; see Retry-After.',
};

/** Error responses a route can give, documented in the contract's error shape. */
export function ApiErrors(...codes: ErrorCode[]): MethodDecorator & ClassDecorator {
  const statuses = new Map<number, ErrorCode>();
  for (const code of codes) if (!statuses.has(statusOf(code))) statuses.set(statusOf(code), code);
  return applyDecorators(
    ...[...statuses].map(([status, code]) =>
      ApiResponse({ status, description: ERROR_DESCRIPTIONS[code] ?? code, type: ErrorResponseDto }),
    ),
  );
}

/** Documents a `{ data: T }` response. */
export function ApiData(model: Type<unknown>, status: HttpStatus = HttpStatus.OK, description?: string): MethodDecorator {
  return applyDecorators(
    HttpCode(status),
    ApiExtraModels(model),
    ApiResponse({
      status,
      description: description ?? 'Success',
      schema: { type: 'object', required: ['data'], properties: { data: { $ref: getSchemaPath(model) } } },
    }),
  );
}

/** Documents a `{ data: T[] }` response: a complete list (a report, a team's members), not a page. */
export function ApiDataList(model: Type<unknown>, description: string, status: HttpStatus = HttpStatus.OK): MethodDecorator {
  return applyDecorators(
    HttpCode(status),
    ApiExtraModels(model),
    ApiResponse({
      status,
      description,
      schema: { type: 'object', required: ['data'], properties: { data: { type: 'array', items: { $ref: getSchemaPath(model) } } } },
    }),
  );
}

/** Documents a `{ data: T[], meta }` list response. */
export function ApiPage(model: Type<unknown>): MethodDecorator {
  return applyDecorators(
    ApiExtraModels(model, PageMetaDto),
    ApiResponse({
      status: HttpStatus.OK,
      description: 'One page, newest first unless `sort`/`order` say otherwise.',
      schema: {
        type: 'object',
        required: ['data', 'meta'],
        properties: {
          data: { type: 'array', items: { $ref: getSchemaPath(model) } },
          meta: { $ref: getSchemaPath(PageMetaDto) },
        },
      },
    }),
  );
}

/** Documents an empty `204`. */
export function ApiNoContent(description = 'Done; no body.'): MethodDecorator {
  return applyDecorators(HttpCode(HttpStatus.NO_CONTENT), ApiResponse({ status: HttpStatus.NO_CONTENT, description }));
}
