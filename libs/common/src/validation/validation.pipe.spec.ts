import { Type } from 'class-transformer';
import { IsArray, IsEmail, IsIn, IsInt, IsOptional, IsString, Max, MaxLength } from 'class-validator';
import { ApiError } from '../errors/api-error';
import { RelayValidationPipe } from './validation.pipe';

class SampleDto {
  @IsEmail() customer_email!: string;
  @IsOptional() @IsString() @MaxLength(5) name?: string;
  @IsOptional() @IsInt() count?: number;
}

class SampleQuery {
  @IsOptional() @Type(() => Number) @IsInt() @Max(100) limit: number = 50;
  @IsOptional() @IsArray() @IsIn(['open', 'closed'], { each: true }) status?: string[];
}

describe('RelayValidationPipe', () => {
  const pipe = new RelayValidationPipe();
  const body = { type: 'body' as const, metatype: SampleDto };

  async function failure(value: unknown): Promise<ApiError> {
    try {
      await pipe.transform(value, body);
    } catch (error) {
      return error as ApiError;
    }
    throw new Error('expected a validation failure');
  }

  it('passes a valid body through as a DTO instance', async () => {
    const result = await pipe.transform({ customer_email: 'a@b.co' }, body);
    expect(result).toBeInstanceOf(SampleDto);
  });

  it('reports each field in details with a readable message', async () => {
    const error = await failure({ customer_email: 'nope', name: 'toolong' });
    expect(error.code).toBe('validation_failed');
    expect(error.message).toBe('customer_email must be an email');
    expect(error.details).toEqual(
      expect.arrayContaining([
        { field: 'customer_email', message: 'must be an email' },
        { field: 'name', message: 'must be shorter than or equal to 5 characters' },
      ]),
    );
  });

  it('rejects unknown fields by name', async () => {
    const error = await failure({ customer_email: 'a@b.co', subjet: 'typo' });
    expect(error.details).toEqual([{ field: 'subjet', message: 'is not a known field' }]);
  });

  it.each([[[1, 2]], ['text'], [42]])('rejects a body that is not an object (%p)', async (value) => {
    const error = await failure(value);
    expect(error.details).toEqual([{ field: 'body', message: 'must be a JSON object' }]);
  });

  it('treats a missing body as empty, so required fields are named', async () => {
    const error = await failure(undefined);
    expect(error.details).toEqual([{ field: 'customer_email', message: 'is required' }]);
  });

  describe('query strings', () => {
    const query = { type: 'query' as const, metatype: SampleQuery };

    it('validates a query string once and gives each request its own copy', async () => {
      const queries = new RelayValidationPipe();
      const validate = jest.spyOn(queries as unknown as { validate: () => unknown }, 'validate');
      const first = (await queries.transform({ limit: '20', status: ['open'] }, query)) as SampleQuery;
      first.status!.push('closed');
      first.limit = 99;
      const second = (await queries.transform({ limit: '20', status: ['open'] }, query)) as SampleQuery;
      expect(validate).toHaveBeenCalledTimes(1);
      expect(second).toBeInstanceOf(SampleQuery);
      expect(second).toEqual(Object.assign(new SampleQuery(), { limit: 20, status: ['open'] }));
      await queries.transform({ limit: '30' }, query);
      expect(validate).toHaveBeenCalledTimes(2);
    });

    it('still refuses an invalid query string every time', async () => {
      const queries = new RelayValidationPipe();
      for (let i = 0; i < 2; i++) {
        await expect(queries.transform({ limit: '500' }, query)).rejects.toMatchObject({
          details: [{ field: 'limit', message: 'must not be greater than 100' }],
        });
      }
    });
  });
});
