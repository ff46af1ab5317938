import { IsEmail, IsInt, IsOptional, IsString, MaxLength } from 'class-validator';
import { ApiError } from '../errors/api-error';
import { RelayValidationPipe } from './validation.pipe';

class SampleDto {
  @IsEmail() customer_email!: string;
  @IsOptional() @IsString() @MaxLength(5) name?: string;
  @IsOptional() @IsInt() count?: number;
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
});
