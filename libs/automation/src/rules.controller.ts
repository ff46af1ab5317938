import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiData, ApiErrors, ApiNoContent, ApiPage, EnvelopedJson, ErrorCode, Page } from '@relay/common';
import { CurrentPrincipal, RequirePermissions } from '@relay/auth';
import type { Principal } from '@relay/auth';
import { Idempotent } from '@relay/idempotency';
import { CreateRuleDto } from './dto/create-rule.dto';
import { DraftDryRunDto, DryRunDto } from './dto/dry-run.dto';
import { DryRunResponse } from './dto/dry-run.response';
import { DRY_RUN_EXAMPLE, ROUTING_RULE_EXAMPLE, TEAM_ROUTING_RULE_EXAMPLE } from './rule.example';
import { DryRunService } from './dry-run.service';
import { ListRulesQuery } from './dto/list-rules.query';
import { RuleOrderDto } from './dto/rule-order.dto';
import { RuleResponse } from './dto/rule.response';
import { UpdateRuleDto } from './dto/update-rule.dto';
import { toRuleResponse } from './rule.mapper';
import { RulesService } from './rules.service';

const DRY_RUN_DESCRIPTION =
  "Evaluates the rule on tickets the way a real pass would (the same engine) and answers, per ticket, every condition with what it saw (`actual`) and its `result`, every action with what it would change (or why it would be skipped), and the events a real run would emit. Writes nothing: no change, event, run log, round-robin state or counter. Exactly one of `ticket_ids` (1–100; another workspace's id is `404` on `ticket_ids[i]`) or `filter` (the `GET /tickets` filters as an object, newest first, `limit` 1–500 per call and `cursor` from `meta.next_cursor`). `event` is one of the rule's (default its first); `changes` a hypothetical `ticket.updated` change; `conversation` a hypothetical entry (on `ticket.created` the description is used when left out). `mode: pass` runs every enabled rule of the event in position order with this one at its position, and lists them in `pass`.";

@ApiTags('Rules')
@Controller('rules')
export class RulesController {
  constructor(
    private readonly rules: RulesService,
    private readonly dryRuns: DryRunService,
  ) {}

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
      'When one of `events` happens, enabled rules run in `position` order in the same transaction as the change, each seeing the ticket as the earlier ones left it; a rule whose conditions hold applies its actions. The rule is checked when saved: a field, operator or value that cannot match, or a pattern that can backtrack catastrophically, is `400` naming its path (`conditions.all[2].value`); an id of nothing in the workspace is `404` on its path. At most 500 rules per workspace and 100 enabled rules per event (`400`). Enumerations (fields, operators, action types, events) may gain values. Rules run inside the write that triggered them: the response already shows their effect, their events carry `actor.type = automation` and the rule id, and an action that cannot apply (team deleted, user inactive, webhook disabled) is skipped and recorded (`last_error`, `automation.action_failed`) without failing the request. A routing rule:\n\n```json\n' +
      JSON.stringify(ROUTING_RULE_EXAMPLE, null, 2) +
      '\n```\n\nRouting to a team (its assignment method then picks the assignee):\n\n```json\n' +
      JSON.stringify(TEAM_ROUTING_RULE_EXAMPLE, null, 2) +
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

  @Post('dry-run')
  @Idempotent()
  @HttpCode(HttpStatus.OK)
  @RequirePermissions('rules:read', 'tickets:read')
  @ApiOperation({
    operationId: 'dryRunDraftRule',
    summary: 'Try a draft rule on tickets, writing nothing',
    description: `${DRY_RUN_DESCRIPTION} The draft \`rule\` is checked like \`POST /rules\` (errors name \`rule.…\`) and is not saved; in \`pass\` mode it runs at its \`position\` (default last), as a save would place it.`,
  })
  @ApiBody({ type: DraftDryRunDto, examples: { draft: { value: DRY_RUN_EXAMPLE } } })
  @ApiOkResponse({ type: DryRunResponse })
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.NotFound)
  async dryRunDraft(@CurrentPrincipal() principal: Principal, @Body() dto: DraftDryRunDto): Promise<EnvelopedJson> {
    return new EnvelopedJson(JSON.stringify(await this.dryRuns.draft(principal, dto)));
  }

  @Post(':id/dry-run')
  @Idempotent()
  @HttpCode(HttpStatus.OK)
  @RequirePermissions('rules:read', 'tickets:read')
  @ApiOperation({
    operationId: 'dryRunRule',
    summary: 'Try a saved rule on tickets, writing nothing',
    description: `${DRY_RUN_DESCRIPTION} In \`pass\` mode the rule runs at its position, even when disabled.`,
  })
  @ApiBody({ type: DryRunDto, examples: { open: { value: { filter: { status: ['open'] }, mode: 'pass' } } } })
  @ApiOkResponse({ type: DryRunResponse })
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.NotFound)
  async dryRun(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: DryRunDto): Promise<EnvelopedJson> {
    return new EnvelopedJson(JSON.stringify(await this.dryRuns.saved(principal, id, dto)));
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
