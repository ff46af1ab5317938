import { ftsQuery, searchWords } from './ticket-filters';

describe('ftsQuery', () => {
  it('requires every word in the body column, each quoted so FTS5 syntax is read literally', () => {
    expect(ftsQuery(['refund', 'charged'])).toBe('body : ("refund" AND "charged")');
    expect(ftsQuery(searchWords('"refund"* (NEAR')!)).toBe('body : ("refund" AND "near")');
    expect(ftsQuery(['say"hi'])).toBe('body : ("say""hi")');
  });

  it('scopes to a workspace through the ws column when asked', () => {
    expect(ftsQuery(['refund'], 'ws_Ab1')).toBe('ws : "ws_Ab1" AND body : ("refund")');
  });
});
