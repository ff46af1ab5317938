import { Body, Controller, Delete, Get, HttpStatus, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiData, ApiDataList, ApiErrors, ApiNoContent, ApiPage, ErrorCode, Page } from '@relay/common';
import { CurrentPrincipal, RequirePermissions } from '@relay/auth';
import type { Principal } from '@relay/auth';
import { Idempotent } from '@relay/idempotency';
import { CreateTeamDto } from './dto/create-team.dto';
import { ListTeamsQuery } from './dto/list-teams.query';
import { TeamMemberIdsDto, UpdateTeamMemberDto } from './dto/team-members.dto';
import { TeamMemberResponse, TeamResponse } from './dto/team.response';
import { UpdateTeamDto } from './dto/update-team.dto';
import { toTeamResponse } from './team.mapper';
import { TeamsService } from './teams.service';

const MEMBERS = 'Every member, oldest first.';

@ApiTags('Teams')
@Controller('teams')
export class TeamsController {
  constructor(private readonly teams: TeamsService) {}

  @Get()
  @RequirePermissions('teams:read')
  @ApiOperation({ operationId: 'listTeams', summary: 'List teams (deleted ones only with include_deleted)' })
  @ApiPage(TeamResponse)
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.InvalidCursor)
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListTeamsQuery): Promise<Page<TeamResponse>> {
    return (await this.teams.list(principal, query)).map(toTeamResponse);
  }

  @Post()
  @Idempotent()
  @RequirePermissions('teams:write')
  @ApiOperation({ operationId: 'createTeam', summary: 'Create a team (admin)' })
  @ApiBody({
    type: CreateTeamDto,
    examples: { round_robin: { value: { name: 'Billing', assignment_method: 'round_robin', max_open_per_agent: 25 } } },
  })
  @ApiData(TeamResponse, HttpStatus.CREATED)
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.NotFound, ErrorCode.Conflict)
  async create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateTeamDto): Promise<TeamResponse> {
    return toTeamResponse(await this.teams.create(principal, dto));
  }

  @Get(':id')
  @RequirePermissions('teams:read')
  @ApiOperation({ operationId: 'getTeam', summary: 'Get a team, deleted or not' })
  @ApiData(TeamResponse)
  @ApiErrors(ErrorCode.NotFound)
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<TeamResponse> {
    return toTeamResponse(await this.teams.get(principal, id));
  }

  @Patch(':id')
  @RequirePermissions('teams:write')
  @ApiOperation({
    operationId: 'updateTeam',
    summary: 'Change a team (admin)',
    description:
      'A deleted team cannot be changed (409). Changing the method or the cap assigns waiting tickets if someone became eligible.',
  })
  @ApiData(TeamResponse)
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.NotFound, ErrorCode.Conflict)
  async update(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: UpdateTeamDto): Promise<TeamResponse> {
    return toTeamResponse(await this.teams.update(principal, id, dto));
  }

  @Delete(':id')
  @RequirePermissions('teams:write')
  @ApiOperation({
    operationId: 'deleteTeam',
    summary: 'Delete a team (admin): soft, hidden from lists, no longer assignable',
    description:
      '409 while the team has open or pending tickets (`details[0].ticket_count`), while enabled rules name it (`details[0].rule_ids`), or when already deleted.',
  })
  @ApiNoContent('Deleted.')
  @ApiErrors(ErrorCode.NotFound, ErrorCode.Conflict)
  async remove(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    await this.teams.remove(principal, id);
  }

  @Get(':id/members')
  @RequirePermissions('teams:read')
  @ApiOperation({ operationId: 'listTeamMembers', summary: "A team's members with their load and assignment state" })
  @ApiDataList(TeamMemberResponse, MEMBERS)
  @ApiErrors(ErrorCode.NotFound)
  members(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<TeamMemberResponse[]> {
    return this.teams.members(principal, id);
  }

  @Post(':id/members')
  @Idempotent()
  @RequirePermissions('teams:write')
  @ApiOperation({
    operationId: 'addTeamMembers',
    summary: 'Add members (admin); members already in keep their state',
    description: 'Only agents and admins (400); an unknown user is a 404; at most 500 members (400).',
  })
  @ApiDataList(TeamMemberResponse, MEMBERS)
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.NotFound, ErrorCode.Conflict)
  addMembers(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() dto: TeamMemberIdsDto,
  ): Promise<TeamMemberResponse[]> {
    return this.teams.addMembers(principal, id, dto.user_ids);
  }

  @Put(':id/members')
  @RequirePermissions('teams:write')
  @ApiOperation({
    operationId: 'replaceTeamMembers',
    summary: 'Replace the member set (admin); members kept keep their state',
    description: 'Only agents and admins (400); an unknown user is a 404; at most 500 members (400).',
  })
  @ApiDataList(TeamMemberResponse, MEMBERS)
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.NotFound, ErrorCode.Conflict)
  replaceMembers(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() dto: TeamMemberIdsDto,
  ): Promise<TeamMemberResponse[]> {
    return this.teams.replaceMembers(principal, id, dto.user_ids);
  }

  @Patch(':id/members/:user_id')
  @RequirePermissions('teams:write')
  @ApiOperation({ operationId: 'updateTeamMember', summary: 'Make a member assignable or not (admin)' })
  @ApiData(TeamMemberResponse)
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.NotFound, ErrorCode.Conflict)
  setAssignable(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Param('user_id') userId: string,
    @Body() dto: UpdateTeamMemberDto,
  ): Promise<TeamMemberResponse> {
    return this.teams.setAssignable(principal, id, userId, dto.assignable);
  }

  @Delete(':id/members/:user_id')
  @RequirePermissions('teams:write')
  @ApiOperation({ operationId: 'removeTeamMember', summary: 'Remove a member (admin)' })
  @ApiNoContent('Removed.')
  @ApiErrors(ErrorCode.NotFound, ErrorCode.Conflict)
  async removeMember(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Param('user_id') userId: string): Promise<void> {
    await this.teams.removeMember(principal, id, userId);
  }
}
