import { newId, SequentialIds } from './ids';

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

  it('begins with its creation time, so ids sort in the order they were made', () => {
    const times = [0, 1, 56, 57, 1_700_000_000_000, 1_700_000_000_001, Date.now(), 99_999_999_999_999];
    const ids = times.map((time) => newId('evt', time));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids.map((id) => id.slice(4, 12))).size).toBe(times.length);
    expect(newId('evt', 0).slice(4, 12)).toBe('00000000');
    expect(newId('evt', 57).slice(4, 12)).toBe('00000010');
  });

  it('keeps twelve random characters after the time: ids made in the same millisecond differ', () => {
    const now = Date.now();
    const ids = Array.from({ length: 1000 }, () => newId('cnv', now));
    expect(new Set(ids).size).toBe(1000);
    expect(new Set(ids.map((id) => id.slice(0, 12))).size).toBe(1);
  });
});

describe('SequentialIds', () => {
  it('sorts ids made in the same millisecond in the order they were made, carrying across the tail', () => {
    const ids = new SequentialIds('evt');
    const made = Array.from({ length: 5000 }, () => ids.next(1_700_000_000_000));
    expect(made.every((m) => m.time === 1_700_000_000_000)).toBe(true);
    const sorted = made.map((m) => m.id);
    expect([...sorted].sort()).toEqual(sorted);
    expect(new Set(sorted).size).toBe(5000);
    expect(sorted[0]).toMatch(/^evt_[0-9A-HJKMNP-TV-Za-km-z]{20}$/);
  });

  it('never goes back in time when the clock does', () => {
    const ids = new SequentialIds('evt');
    const first = ids.next(2_000);
    const stepped = ids.next(1_000);
    expect(stepped.time).toBe(2_000);
    expect(stepped.id > first.id).toBe(true);
    expect(ids.next(3_000).time).toBe(3_000);
  });
});
