import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { SerialPasses } from '@relay/common';
import { TransactionRunner } from '@relay/database';
import { Job } from './job.entity';
import { JobHandlers } from './job-handlers';
import { JobsRepository } from './jobs.repository';

/** In-process signal: a job was queued; wakes the runner now instead of at the next poll. */
export const JOBS_QUEUED = 'relay.jobs.queued';
/** The poll also resumes jobs whose holder died, once their claim lapses. */
export const JOB_POLL_MS = 1000;
/** Items per batch: one transaction each, so short enough not to hold SQLite's writers up for long. */
export const JOB_BATCH = 100;
/** A batch that throws this many times in a row fails its job (the cursor stays where it was). */
const MAX_BATCH_FAILURES = 3;

/**
 * Works through queued jobs, one at a time per process, a batch per transaction. Every API
 * process runs one: on PostgreSQL claims are SKIP LOCKED and each batch commits only on top of
 * the cursor it started from, so two processes never apply the same batch; on SQLite the one
 * process does it all. Timers are unref'd, so they never hold the process open.
 */
@Injectable()
export class JobRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Jobs');
  private poller?: NodeJS.Timeout;
  private readonly passes = new SerialPasses(() =>
    this.drain().catch((error: Error) => this.logger.warn(`job pass failed, retrying on the next poll: ${error.message}`)),
  );
  private stopped = true;
  private readonly wake = () => {
    if (!this.stopped) this.passes.trigger();
  };

  constructor(
    private readonly jobs: JobsRepository,
    private readonly handlers: JobHandlers,
    private readonly tx: TransactionRunner,
    private readonly emitter: EventEmitter2,
  ) {}

  onApplicationBootstrap(): void {
    this.stopped = false;
    this.emitter.on(JOBS_QUEUED, this.wake);
    this.poller = setInterval(this.wake, JOB_POLL_MS);
    this.poller.unref();
    this.wake();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    this.emitter.off(JOBS_QUEUED, this.wake);
    clearInterval(this.poller);
    await this.passes.current;
  }

  private async drain(): Promise<void> {
    while (!this.stopped) {
      const job = await this.jobs.claim();
      if (!job) return;
      await this.work(job);
    }
  }

  /** Batches until the job ends, another process moved it on, or this process stops (its claim then lapses). */
  private async work(claimed: Job): Promise<void> {
    const handler = this.handlers.get(claimed.kind);
    if (!handler) return this.jobs.fail(claimed.id, `no handler for jobs of kind ${claimed.kind}`);
    let job: Job | null = claimed;
    let failures = 0;
    while (job && job.status === 'running' && !this.stopped) {
      const from: Job = job;
      try {
        const batch = await handler.next(from, JOB_BATCH);
        job = await this.tx.run(async (manager) => {
          const held = await this.jobs.holdAt(manager, from.id, from.cursor);
          if (!held) return null;
          const outcomes = batch.items.length ? await handler.apply(manager, held, batch.items) : [];
          const failed = outcomes.filter((outcome) => outcome === 'failed').length;
          await this.jobs.advance(manager, held, { processed: batch.items.length, failed, cursor: batch.cursor });
          return held;
        });
        failures = 0;
      } catch (error) {
        const message = (error as Error).message;
        this.logger.warn(`job ${from.id}: batch failed (${message})`);
        if (++failures >= MAX_BATCH_FAILURES) return this.jobs.fail(from.id, `a batch failed ${failures} times: ${message}`);
        await new Promise((resolve) => setTimeout(resolve, 200 * failures).unref());
      }
    }
  }
}
