import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsIn, IsOptional } from 'class-validator';
import { ListQueryDto } from '@relay/common';
import { EVENT_TYPES } from '../event-types';
import type { EventType } from '../event-types';

export class ListEventsQuery extends ListQueryDto {
  @ApiPropertyOptional({ enum: EVENT_TYPES, enumName: 'DomainEventType' })
  @IsOptional() @IsIn(EVENT_TYPES)
  type?: EventType;

  @ApiPropertyOptional({ format: 'date-time', description: 'Only events created strictly after this instant.' })
  @IsOptional() @IsDateString({ strict: true })
  created_after?: string;
}
