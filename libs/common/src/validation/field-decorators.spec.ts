import { IsBoolean, IsOptional, Max } from 'class-validator';
import { ApiError } from '../errors/api-error';
import { DateTimeQuery, IsIntegerParam, IsOmittable } from './field-decorators';
import { RelayValidationPipe } from './validation.pipe';

class Sample {
  @IsOptional() @Max(100) @IsIntegerParam() limit?: number;
  @DateTimeQuery('When.') after?: string;
  @IsOmittable() @IsBoolean() active?: boolean;
}

describe('field decorators', () => {
  const pipe = new RelayValidationPipe();
  const run = (value: Record<string, unknown>) => pipe.transform(value, { type: 'body', metatype: Sample }) as Promise<Sample>;
  const failure = async (value: Record<string, unknown>) => {
    try {
      await run(value);
    } catch (error) {
      return (error as ApiError).details;
    }
    throw new Error('expected a validation failure');
  };

  it('reads decimal integers only', async () => {
    expect((await run({ limit: '20' })).limit).toBe(20);
    expect((await run({ limit: '020' })).limit).toBe(20);
    for (const limit of ['0x10', '1e2', '0b1', '0o7', ' 7', '7 ', '2.0', '+5', '', 'Infinity']) {
      expect((await failure({ limit }))[0]).toEqual({ field: 'limit', message: 'must be an integer written in decimal digits' });
    }
    expect(await failure({ limit: '99999999999999999999' })).toEqual([{ field: 'limit', message: 'must not be greater than 100' }]);
  });

  it('hands dates on in the canonical form and names the parameter it refuses', async () => {
    expect((await run({ after: '2026-01-13' })).after).toBe('2026-01-13T00:00:00.000Z');
    expect((await run({ after: '2026-01-13T10:00+02:00' })).after).toBe('2026-01-13T08:00:00.000Z');
    for (const after of ['2026-W01-1', '2026-013', '2026-02-30', ['2026-01-13', '2026-01-14'], 42]) {
      expect((await failure({ after }))[0].field).toBe('after');
    }
  });

  it('lets an omittable field be absent but not null', async () => {
    expect((await run({})).active).toBeUndefined();
    expect(await failure({ active: null })).toEqual([{ field: 'active', message: 'must not be null' }]);
  });
});
