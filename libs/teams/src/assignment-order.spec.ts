import { Candidate, nextCandidate } from './assignment-order';

const at = (ms: number) => new Date(ms);

describe('nextCandidate', () => {
  const members: Candidate[] = [
    { userId: 'usr_b', lastAssignedAt: at(200), load: 1 },
    { userId: 'usr_c', lastAssignedAt: null, load: 5 },
    { userId: 'usr_a', lastAssignedAt: at(100), load: 0 },
  ];

  it('round robin: never assigned first, then the oldest turn', () => {
    expect(nextCandidate(members, 'round_robin', null)?.userId).toBe('usr_c');
    expect(nextCandidate(members.slice(0, 1).concat(members[2]), 'round_robin', null)?.userId).toBe('usr_a');
  });

  it('round robin breaks ties by the smaller user id', () => {
    const tied = [
      { userId: 'usr_z', lastAssignedAt: null, load: 0 },
      { userId: 'usr_m', lastAssignedAt: null, load: 0 },
    ];
    expect(nextCandidate(tied, 'round_robin', null)?.userId).toBe('usr_m');
  });

  it('least loaded: fewest open tickets, ties by round robin', () => {
    expect(nextCandidate(members, 'least_loaded', null)?.userId).toBe('usr_a');
    const tied = [
      { userId: 'usr_a', lastAssignedAt: at(300), load: 2 },
      { userId: 'usr_b', lastAssignedAt: at(100), load: 2 },
    ];
    expect(nextCandidate(tied, 'least_loaded', null)?.userId).toBe('usr_b');
  });

  it('skips members at the cap, and answers null when everyone is', () => {
    expect(nextCandidate(members, 'round_robin', 5)?.userId).toBe('usr_a');
    expect(nextCandidate(members, 'round_robin', 1)?.userId).toBe('usr_a');
    expect(nextCandidate(members.slice(0, 2), 'round_robin', 1)).toBeNull();
    expect(nextCandidate([], 'least_loaded', null)).toBeNull();
  });
});
