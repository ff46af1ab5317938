import { ApiError } from '@relay/common';
import { normaliseTagName, tagNameKey, validTagName } from './tag-name';

describe('tag names', () => {
  it('trims and collapses inner whitespace', () => {
    expect(normaliseTagName('  VIP \t  customer\n')).toBe('VIP customer');
    expect(tagNameKey(' VIP  Customer ')).toBe('vip customer');
  });

  it('refuses empty, over-long and non-string names on the given field', () => {
    for (const bad of ['   ', 'x'.repeat(51), 42, 'a;b', 'vip,customer', ';']) {
      try {
        validTagName(bad, 'tags');
        throw new Error(`accepted ${String(bad)}`);
      } catch (error) {
        expect(error).toBeInstanceOf(ApiError);
        expect((error as ApiError).details[0].field).toBe('tags');
      }
    }
    expect(validTagName(` ${'y'.repeat(50)} `, 'tags')).toBe('y'.repeat(50));
  });
});
