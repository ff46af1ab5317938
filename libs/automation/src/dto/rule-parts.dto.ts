import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ACTION_TYPES, CHANGE_OPERATORS, FIELDS, OPERATORS } from '../engine';

const ALL_OPERATORS = [...new Set([...Object.values(OPERATORS).flat(), ...CHANGE_OPERATORS])];

export class RuleConditionDto {
  @ApiProperty({ enum: Object.keys(FIELDS), enumName: 'RuleConditionField', example: 'customer.email_domain' })
  field!: string;

  @ApiProperty({
    enum: ALL_OPERATORS,
    enumName: 'RuleConditionOperator',
    example: 'in',
    description:
      'Text: eq, neq, in, not_in, contains, not_contains, starts_with, ends_with, contains_any, matches, is_empty, is_not_empty. Enum: eq, neq, in, not_in. Tags: includes, excludes, includes_any, includes_all. Id: eq, neq, in, is_empty, is_not_empty. On rules whose only event is ticket.updated: changed, changed_from, changed_to (status, priority, assignee_id, tags; for tags, from = removed, to = added).',
  })
  operator!: string;

  @ApiPropertyOptional({
    oneOf: [
      { type: 'string', nullable: true },
      { type: 'array', items: { type: 'string' } },
    ],
    example: ['acme.com'],
    description:
      'Left out for is_empty, is_not_empty and changed; a list (1–100) for in, not_in, contains_any, includes_any, includes_all; else one value of the field’s type. `matches` takes a JavaScript RegExp of at most 200 characters matched by RE2 in linear time: nested quantifiers, lookaround and backreferences are refused.',
  })
  value?: string | string[] | null;

  @ApiPropertyOptional({
    default: false,
    description:
      'Text fields only. Text is NFC-normalised and, unless this is true, compared case-insensitively; only its first 64 KiB is examined.',
  })
  case_sensitive?: boolean;
}

export class RuleConditionsDto {
  @ApiProperty({ type: [RuleConditionDto], description: 'Every one must hold.' }) all!: RuleConditionDto[];
  @ApiProperty({ type: [RuleConditionDto], description: 'When not empty, at least one must hold. At most 50 conditions in all.' })
  any!: RuleConditionDto[];
}

export class RuleActionDto {
  @ApiProperty({ enum: ACTION_TYPES, enumName: 'RuleActionType', example: 'set_priority' }) type!: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'set_assignee: an active agent or admin, or null to unassign.' })
  user_id?: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'set_team: a live team (then automatic assignment; an assignee outside it is dropped), or null.',
  })
  team_id?: string | null;
  @ApiPropertyOptional({ description: 'set_priority.', example: 'high' }) priority?: string;
  @ApiPropertyOptional({ description: 'set_status.' }) status?: string;
  @ApiPropertyOptional({ type: [String], description: 'add_tags / remove_tags: 1–20 tag names.' }) tags?: string[];
  @ApiPropertyOptional({ description: 'add_note: the internal note’s body (author_type automation).' }) body?: string;
  @ApiPropertyOptional({ description: 'send_webhook: the endpoint that receives `automation.triggered`.' }) webhook_id?: string;
  @ApiPropertyOptional({ description: 'notify_channel: the notification channel.' }) channel_id?: string;
  @ApiPropertyOptional({ description: 'notify_channel: the message (at most 3000 characters; the channel template placeholders apply).' })
  text?: string;
}
