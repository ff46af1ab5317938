import { undecodableQueryField } from './query-encoding';

describe('undecodableQueryField', () => {
  it('passes well-formed query strings, escapes and plain text alike', () => {
    for (const url of ['/t', '/t?', '/t?q=caf%C3%A9&limit=5', '/t?q=%F0%9F%99%82+x', '/t?tag=a&tag=b', '/t?flag', '/t?q=50%25']) {
      expect(undecodableQueryField(url)).toBeUndefined();
    }
  });

  it('names the parameter holding invalid UTF-8, a lone surrogate or a broken escape', () => {
    expect(undecodableQueryField('/t?limit=5&q=%ff')).toBe('q');
    expect(undecodableQueryField('/t?q=ok&customer_email=%ED%A0%80')).toBe('customer_email');
    expect(undecodableQueryField('/t?q=100%')).toBe('q');
    expect(undecodableQueryField('/t?ta%67=%C3')).toBe('tag');
    expect(undecodableQueryField('/t?%ff=1')).toBe('%ff');
  });
});
