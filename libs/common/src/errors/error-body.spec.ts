import { NotFoundException } from '@nestjs/common';
import { ApiError, notFound } from './api-error';
import { QueryBudgetExceeded } from './dependency-unavailable';
import { toErrorResponse } from './error-body';
import { ErrorCode } from './error-code';

describe('toErrorResponse', () => {
  it('keeps an ApiError code, message, details and headers', () => {
    const mapped = toErrorResponse(new ApiError(ErrorCode.RateLimited, 'slow down', [], { 'Retry-After': '3' }), 'req-1');
    expect(mapped.status).toBe(429);
    expect(mapped.headers).toEqual({ 'Retry-After': '3' });
    expect(mapped.body).toEqual({ error: { code: 'rate_limited', message: 'slow down', details: [], request_id: 'req-1' } });
  });

  it('names the body field of a missing reference', () => {
    const mapped = toErrorResponse(notFound('customer', 'customer_id'), 'r');
    expect(mapped.status).toBe(404);
    expect(mapped.body.error.details).toEqual([{ field: 'customer_id', message: 'no such customer' }]);
  });

  it.each([
    ['FST_ERR_CTP_INVALID_MEDIA_TYPE', 415, 'unsupported_media_type'],
    ['FST_ERR_CTP_BODY_TOO_LARGE', 413, 'payload_too_large'],
    ['FST_ERR_CTP_INVALID_JSON_BODY', 400, 'invalid_json'],
  ])('maps the framework error %s to %i %s', (code, status, contractCode) => {
    const mapped = toErrorResponse(Object.assign(new Error('x'), { code, statusCode: status }), 'r');
    expect(mapped.status).toBe(status);
    expect(mapped.body.error.code).toBe(contractCode);
  });

  it('maps an unknown route to not_found', () => {
    expect(toErrorResponse(new NotFoundException('Cannot GET /x'), 'r').body.error).toMatchObject({
      code: 'not_found',
      message: 'no such route',
    });
  });

  it('hides unexpected errors behind internal_error and flags them for logging', () => {
    const boom = new Error('secret database detail');
    const mapped = toErrorResponse(boom, 'r');
    expect(mapped.status).toBe(500);
    expect(JSON.stringify(mapped.body)).not.toContain('secret');
    expect(mapped.unexpected).toBe(boom);
  });

  it.each([
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['a PostgreSQL shutdown', { message: 'terminating connection due to administrator command', driverError: { code: '57P01' } }],
    ['a pool timeout', new Error('timeout exceeded when trying to connect')],
  ])('answers 503 unavailable with Retry-After for %s', (_name, error) => {
    const mapped = toErrorResponse(error, 'r');
    expect(mapped.status).toBe(503);
    expect(mapped.body.error.code).toBe('unavailable');
    expect(mapped.headers['Retry-After']).toBe('5');
    expect(mapped.unexpected).toBeUndefined();
  });

  it('answers a write that ran out of storage space 503 unavailable, on both engines', () => {
    for (const error of [
      { message: 'database or disk is full', driverError: { code: 'SQLITE_FULL' } },
      { message: 'could not extend file', driverError: { code: '53100' } },
    ]) {
      const mapped = toErrorResponse(error, 'r');
      expect(mapped).toMatchObject({
        status: 503,
        headers: { 'Retry-After': '30' },
        body: { error: { code: ErrorCode.Unavailable, request_id: 'r' } },
      });
      expect(mapped.body.error.message).toMatch(/storage space/);
    }
  });

  it('answers a PostgreSQL deadlock or serialization failure 503 unavailable with Retry-After, and still logs it', () => {
    for (const code of ['40P01', '40001']) {
      const error = { message: 'deadlock detected', driverError: { code } };
      const mapped = toErrorResponse(error, 'r');
      expect(mapped).toMatchObject({
        status: 503,
        headers: { 'Retry-After': '1' },
        body: { error: { code: ErrorCode.Unavailable, details: [], request_id: 'r' } },
        unexpected: error,
      });
      expect(mapped.body.error.message).toMatch(/retry/);
    }
  });

  it('answers a statement past the time budget 503 unavailable with Retry-After, on both engines', () => {
    for (const error of [
      new QueryBudgetExceeded(),
      { message: 'canceling statement due to statement timeout', driverError: { code: '57014' } },
    ]) {
      const mapped = toErrorResponse(error, 'r');
      expect(mapped).toMatchObject({
        status: 503,
        headers: { 'Retry-After': '5' },
        body: { error: { code: ErrorCode.Unavailable, details: [], request_id: 'r' } },
      });
      expect(mapped.body.error.message).toMatch(/time budget/);
      expect(mapped.unexpected).toBeUndefined();
    }
  });

  it('keeps a genuine query error a 500', () => {
    expect(toErrorResponse({ message: 'syntax error', driverError: { code: '42601' } }, 'r').status).toBe(500);
  });
});
