import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { DateTimeQuery, ListQueryDto } from '@relay/common';
import { EVENT_TYPES } from '../event-types';
import type { EventType } from '../event-types';

export class ListEventsQuery extends ListQueryDto {
  @ApiPropertyOptional({ enum: EVENT_TYPES, enumName: 'DomainEventType' })
  @IsOptional()
  @IsIn(EVENT_TYPES)
  type?: EventType;

  @DateTimeQuery('Only events created strictly after this instant.')
  created_after?: string;
}
