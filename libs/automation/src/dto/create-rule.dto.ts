import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsArray, IsBoolean, IsInt, IsObject, IsOptional, IsString, MaxLength, Min, MinLength } from 'class-validator';
import { IsOmittable, trimmed } from '@relay/common';
import { RULE_EVENTS } from '../engine';
import { RuleActionDto, RuleConditionsDto } from './rule-parts.dto';

export class CreateRuleDto {
  @ApiProperty({
    minLength: 1,
    maxLength: 100,
    example: 'VIP customers to Priority',
    description: 'Unique in the workspace, case-insensitively.',
  })
  @Transform(trimmed)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  description?: string | null;

  @ApiPropertyOptional({ default: true, description: 'Enabling a rule checks it again, as at creation.' })
  @IsOmittable()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    description:
      'Where the rule runs in its pass (1 = first). Given: the rule is inserted there and those after shift down; left out: appended.',
  })
  @IsOmittable()
  @IsInt()
  @Min(1)
  position?: number;

  @ApiProperty({
    enum: RULE_EVENTS,
    enumName: 'RuleEvent',
    isArray: true,
    example: ['ticket.created'],
    description: '`manual` must be alone: such a rule runs only through `POST /rules/{id}/run`.',
  })
  @IsArray()
  events!: string[];

  @ApiPropertyOptional({
    type: RuleConditionsDto,
    description: 'Left out: the rule matches every ticket of its events.',
  })
  @IsOmittable()
  @IsObject()
  conditions?: Record<string, unknown>;

  @ApiProperty({
    type: [RuleActionDto],
    minItems: 1,
    maxItems: 20,
    description: 'Applied in order; one that changes nothing is skipped as `no_change`.',
  })
  @IsArray()
  actions!: Record<string, unknown>[];

  @ApiPropertyOptional({ default: false, description: 'When the rule fires, the rules after it do not run in that pass.' })
  @IsOmittable()
  @IsBoolean()
  stop_processing?: boolean;
}
