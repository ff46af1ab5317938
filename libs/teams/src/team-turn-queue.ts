import { Injectable } from '@nestjs/common';

/**
 * One write at a time per team in this process, for the writes that take the team's next turn.
 * Each of them holds the team's assignment-state lock until its transaction commits, so a burst
 * on one team runs one after the other whatever we do; waiting here instead of on the lock keeps
 * the burst from holding every pooled connection (which answered the rest 503 once the pool's
 * wait ran out, other teams' and other routes' requests included). Across processes the row lock
 * still decides; each process then brings one transaction to it, not twenty.
 */
@Injectable()
export class TeamTurnQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  /** Runs `work` after every earlier call for `teamId` settled; null runs it at once. */
  run<T>(teamId: string | null | undefined, work: () => Promise<T>): Promise<T> {
    if (!teamId) return work();
    const previous = this.tails.get(teamId) ?? Promise.resolve();
    const result = previous.then(work, work);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(teamId, tail);
    // The last in line removes the entry, so idle teams cost nothing.
    void tail.then(() => {
      if (this.tails.get(teamId) === tail) this.tails.delete(teamId);
    });
    return result;
  }

  /** Teams with writes queued or running (for tests and diagnostics). */
  get busy(): number {
    return this.tails.size;
  }
}
