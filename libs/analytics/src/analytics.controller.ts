import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiData, ApiDataList, ApiErrors, ErrorCode } from '@relay/common';
import { CurrentPrincipal, RequirePermissions } from '@relay/auth';
import type { Principal } from '@relay/auth';
import { AnalyticsService } from './analytics.service';
import { AnalyticsQuery, VolumeQuery } from './dto/analytics.query';
import { AgentStatsResponse, AnalyticsSummaryResponse, TeamStatsResponse, VolumeBucketResponse } from './dto/analytics.response';

@ApiTags('Analytics')
@Controller('analytics')
@RequirePermissions('analytics:read')
export class AnalyticsController {
  constructor(private readonly analytics: AnalyticsService) {}

  @Get('summary')
  @ApiOperation({ operationId: 'getAnalyticsSummary', summary: 'Ticket counts, backlog and response/resolution times over a window' })
  @ApiData(AnalyticsSummaryResponse)
  @ApiErrors(ErrorCode.ValidationFailed)
  summary(@CurrentPrincipal() principal: Principal, @Query() query: AnalyticsQuery): Promise<AnalyticsSummaryResponse> {
    return this.analytics.summary(principal, query);
  }

  @Get('volume')
  @ApiOperation({
    operationId: 'getAnalyticsVolume',
    summary: 'Tickets created and first resolved per day or ISO week, zero-filled (at most 366 periods)',
  })
  @ApiDataList(VolumeBucketResponse, 'One entry per period overlapping the window, oldest first.')
  @ApiErrors(ErrorCode.ValidationFailed)
  volume(@CurrentPrincipal() principal: Principal, @Query() query: VolumeQuery): Promise<VolumeBucketResponse[]> {
    return this.analytics.volume(principal, query);
  }

  @Get('teams')
  @ApiOperation({
    operationId: 'getAnalyticsTeams',
    summary: 'Per team: created, resolved, backlog, unassigned now, median first response',
  })
  @ApiDataList(
    TeamStatsResponse,
    'Every live team, plus deleted ones with tickets in the report (only the teams named by team_id when given); busiest first.',
  )
  @ApiErrors(ErrorCode.ValidationFailed)
  teams(@CurrentPrincipal() principal: Principal, @Query() query: AnalyticsQuery): Promise<TeamStatsResponse[]> {
    return this.analytics.teamStats(principal, query);
  }

  @Get('agents')
  @ApiOperation({ operationId: 'getAnalyticsAgents', summary: 'Per assignee: tickets assigned and resolved, median first response' })
  @ApiDataList(AgentStatsResponse, 'Every active agent and admin, plus any other user with tickets in the window; busiest first.')
  @ApiErrors(ErrorCode.ValidationFailed)
  agents(@CurrentPrincipal() principal: Principal, @Query() query: AnalyticsQuery): Promise<AgentStatsResponse[]> {
    return this.analytics.agents(principal, query);
  }
}
