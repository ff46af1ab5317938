import { ApiError } from '../errors/api-error';
import { CursorCodec, listingKey } from './cursor-codec';

describe('CursorCodec', () => {
  const codec = new CursorCodec(Buffer.from('a-test-secret-of-enough-length'));
  const key = listingKey('tickets', { status: ['open'], sort: 'created_at', order: 'desc' });

  it('round-trips a position', () => {
    const cursor = codec.encode({ value: 1700000000123, id: 'tkt_abc' }, key);
    expect(codec.decode(cursor, key)).toEqual({ value: 1700000000123, id: 'tkt_abc' });
  });

  it('refuses an altered cursor', () => {
    const cursor = codec.encode({ value: 1, id: 'tkt_abc' }, key);
    const [body, sig] = cursor.split('.');
    const forged = Buffer.from(JSON.stringify({ v: 2, i: 'tkt_abc', k: key })).toString('base64url');
    expect(() => codec.decode(`${forged}.${sig}`, key)).toThrow(ApiError);
    expect(() => codec.decode(`${body}.${sig}x`, key)).toThrow(ApiError);
    expect(() => codec.decode('garbage', key)).toThrow(ApiError);
  });

  it('refuses a cursor from another listing', () => {
    const cursor = codec.encode({ value: 1, id: 'x' }, key);
    const other = listingKey('tickets', { status: ['closed'], sort: 'created_at', order: 'desc' });
    expect(() => codec.decode(cursor, other)).toThrow(/other filters/);
  });

  it('refuses a cursor signed with another secret', () => {
    const cursor = new CursorCodec(Buffer.from('another-secret-entirely')).encode({ value: 1, id: 'x' }, key);
    expect(() => codec.decode(cursor, key)).toThrow(ApiError);
  });

  it('ignores key order and undefined filters when keying a listing', () => {
    expect(listingKey('t', { a: 1, b: undefined, c: 2 })).toBe(listingKey('t', { c: 2, a: 1 }));
  });
});
