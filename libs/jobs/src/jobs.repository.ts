import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import { KeysetPaginator, ListQueryDto, newId, notFound, Page } from '@relay/common';
import { TransactionRunner } from '@relay/database';
import { Job } from './job.entity';
import type { JobStatus } from './job.entity';

/** How long a claim keeps other processes off a job; renewed by every batch it commits. */
export const JOB_LEASE_MS = 10_000;

export interface NewJob {
  workspaceId: string;
  kind: string;
  params: Record<string, unknown>;
  total: number;
}

/** Counts a committed batch adds. */
export interface BatchResult {
  processed: number;
  failed: number;
  cursor: string | null;
}

/** The only code that touches `jobs`. */
@Injectable()
export class JobsRepository {
  constructor(
    @InjectRepository(Job) private readonly jobs: Repository<Job>,
    private readonly tx: TransactionRunner,
    private readonly paginator: KeysetPaginator,
  ) {}

  /** A queued job, written in the caller's transaction. */
  async create(manager: EntityManager, job: NewJob): Promise<Job> {
    const now = new Date();
    const row: Job = {
      id: newId('job'),
      ...job,
      status: job.total === 0 ? 'succeeded' : 'queued',
      processed: 0,
      failed: 0,
      cursor: null,
      lockedUntil: null,
      error: null,
      createdAt: now,
      updatedAt: now,
      finishedAt: job.total === 0 ? now : null,
    };
    await this.tx.insert(manager, Job, row);
    return row;
  }

  async find(workspaceId: string, id: string): Promise<Job> {
    const job = await this.jobs.findOneBy({ id, workspaceId });
    if (!job) throw notFound('job');
    return job;
  }

  list(workspaceId: string, status: JobStatus | undefined, query: ListQueryDto): Promise<Page<Job>> {
    const qb = this.jobs.createQueryBuilder('j').where('j.workspaceId = :ws', { ws: workspaceId });
    if (status) qb.andWhere('j.status = :status', { status });
    return this.paginator.paginate(qb, query, 'jobs', { status });
  }

  /**
   * Takes the oldest unfinished job nobody holds (a crashed holder's claim lapses), for
   * JOB_LEASE_MS. On PostgreSQL `SKIP LOCKED` lets processes claim side by side without waiting.
   */
  async claim(): Promise<Job | null> {
    // A poll that finds nothing to do writes nothing: no transaction unless a job is open.
    if (!(await this.jobs.existsBy({ status: In(['queued', 'running']) }))) return null;
    return this.tx.run(async (manager) => {
      const now = Date.now();
      const query = manager
        .createQueryBuilder(Job, 'j')
        .where('j.status IN (:...open)', { open: ['queued', 'running'] })
        .andWhere('(j.lockedUntil IS NULL OR j.lockedUntil < :now)', { now })
        .orderBy('j.createdAt', 'ASC')
        .addOrderBy('j.id', 'ASC')
        .limit(1);
      if (this.tx.isPostgres) query.setLock('pessimistic_write', undefined, ['j']).setOnLocked('skip_locked');
      const job = await query.getOne();
      if (!job) return null;
      Object.assign(job, { status: 'running', lockedUntil: new Date(now + JOB_LEASE_MS), updatedAt: new Date(now) });
      await this.tx.update(manager, Job, job, ['status', 'lockedUntil', 'updatedAt']);
      return job;
    });
  }

  /**
   * The job as `manager`'s transaction sees it, row-locked on PostgreSQL, if it is still
   * running from `cursor`: a batch commits only on top of the batch it followed.
   */
  async holdAt(manager: EntityManager, id: string, cursor: string | null): Promise<Job | null> {
    const [job] = await this.tx.select(manager, Job, 'id = ?', [id], true);
    return job && job.status === 'running' && job.cursor === cursor ? job : null;
  }

  /** Records a batch in its own transaction: the new cursor, counts, a renewed claim; the end when no cursor is left. */
  async advance(manager: EntityManager, job: Job, batch: BatchResult): Promise<void> {
    const now = new Date();
    Object.assign(job, {
      processed: job.processed + batch.processed,
      failed: job.failed + batch.failed,
      cursor: batch.cursor,
      updatedAt: now,
      ...(batch.cursor === null
        ? { status: 'succeeded', lockedUntil: null, finishedAt: now }
        : { lockedUntil: new Date(now.getTime() + JOB_LEASE_MS) }),
    });
    await this.tx.update(manager, Job, job, ['processed', 'failed', 'cursor', 'updatedAt', 'status', 'lockedUntil', 'finishedAt']);
  }

  /** Ends a job that cannot go on (its handler is gone, a batch keeps failing). */
  async fail(id: string, error: string): Promise<void> {
    const now = new Date();
    await this.tx.run((manager) =>
      manager.update(Job, { id }, { status: 'failed', error: error.slice(0, 500), lockedUntil: null, updatedAt: now, finishedAt: now }),
    );
  }
}
