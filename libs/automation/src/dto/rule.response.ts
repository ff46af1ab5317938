import { ApiProperty } from '@nestjs/swagger';
import { RULE_EVENTS } from '../engine';
import { RuleActionDto, RuleConditionsDto } from './rule-parts.dto';

export class RuleResponse {
  @ApiProperty({ example: 'rul_…' }) id!: string;
  @ApiProperty({ example: 'VIP customers to Priority' }) name!: string;
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ type: 'integer', example: 1, description: 'Dense 1..n: the order rules run in.' }) position!: number;
  @ApiProperty({ enum: RULE_EVENTS, enumName: 'RuleEvent', isArray: true }) events!: string[];
  @ApiProperty({ type: RuleConditionsDto }) conditions!: RuleConditionsDto;
  @ApiProperty({ type: [RuleActionDto] }) actions!: RuleActionDto[];
  @ApiProperty() stop_processing!: boolean;
  @ApiProperty({ type: 'integer', description: 'Goes up by one on every change of events, conditions, actions or stop_processing.' })
  version!: number;
  @ApiProperty({ type: String, nullable: true, description: 'The user who created the rule.' }) created_by!: string | null;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiProperty({ format: 'date-time' }) updated_at!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) last_fired_at!: string | null;
  @ApiProperty({ type: 'integer' }) fire_count!: number;
  @ApiProperty({ type: String, nullable: true, description: 'Why an action of the rule last failed; null once it fires cleanly.' })
  last_error!: string | null;
}
