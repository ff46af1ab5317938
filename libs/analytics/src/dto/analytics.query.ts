import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsIn, IsISO8601, IsOptional, IsString, MaxLength } from 'class-validator';
import { commaList } from '@relay/common';
import { INTERVALS, Interval } from '../buckets';
import { TICKET_CHANNELS } from '@relay/tickets';

/** The window and filters every analytics report takes. */
export class AnalyticsQuery {
  @ApiPropertyOptional({ format: 'date-time', description: 'Start of the window (inclusive). Default: `to` minus 30 days.' })
  @IsOptional() @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'End of the window (exclusive). Default: now.' })
  @IsOptional() @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ description: 'Only tickets assigned to this user; `none` for unassigned ones.', maxLength: 64 })
  @IsOptional() @IsString() @MaxLength(64)
  assignee_id?: string;

  @ApiPropertyOptional({ type: [String], description: 'Only tickets carrying every one of these tags (repeatable or comma list; case-insensitive).' })
  @IsOptional() @Transform(commaList) @IsString({ each: true }) @MaxLength(100, { each: true }) @ArrayMaxSize(20)
  tag?: string[];

  @ApiPropertyOptional({ enum: TICKET_CHANNELS })
  @IsOptional() @IsIn(TICKET_CHANNELS)
  channel?: string;
}

export class VolumeQuery extends AnalyticsQuery {
  @ApiPropertyOptional({ enum: INTERVALS, default: 'day', description: 'Days start at 00:00 UTC, weeks on Monday 00:00 UTC.' })
  @IsOptional() @IsIn(INTERVALS)
  interval: Interval = 'day';
}
