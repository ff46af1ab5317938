import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiData, ApiErrors, ApiPage, ErrorCode, Page } from '@relay/common';
import { CurrentPrincipal, RequirePermissions } from '@relay/auth';
import type { Principal } from '@relay/auth';
import { JobResponse } from './dto/job.response';
import { ListJobsQuery } from './dto/list-jobs.query';
import { toJobResponse } from './job.mapper';
import { JobsService } from './jobs.service';

@ApiTags('Jobs')
@Controller('jobs')
export class JobsController {
  constructor(private readonly jobs: JobsService) {}

  @Get()
  @RequirePermissions('jobs:read')
  @ApiOperation({ operationId: 'listJobs', summary: "The workspace's background jobs, newest first" })
  @ApiPage(JobResponse)
  @ApiErrors(ErrorCode.ValidationFailed)
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListJobsQuery): Promise<Page<JobResponse>> {
    return (await this.jobs.list(principal, query)).map(toJobResponse);
  }

  @Get(':id')
  @RequirePermissions('jobs:read')
  @ApiOperation({
    operationId: 'getJob',
    summary: 'How far a background job got (poll it)',
    description:
      'A job (e.g. from `POST /rules/{id}/run`) is worked through in batches by the server; poll until `status` is `succeeded` or `failed`. A job survives restarts: after a crash it resumes after its last committed batch, and no item is handled twice.',
  })
  @ApiData(JobResponse)
  @ApiErrors(ErrorCode.NotFound)
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<JobResponse> {
    return toJobResponse(await this.jobs.get(principal, id));
  }
}
