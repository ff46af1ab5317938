import { ApiProperty } from '@nestjs/swagger';
import { JOB_STATUSES } from '../job.entity';
import type { JobStatus } from '../job.entity';

/** Background work and how far it got (contract §11 manual runs). */
export class JobResponse {
  @ApiProperty({ example: 'job_8Kq2…' }) id!: string;
  @ApiProperty({
    enum: JOB_STATUSES,
    enumName: 'JobStatus',
    description:
      '`queued` → `running` → `succeeded` (every item handled; some may have `failed`) or `failed` (stopped: see the run log for what was done). More values may be added.',
  })
  status!: JobStatus;
  @ApiProperty({ type: 'integer', description: 'Items to handle, counted when the job was made.' }) total!: number;
  @ApiProperty({ type: 'integer', description: 'Items handled so far, each exactly once (failures included).' }) processed!: number;
  @ApiProperty({ type: 'integer', description: 'Items whose handling failed.' }) failed!: number;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When it succeeded or failed; null until then.' })
  finished_at!: string | null;
}
