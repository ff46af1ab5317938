import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { commaList, DateTimeQuery } from '@relay/common';
import { INTERVALS, Interval, TeamIdFilter, TICKET_CHANNELS } from '@relay/tickets';

/** The window and filters every analytics report takes. */
export class AnalyticsQuery {
  @DateTimeQuery('Start of the window (inclusive). Default: `to` minus 30 days.')
  from?: string;

  @DateTimeQuery('End of the window (exclusive). Default: now.')
  to?: string;

  @ApiPropertyOptional({ description: 'Only tickets assigned to this user; `none` for unassigned ones.', maxLength: 64 })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  assignee_id?: string;

  @TeamIdFilter()
  team_id?: string[];

  @ApiPropertyOptional({
    type: [String],
    description: 'Only tickets carrying every one of these tags (repeatable or comma list; case-insensitive).',
  })
  @IsOptional()
  @Transform(commaList)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  @ArrayMaxSize(20)
  tag?: string[];

  @ApiPropertyOptional({ enum: TICKET_CHANNELS })
  @IsOptional()
  @IsIn(TICKET_CHANNELS)
  channel?: string;
}

export class VolumeQuery extends AnalyticsQuery {
  @ApiPropertyOptional({ enum: INTERVALS, default: 'day', description: 'Days start at 00:00 UTC, weeks on Monday 00:00 UTC.' })
  @IsOptional()
  @IsIn(INTERVALS)
  interval: Interval = 'day';
}
