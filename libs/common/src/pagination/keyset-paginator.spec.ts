import { horizonFields } from './keyset-paginator';

describe('horizonFields', () => {
  it('bounds what a sync follows: the sort column read ascending and every *_after column', () => {
    expect(horizonFields({ sort: 'created_at', order: 'asc' })).toEqual(['created_at']);
    expect(horizonFields({ sort: 'updated_at', order: 'asc' }, ['updated_at'])).toEqual(['updated_at']);
    expect(horizonFields({ sort: 'created_at', order: 'desc' }, ['updated_at'])).toEqual(['updated_at']);
    expect(horizonFields({ sort: 'created_at', order: 'asc' }, ['updated_at'])).toEqual(['created_at', 'updated_at']);
  });

  it('leaves a newest-first read without *_after unbounded: later commits land above where it starts', () => {
    expect(horizonFields({ sort: 'created_at', order: 'desc' })).toEqual([]);
    expect(horizonFields({ sort: 'updated_at', order: 'desc' }, [])).toEqual([]);
  });
});
