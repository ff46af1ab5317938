import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiPage, ErrorCode, Page } from '@relay/common';
import { CurrentPrincipal, RequirePermissions } from '@relay/auth';
import type { Principal } from '@relay/auth';
import { ListRuleRunsQuery } from './dto/list-rule-runs.query';
import { ListTicketRunsQuery } from './dto/list-ticket-runs.query';
import { RuleRunResponse } from './dto/rule-run.response';
import { toRuleRunResponse } from './rule-run.mapper';
import { RuleRunsService } from './rule-runs.service';

const RETENTION = 'Runs are kept `AUTOMATION_RUN_RETENTION_DAYS` (default 90) days.';

/** The run log (contract §11): which rule did what to which ticket, and why an action did not apply. */
@ApiTags('Rules')
@Controller()
export class RuleRunsController {
  constructor(private readonly runs: RuleRunsService) {}

  @Get('rules/:id/runs')
  @RequirePermissions('rules:read')
  @ApiOperation({
    operationId: 'listRuleRuns',
    summary: "A rule's run log, newest first",
    description: `Every firing of the rule on a ticket, with each action's outcome. ${RETENTION}`,
  })
  @ApiPage(RuleRunResponse)
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.NotFound)
  async forRule(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Query() query: ListRuleRunsQuery,
  ): Promise<Page<RuleRunResponse>> {
    return (await this.runs.forRule(principal, id, query)).map(toRuleRunResponse);
  }

  @Get('tickets/:id/automation-runs')
  @RequirePermissions('rules:read', 'tickets:read')
  @ApiOperation({
    operationId: 'listTicketAutomationRuns',
    summary: 'The rules that ran on a ticket, oldest first',
    description: `The ticket's automation history: every rule that fired on it, in order, with each action's outcome. ${RETENTION}`,
  })
  @ApiPage(RuleRunResponse)
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.NotFound)
  async forTicket(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Query() query: ListTicketRunsQuery,
  ): Promise<Page<RuleRunResponse>> {
    return (await this.runs.forTicket(principal, id, query)).map(toRuleRunResponse);
  }
}
