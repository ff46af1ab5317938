import fc from 'fast-check';
import { canonicalJson, requestHash } from './canonical-json';

describe('canonicalJson', () => {
  it('ignores key order and whitespace', () => {
    const a = JSON.parse('{"b": 1, "a": {"y": [1, {"q": 2, "p": 1}], "x": null}}');
    const b = JSON.parse('{"a":{"x":null,"y":[1,{"p":1,"q":2}]},"b":1}');
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(requestHash(a)).toBe(requestHash(b));
  });

  it('keeps array order and value differences significant', () => {
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
    expect(requestHash({ a: 1 })).not.toBe(requestHash({ a: '1' }));
    expect(requestHash(undefined)).toBe(requestHash(null));
  });

  it('round-trips: the canonical form parses back to an equal value', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)))));
  });
});
