import { ApiProperty } from '@nestjs/swagger';

const SECONDS = 'Seconds, not rounded; null when no ticket qualifies.';

export class DurationStatsResponse {
  @ApiProperty({ type: Number, nullable: true, description: `Median (linear interpolation, as percentile_cont). ${SECONDS}` })
  median!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: `90th percentile (linear interpolation). ${SECONDS}` })
  p90!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: `Mean. ${SECONDS}` })
  avg!: number | null;
}

export class MedianResponse {
  @ApiProperty({ type: Number, nullable: true, description: SECONDS }) median!: number | null;
}

export class StatusCountsResponse {
  @ApiProperty() open!: number;
  @ApiProperty() pending!: number;
  @ApiProperty() resolved!: number;
  @ApiProperty() closed!: number;
}

export class PriorityCountsResponse {
  @ApiProperty() low!: number;
  @ApiProperty() normal!: number;
  @ApiProperty() high!: number;
  @ApiProperty() urgent!: number;
}

export class AnalyticsSummaryResponse {
  @ApiProperty({ format: 'date-time', description: 'Start of the window (inclusive).' }) from!: string;
  @ApiProperty({ format: 'date-time', description: 'End of the window (exclusive).' }) to!: string;
  @ApiProperty({ description: 'Tickets created in the window.' }) created!: number;
  @ApiProperty({ description: 'Tickets first resolved in the window (reopening does not undo it).' }) resolved!: number;
  @ApiProperty({ description: 'Tickets first closed in the window.' }) closed!: number;
  @ApiProperty({ description: 'Tickets open or pending now, whenever created.' }) backlog!: number;
  @ApiProperty({ type: StatusCountsResponse, description: 'Tickets created in the window, by current status.' })
  by_status!: StatusCountsResponse;
  @ApiProperty({ type: PriorityCountsResponse, description: 'Tickets created in the window, by priority.' })
  by_priority!: PriorityCountsResponse;
  @ApiProperty({
    type: DurationStatsResponse,
    description: 'First user reply − creation, over tickets created in the window that have one.',
  })
  first_response_seconds!: DurationStatsResponse;
  @ApiProperty({
    type: DurationStatsResponse,
    description: 'First resolution − creation, over tickets created in the window that have one.',
  })
  resolution_seconds!: DurationStatsResponse;
}

export class VolumeBucketResponse {
  @ApiProperty({ format: 'date-time', description: '00:00 UTC of the day, or Monday 00:00 UTC of the ISO week.' }) period_start!: string;
  @ApiProperty({ description: 'Tickets created in this period (and in the window).' }) created!: number;
  @ApiProperty({ description: 'Tickets first resolved in this period (and in the window).' }) resolved!: number;
}

export class TeamStatsResponse {
  @ApiProperty({ example: 'team_4Fq…' }) team_id!: string;
  @ApiProperty({ example: 'Billing' }) name!: string;
  @ApiProperty({ description: 'Tickets of the team created in the window.' }) created!: number;
  @ApiProperty({ description: 'Tickets of the team first resolved in the window.' }) resolved!: number;
  @ApiProperty({ description: 'Tickets of the team open or pending now.' }) backlog!: number;
  @ApiProperty({ description: 'Of the backlog, those without an assignee now (waiting for a turn).' }) unassigned_now!: number;
  @ApiProperty({ type: MedianResponse, description: 'Over its tickets created in the window.' }) first_response_seconds!: MedianResponse;
}

export class AgentStatsResponse {
  @ApiProperty({ example: 'usr_7Hq2…' }) user_id!: string;
  @ApiProperty({ example: 'Ada Lovelace' }) name!: string;
  @ApiProperty({ description: 'Tickets created in the window and assigned to this user.' }) assigned!: number;
  @ApiProperty({ description: 'Tickets assigned to this user and first resolved in the window.' }) resolved!: number;
  @ApiProperty({ type: MedianResponse, description: 'Over their tickets created in the window.' }) first_response_seconds!: MedianResponse;
}
