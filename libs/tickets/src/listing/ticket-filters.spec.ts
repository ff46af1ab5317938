import { ftsQuery, searchWords, tagTerm } from './ticket-filters';
import { TICKET_PRIORITIES, TICKET_STATUSES } from '../ticket.enums';

describe('ftsQuery', () => {
  it('requires every word in the body column, each quoted so FTS5 syntax is read literally', () => {
    expect(ftsQuery(['refund', 'charged'])).toBe('body : ("refund" AND "charged")');
    expect(ftsQuery(searchWords('"refund"* (NEAR')!)).toBe('body : ("refund" AND "near")');
    expect(ftsQuery(['say"hi'])).toBe('body : ("say""hi")');
  });

  it('scopes to a workspace through the ws column when asked', () => {
    expect(ftsQuery(['refund'], 'ws_Ab1')).toBe('ws : "ws_Ab1" AND body : ("refund")');
  });

  it('adds each facet as terms of the f column: any listed status, any listed priority, every tag', () => {
    expect(ftsQuery(['refund'], undefined, { status: ['open', 'pending'], priority: ['high'], tagIds: ['tag_Ab', 'tag_aB'] })).toBe(
      'body : ("refund") AND f : ("sopen" OR "spending") AND f : ("phigh") AND f : ("t7461675f4162") AND f : ("t7461675f6142")',
    );
  });

  it('writes facet terms the tokenizer keeps whole: letters and digits only, one case', () => {
    // unicode61 splits on anything else and folds case (migration TicketSearchFacets).
    for (const term of [...TICKET_STATUSES.map((s) => `s${s}`), ...TICKET_PRIORITIES.map((p) => `p${p}`), tagTerm('tag_Zz09-x')])
      expect(term).toMatch(/^[a-z0-9]+$/);
  });
});
