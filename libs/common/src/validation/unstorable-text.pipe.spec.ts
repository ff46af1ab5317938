import { ApiError } from '../errors/api-error';
import { RejectUnstorableTextPipe } from './unstorable-text.pipe';

describe('RejectUnstorableTextPipe', () => {
  const pipe = new RejectUnstorableTextPipe();

  it('passes values without NUL through unchanged', () => {
    const body = { subject: 'ok', tags: ['a', 'b'], nested: { x: 1, y: null } };
    expect(pipe.transform(body, { type: 'body' })).toBe(body);
    expect(pipe.transform('tkt_1', { type: 'param', data: 'id' })).toBe('tkt_1');
  });

  it('names the field holding a NUL', () => {
    const fieldOf = (value: unknown, data?: string) => {
      try {
        pipe.transform(value, { type: data ? 'param' : 'body', data });
      } catch (error) {
        return (error as ApiError).details[0].field;
      }
      return undefined;
    };
    expect(fieldOf({ subject: 'a\u0000b' })).toBe('subject');
    expect(fieldOf({ tags: ['ok', '\u0000'] })).toBe('tags[1]');
    expect(fieldOf('x\u0000', 'id')).toBe('id');
    expect(fieldOf({ ['k\u0000']: 1 })).toBe('k\u0000');
    expect(fieldOf({ customer: { emails: ['a@b.c', { note: '\u0000' }] } })).toBe('customer.emails[1].note');
    expect(fieldOf({ tags: ['ok', 'x\u0000'] }, 'body')).toBe('body.tags[1]');
  });

  it('names the field holding a lone surrogate, and lets surrogate pairs through', () => {
    const failure = (value: unknown, data?: string) => {
      try {
        pipe.transform(value, { type: data ? 'param' : 'body', data });
      } catch (error) {
        return (error as ApiError).details[0];
      }
      return undefined;
    };
    const body = { subject: '🙂 ok', tags: ['a\ud83d\ude42'] };
    expect(pipe.transform(body, { type: 'body' })).toBe(body);
    expect(failure({ tags: ['ok', '\ud800'] })).toEqual({
      field: 'tags[1]',
      message: 'must not contain unpaired UTF-16 surrogates (\\ud800–\\udfff)',
    });
    expect(failure({ customer_email: 'a\udfff@b.co' })?.field).toBe('customer_email');
    expect(failure({ subject: 'x\ude42\ud83d' })?.field).toBe('subject');
    expect(failure('\ud83d', 'q')?.field).toBe('q');
  });

  it('leaves custom parameters (the principal, resolved by the server) alone', () => {
    const principal = { keyId: 'key\u0000' };
    expect(pipe.transform(principal, { type: 'custom' })).toBe(principal);
  });
});
