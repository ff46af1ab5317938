import { matchesIfNoneMatch, weakEtag } from './conditional-get';

describe('conditional GET', () => {
  it('tags equal bodies alike and different bodies apart, as weak validators', () => {
    expect(weakEtag('{"data":[]}')).toBe(weakEtag(Buffer.from('{"data":[]}')));
    expect(weakEtag('{"data":[]}')).not.toBe(weakEtag('{"data":[1]}'));
    expect(weakEtag('x')).toMatch(/^W\/"[A-Za-z0-9_-]+"$/);
  });

  it('matches a listed tag, weakly, or *', () => {
    const tag = weakEtag('a');
    expect(matchesIfNoneMatch(tag, tag)).toBe(true);
    expect(matchesIfNoneMatch(`W/"other", ${tag}`, tag)).toBe(true);
    expect(matchesIfNoneMatch(tag.replace('W/', ''), tag)).toBe(true);
    expect(matchesIfNoneMatch('*', tag)).toBe(true);
    expect(matchesIfNoneMatch('W/"other"', tag)).toBe(false);
    expect(matchesIfNoneMatch(undefined, tag)).toBe(false);
  });
});
