import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsObject, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { IsOmittable } from '@relay/common';
import { AUTHOR_TYPES, CONVERSATION_TYPES, RULE_EVENTS } from '../engine';
import { CreateRuleDto } from './create-rule.dto';
import { FIELD_CHANGE } from './dry-run.response';
import { DryRunTicketFilter, TicketFilterField, TicketIdsField } from './ticket-selection';

export const DRY_RUN_MODES = ['rule', 'pass'] as const;
export const DRY_RUN_TICKET_IDS = 100;
export const DRY_RUN_PAGE = 500;

export class DryRunConversationDto {
  @ApiProperty({ maxLength: 65536, example: 'I was charged twice, please refund' })
  @IsString()
  @MaxLength(65536)
  body!: string;

  @ApiPropertyOptional({ enum: CONVERSATION_TYPES, default: 'reply' })
  @IsOmittable()
  @IsIn(CONVERSATION_TYPES)
  type?: string;

  @ApiPropertyOptional({ enum: AUTHOR_TYPES, default: 'customer' })
  @IsOmittable()
  @IsIn(AUTHOR_TYPES)
  author_type?: string;
}

/** What to try a rule on, and as what event; everything but the rule itself. */
export class DryRunDto {
  @TicketIdsField(DRY_RUN_TICKET_IDS, 'The tickets to try, answered in this order. Exactly one of `ticket_ids` and `filter`.')
  ticket_ids?: string[];

  @TicketFilterField('The `GET /tickets` filters, as an object; the tickets are tried newest first, `limit` per call.')
  filter?: DryRunTicketFilter;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: DRY_RUN_PAGE, default: 50, description: 'With `filter`: tickets per call.' })
  @IsOmittable()
  @IsInt()
  @Min(1)
  @Max(DRY_RUN_PAGE)
  limit?: number;

  @ApiPropertyOptional({ maxLength: 512, description: 'With `filter`: `meta.next_cursor` of the previous call, with the same filter.' })
  @IsOmittable()
  @IsString()
  @MaxLength(512)
  cursor?: string;

  @ApiPropertyOptional({ enum: RULE_EVENTS, enumName: 'RuleEvent', description: "One of the rule's events; default its first." })
  @IsOmittable()
  @IsIn(RULE_EVENTS)
  event?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: FIELD_CHANGE,
    example: { status: { from: 'open', to: 'pending' } },
    description: 'On `ticket.updated`: the hypothetical change (`status`, `priority`, `assignee_id`, `tags`), as the event reports it.',
  })
  @IsOmittable()
  @IsObject()
  changes?: Record<string, { from: unknown; to: unknown }>;

  @ApiPropertyOptional({
    type: DryRunConversationDto,
    description:
      'The hypothetical entry `conversation.*` conditions read. Left out on `ticket.created`: the ticket’s description (its first entry).',
  })
  @IsOmittable()
  @IsObject()
  @ValidateNested()
  @Type(() => DryRunConversationDto)
  conversation?: DryRunConversationDto;

  @ApiPropertyOptional({
    enum: DRY_RUN_MODES,
    default: 'rule',
    description:
      '`rule`: this rule alone. `pass`: every enabled rule of the event in `position` order, this one at its position, each seeing the ticket as the earlier ones left it.',
  })
  @IsOmittable()
  @IsIn(DRY_RUN_MODES)
  mode?: (typeof DRY_RUN_MODES)[number];
}

export class DraftDryRunDto extends DryRunDto {
  @ApiProperty({
    type: CreateRuleDto,
    description: 'The draft, checked like `POST /rules` (errors name `rule.…`); in `pass` mode it runs at its `position` (default last).',
  })
  @IsObject()
  @ValidateNested()
  @Type(() => CreateRuleDto)
  rule!: CreateRuleDto;
}
