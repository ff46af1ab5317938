import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '@relay/database';
import { TicketListingVersions } from './ticket-listing-versions';

/**
 * How long a finished summary keeps answering identical requests while the workspace's listing
 * version stands. The data it was computed from is then unchanged (every ticket, tag link and
 * conversation write moves the version), so the only difference from a fresh report is the
 * position of a window that ends "now": it ends when the report started, up to this long
 * before the request, and the summary says so in its `from`/`to`.
 */
export const SUMMARY_REUSE_MS = 5_000;

/** Reports kept at most, across workspaces and queries (the oldest go first). */
const MAX_KEPT = 200;

interface Kept {
  version: number;
  /** Until then the report is handed out: Infinity while it runs, its start + reuse once done. */
  until: number;
  report: Promise<unknown>;
}

/**
 * Identical report requests share one computation: those arriving while it runs wait for it,
 * and, where the caller allows reuse, those arriving shortly after get its result. A dashboard
 * on every agent's screen asks the same summary at once, and one summary over a million tickets
 * is a few hundred milliseconds of synchronous work on SQLite. Computed once per request, fifty
 * of them queued; computed once per wave of requests, each wave still blocked the event loop
 * long enough that the server accepted one new connection per wave (libuv accepts one per loop
 * turn), so connections opened during a burst waited over ten seconds to be read.
 *
 * Only under the workspace's listing version the computation started under: a client that
 * has just written never gets a report computed before its write. A report read from a unit's
 * code while its SQLite group was open (see TransactionRunner.settledRead) is never reused.
 */
@Injectable()
export class SharedReports {
  private readonly kept = new Map<string, Kept>();

  constructor(
    private readonly versions: TicketListingVersions,
    private readonly tx: TransactionRunner,
  ) {}

  /** `reuseMs`: how long after it started a finished report still answers (0: only while it runs). */
  async run<T>(workspaceId: string, key: string, compute: () => Promise<T>, reuseMs = 0): Promise<T> {
    const version = await this.versions.current(workspaceId);
    const id = `${workspaceId}\u0000${key}`;
    const now = Date.now();
    const kept = this.kept.get(id);
    if (kept?.version === version && now < kept.until) return kept.report as Promise<T>;
    this.forget(now);
    // One event-loop turn later: on SQLite the queries run synchronously, so a report started
    // at once would finish before any other request is read. Started on the next turn, the
    // identical requests already received join it instead of each blocking the loop in turn.
    const read = new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.tx.settledRead(compute));
    const report = read.then(({ value }) => value);
    // Reuse counts from now, before the report reads the clock for a window ending "now" (a turn
    // later): that window never ends more than reuseMs before a request it answers.
    const entry: Kept = { version, until: Infinity, report };
    this.kept.delete(id);
    this.kept.set(id, entry);
    const settled = (until: number) => () => {
      if (this.kept.get(id) !== entry) return;
      if (until > Date.now()) entry.until = until;
      else this.kept.delete(id);
    };
    read.then(({ settled: clean }) => settled(clean ? now + reuseMs : 0)(), settled(0));
    return report;
  }

  /** Entries are in start order: drops those no longer handed out from the front, and any over the cap. */
  private forget(now: number): void {
    for (const [id, entry] of this.kept) {
      if (now < entry.until && this.kept.size < MAX_KEPT) break;
      this.kept.delete(id);
    }
  }
}
