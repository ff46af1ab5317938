import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { DateTimeQuery, ListQueryDto } from '@relay/common';
import { RULE_RUN_STATUSES } from '../rule-run-statuses';
import type { RuleRunStatus } from '../rule-run.entity';

/** `GET /rules/{id}/runs`: newest first by default, like every list. */
export class ListRuleRunsQuery extends ListQueryDto {
  @ApiPropertyOptional({ maxLength: 64, description: "Only runs on this ticket (another workspace's id: an empty list)." })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  ticket_id?: string;

  @DateTimeQuery('Only runs created strictly after this instant.')
  created_after?: string;

  @ApiPropertyOptional({ enum: RULE_RUN_STATUSES, enumName: 'RuleRunStatus' })
  @IsOptional()
  @IsIn(RULE_RUN_STATUSES)
  status?: RuleRunStatus;
}
