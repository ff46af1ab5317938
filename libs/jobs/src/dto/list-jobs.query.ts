import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ListQueryDto } from '@relay/common';
import { JOB_STATUSES } from '../job.entity';
import type { JobStatus } from '../job.entity';

export class ListJobsQuery extends ListQueryDto {
  @ApiPropertyOptional({ enum: JOB_STATUSES, enumName: 'JobStatus' })
  @IsOptional()
  @IsIn(JOB_STATUSES)
  status?: JobStatus;
}
