import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { commaList, DateTimeQuery, ListQueryDto, trimmed } from '@relay/common';
import { TICKET_CHANNELS, TICKET_PRIORITIES, TICKET_STATUSES } from '../ticket.enums';
import type { TicketChannel, TicketPriority, TicketStatus } from '../ticket.enums';
import { TeamIdFilter } from './team-filter';

const LIST = 'Comma-separated, or the parameter repeated.';

/** The `/tickets` filters (contract §5), combinable (AND); the export takes the same ones. */
export class ListTicketsQuery extends ListQueryDto {
  @ApiPropertyOptional({ enum: TICKET_STATUSES, isArray: true, description: `Any of these statuses. ${LIST}` })
  @IsOptional()
  @Transform(commaList)
  @IsArray()
  @ArrayMaxSize(TICKET_STATUSES.length)
  @IsIn(TICKET_STATUSES, { each: true })
  status?: TicketStatus[];

  @ApiPropertyOptional({ enum: TICKET_PRIORITIES, isArray: true, description: `Any of these priorities. ${LIST}` })
  @IsOptional()
  @Transform(commaList)
  @IsArray()
  @ArrayMaxSize(TICKET_PRIORITIES.length)
  @IsIn(TICKET_PRIORITIES, { each: true })
  priority?: TicketPriority[];

  @ApiPropertyOptional({ type: [String], description: `Tickets carrying ALL of these tag names (case-insensitive). ${LIST}` })
  @IsOptional()
  @Transform(commaList)
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  tag?: string[];

  @ApiPropertyOptional({ description: 'A user id, or `none` for unassigned tickets.' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  assignee_id?: string;

  @TeamIdFilter()
  team_id?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  customer_id?: string;

  @ApiPropertyOptional({ description: "The customer's email, case-insensitive." })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(320)
  customer_email?: string;

  @ApiPropertyOptional({ enum: TICKET_CHANNELS })
  @IsOptional()
  @IsIn(TICKET_CHANNELS)
  channel?: TicketChannel;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(255)
  external_id?: string;

  @DateTimeQuery('created_at at or after this instant.')
  created_after?: string;

  @DateTimeQuery('created_at strictly before this instant.')
  created_before?: string;

  @DateTimeQuery('updated_at at or after this instant (for incremental syncs).')
  updated_after?: string;

  @ApiPropertyOptional({
    maxLength: 200,
    description: 'Full-text search: tickets whose subject or conversation bodies contain every word (whole words, case-insensitive).',
  })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(200)
  q?: string;
}
