import { Injectable } from '@nestjs/common';
import { TicketListingVersions } from '@relay/tickets';

interface Running {
  version: number;
  report: Promise<unknown>;
}

/**
 * Identical report requests that arrive while one is being computed wait for it instead of
 * computing it again. A dashboard on every agent's screen asks the same summary at once, and
 * one summary over a million tickets is a few hundred milliseconds of database work: fifty of
 * them queued made every one of them late (timeouts in the benchmark).
 *
 * Only while the workspace's listing version (moved by every ticket or conversation write) is
 * the one the running computation started under: a client that has just written never gets a
 * report computed before its write. The report's window ends when the shared computation began,
 * a few milliseconds before the later request arrived.
 */
@Injectable()
export class SharedReports {
  private readonly running = new Map<string, Running>();

  constructor(private readonly versions: TicketListingVersions) {}

  async run<T>(workspaceId: string, key: string, compute: () => Promise<T>): Promise<T> {
    const version = await this.versions.current(workspaceId);
    const id = `${workspaceId}\u0000${key}`;
    const running = this.running.get(id);
    if (running?.version === version) return running.report as Promise<T>;
    // One event-loop turn later: on SQLite the queries run synchronously, so a report started
    // at once would finish before any other request is read. Started on the next turn, the
    // identical requests already received join it instead of each blocking the loop in turn.
    const report = new Promise<void>((resolve) => setImmediate(resolve)).then(compute);
    this.running.set(id, { version, report });
    const settled = () => {
      if (this.running.get(id)?.report === report) this.running.delete(id);
    };
    report.then(settled, settled);
    return report;
  }
}
