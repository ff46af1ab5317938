import { newId } from './ids';

describe('newId', () => {
  it('is the prefix and 20 characters of the unambiguous alphabet, never twice, across many refills of its pool', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50_000; i++) {
      const id = newId('tkt');
      expect(id).toMatch(/^tkt_[0-9A-HJKMNP-TV-Za-km-z]{20}$/);
      seen.add(id);
    }
    expect(seen.size).toBe(50_000);
  });

  it('uses every character of its alphabet', () => {
    const characters = new Set([...Array.from({ length: 500 }, () => newId('x').slice(2)).join('')]);
    expect(characters.size).toBe(57);
  });
});
