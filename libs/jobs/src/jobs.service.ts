import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { EntityManager } from 'typeorm';
import { Page } from '@relay/common';
import { onCommit } from '@relay/database';
import type { Principal } from '@relay/auth';
import { Job } from './job.entity';
import { ListJobsQuery } from './dto/list-jobs.query';
import { JOBS_QUEUED } from './job-runner';
import { JobsRepository, NewJob } from './jobs.repository';

/** Jobs as other modules make them and the API reads them. */
@Injectable()
export class JobsService {
  constructor(
    private readonly jobs: JobsRepository,
    private readonly emitter: EventEmitter2,
  ) {}

  /** Queues a job in the caller's transaction; this process starts on it once that commits. */
  async enqueue(manager: EntityManager, job: NewJob): Promise<Job> {
    const queued = await this.jobs.create(manager, job);
    onCommit(manager, () => this.emitter.emit(JOBS_QUEUED));
    return queued;
  }

  list(principal: Principal, query: ListJobsQuery): Promise<Page<Job>> {
    const { status, ...paging } = query;
    return this.jobs.list(principal.workspaceId, status, paging);
  }

  get(principal: Principal, id: string): Promise<Job> {
    return this.jobs.find(principal.workspaceId, id);
  }
}
