import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { RelayConfig } from '@relay/common';
import { RuleRunsRepository } from './rule-runs.repository';

/** How often expired entries are looked for, and how soon after start-up the first time. */
export const RETENTION_EVERY_MS = 3_600_000;
const FIRST_SWEEP_MS = 10_000;
/** Entries deleted per transaction: each is short, so the writers of SQLite never wait long. */
export const RETENTION_BATCH = 1000;

/**
 * Deletes run-log entries older than AUTOMATION_RUN_RETENTION_DAYS (contract §11), in batches,
 * from every API process (a delete of rows another process deleted first does nothing).
 * Timers are unref'd; shutdown waits for the sweep in progress.
 */
@Injectable()
export class RunLogRetention implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('RunLogRetention');
  private timer?: NodeJS.Timeout;
  private sweeping: Promise<unknown> | null = null;
  private stopped = false;

  constructor(
    private readonly runs: RuleRunsRepository,
    private readonly config: RelayConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setTimeout(() => this.tick(), FIRST_SWEEP_MS).unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.sweeping;
  }

  private tick(): void {
    this.sweeping = this.sweep()
      .catch((error: Error) => this.logger.warn(`expired run-log entries not deleted: ${error.message}`))
      .finally(() => {
        this.sweeping = null;
        if (!this.stopped) this.timer = setTimeout(() => this.tick(), RETENTION_EVERY_MS).unref();
      });
  }

  /** Deletes every entry older than the retention; returns how many went. */
  async sweep(now = Date.now()): Promise<number> {
    const before = new Date(now - this.config.automation.runRetentionMs);
    let deleted = 0;
    for (;;) {
      const batch = await this.runs.deleteBefore(before, RETENTION_BATCH);
      deleted += batch;
      if (batch < RETENTION_BATCH || this.stopped) return deleted;
    }
  }
}
