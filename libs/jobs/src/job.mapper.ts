import { iso } from '@relay/common';
import { JobResponse } from './dto/job.response';
import { Job } from './job.entity';

export function toJobResponse(job: Job): JobResponse {
  return {
    id: job.id,
    status: job.status,
    total: job.total,
    processed: job.processed,
    failed: job.failed,
    created_at: iso(job.createdAt),
    finished_at: iso(job.finishedAt),
  };
}
