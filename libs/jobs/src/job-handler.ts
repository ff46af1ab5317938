import type { EntityManager } from 'typeorm';
import type { Job } from './job.entity';

/** One item's outcome: done, done but its effect failed, or nothing to do. */
export type JobItemOutcome = 'applied' | 'failed' | 'skipped';

/** The next items after the job's cursor, and the cursor once they are done (null: none left). */
export interface JobBatch {
  items: string[];
  cursor: string | null;
}

/**
 * A kind of job. `next` reads outside any transaction; `apply` runs in the batch's transaction,
 * with the cursor's advance, so each item is applied exactly once, and answers an outcome per
 * item. A failed item is counted and the job goes on; a throw rolls the batch back to be tried again.
 */
export interface JobHandler {
  next(job: Job, limit: number): Promise<JobBatch>;
  apply(manager: EntityManager, job: Job, items: string[]): Promise<JobItemOutcome[]>;
}
