import { Body, Controller, Delete, Get, HttpStatus, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiData, ApiErrors, ApiNoContent, ApiPage, ErrorCode, Page } from '@relay/common';
import { CurrentPrincipal, RequirePermissions } from '@relay/auth';
import type { Principal } from '@relay/auth';
import { Idempotent } from '@relay/idempotency';
import { CreateRuleDto } from './dto/create-rule.dto';
import { ListRulesQuery } from './dto/list-rules.query';
import { RuleOrderDto } from './dto/rule-order.dto';
import { RuleResponse } from './dto/rule.response';
import { UpdateRuleDto } from './dto/update-rule.dto';
import { ROUTING_RULE_EXAMPLE } from './rule.example';
import { toRuleResponse } from './rule.mapper';
import { RulesService } from './rules.service';

@ApiTags('Rules')
@Controller('rules')
export class RulesController {
  constructor(private readonly rules: RulesService) {}

  @Get()
  @RequirePermissions('rules:read')
  @ApiOperation({ operationId: 'listRules', summary: 'List rules, in the order they run (sort=position&order=asc) by default' })
  @ApiPage(RuleResponse)
  @ApiErrors(ErrorCode.ValidationFailed)
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListRulesQuery): Promise<Page<RuleResponse>> {
    return (await this.rules.list(principal, query)).map(toRuleResponse);
  }

  @Post()
  @Idempotent()
  @RequirePermissions('rules:write')
  @ApiOperation({
    operationId: 'createRule',
    summary: 'Create an automation rule',
    description:
      'When one of `events` happens, enabled rules run in `position` order in the same transaction as the change, each seeing the ticket as the earlier ones left it; a rule whose conditions hold applies its actions. The rule is checked when saved: a field, operator or value that cannot match, or a pattern that can backtrack catastrophically, is `400` naming its path (`conditions.all[2].value`); an id of nothing in the workspace is `404` on its path. At most 500 rules per workspace and 100 enabled rules per event (`400`). Enumerations (fields, operators, action types, events) may gain values. A routing rule:\n\n```json\n' +
      JSON.stringify(ROUTING_RULE_EXAMPLE, null, 2) +
      '\n```',
  })
  @ApiBody({ type: CreateRuleDto, examples: { routing: { value: ROUTING_RULE_EXAMPLE } } })
  @ApiData(RuleResponse, HttpStatus.CREATED)
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.NotFound, ErrorCode.Conflict)
  async create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateRuleDto): Promise<RuleResponse> {
    return toRuleResponse(await this.rules.create(principal, dto));
  }

  @Put('order')
  @RequirePermissions('rules:write')
  @ApiOperation({
    operationId: 'orderRules',
    summary: 'Set the order of every rule',
    description:
      '`ids` names every rule of the workspace exactly once; otherwise `400` with the missing, extra or repeated ids in `details`.',
  })
  @ApiData(RuleOrderDto)
  @ApiErrors(ErrorCode.ValidationFailed)
  async order(@CurrentPrincipal() principal: Principal, @Body() dto: RuleOrderDto): Promise<RuleOrderDto> {
    return { ids: (await this.rules.reorder(principal, dto.ids)).map((rule) => rule.id) };
  }

  @Get(':id')
  @RequirePermissions('rules:read')
  @ApiOperation({ operationId: 'getRule', summary: 'Get a rule' })
  @ApiData(RuleResponse)
  @ApiErrors(ErrorCode.NotFound)
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<RuleResponse> {
    return toRuleResponse(await this.rules.get(principal, id));
  }

  @Patch(':id')
  @RequirePermissions('rules:write')
  @ApiOperation({
    operationId: 'updateRule',
    summary: 'Change a rule; `position` moves it',
    description:
      'The whole rule is checked again, as at creation (the ids it names must still exist and be usable). `version` goes up by one when events, conditions, actions or stop_processing change.',
  })
  @ApiData(RuleResponse)
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.NotFound, ErrorCode.Conflict)
  async update(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: UpdateRuleDto): Promise<RuleResponse> {
    return toRuleResponse(await this.rules.update(principal, id, dto));
  }

  @Delete(':id')
  @RequirePermissions('rules:write')
  @ApiOperation({ operationId: 'deleteRule', summary: 'Delete a rule; the rules after it move up' })
  @ApiNoContent()
  @ApiErrors(ErrorCode.NotFound)
  async remove(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    await this.rules.remove(principal, id);
  }
}
