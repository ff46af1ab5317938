import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiData, ApiErrors, ErrorCode } from '@relay/common';
import { CurrentPrincipal, RequirePermissions } from '@relay/auth';
import type { Principal } from '@relay/auth';
import { Idempotent } from '@relay/idempotency';
import { JobResponse, toJobResponse } from '@relay/jobs';
import { ManualRunsService } from './manual-runs.service';
import { RunRuleDto } from './run-rule.dto';

@ApiTags('Rules')
@Controller('rules')
export class ManualRunsController {
  constructor(private readonly runs: ManualRunsService) {}

  @Post(':id/run')
  @Idempotent()
  @HttpCode(HttpStatus.ACCEPTED)
  @RequirePermissions('rules:write', 'tickets:write')
  @ApiOperation({
    operationId: 'runRule',
    summary: 'Apply one rule to existing tickets, as a background job',
    description:
      "Runs the rule on each ticket as if it fired there (trigger `manual`, actor: you): where its conditions hold its actions apply, with their events and a run-log entry (`GET /rules/{id}/runs`). Rules whose events are `manual` run this way; any other rule, or a disabled one, needs `force: true` (otherwise `409`). Answers `202` with the job at once; poll `GET /jobs/{id}`. The job is worked through in batches of 100 tickets, each in one transaction with the job's progress, so after a crash it resumes where it stopped and no ticket is processed twice.",
  })
  @ApiBody({
    type: RunRuleDto,
    examples: { open: { value: { filter: { status: ['open'] }, force: true } }, chosen: { value: { ticket_ids: ['tkt_8Kq2…'] } } },
  })
  @ApiData(JobResponse, HttpStatus.ACCEPTED, 'The job, queued (or `succeeded` at once when no ticket matched).')
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.NotFound, ErrorCode.Conflict)
  async run(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: RunRuleDto): Promise<JobResponse> {
    return toJobResponse(await this.runs.start(principal, id, dto));
  }
}
