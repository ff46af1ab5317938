import type { AssignmentMethod } from './team.entity';

/** A member as automatic assignment weighs them. */
export interface Candidate {
  userId: string;
  /** Last automatic assignment in this team; null: never (the oldest turn of all). */
  lastAssignedAt: Date | null;
  /** open|pending tickets assigned to them in the workspace. */
  load: number;
}

/**
 * Who gets the next ticket (contract §10), among eligible members (active, assignable): those
 * under the cap, then round robin's order (oldest turn first; never = oldest; ties → smaller
 * user id), or for least_loaded fewest open tickets first with ties by round robin. Null when
 * nobody is under the cap.
 */
export function nextCandidate(candidates: Candidate[], method: Exclude<AssignmentMethod, 'none'>, cap: number | null): Candidate | null {
  const turn = (a: Candidate, b: Candidate) =>
    (a.lastAssignedAt?.getTime() ?? -1) - (b.lastAssignedAt?.getTime() ?? -1) || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0);
  const order = method === 'least_loaded' ? (a: Candidate, b: Candidate) => a.load - b.load || turn(a, b) : turn;
  const open = candidates.filter((candidate) => cap === null || candidate.load < cap).sort(order);
  return open[0] ?? null;
}
