import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { DateTimeQuery, ListQueryDto } from '@relay/common';
import { ACTOR_TYPES } from '../actor';
import type { ActorType } from '../actor';
import { EVENT_TYPES } from '../event-types';
import type { EventType } from '../event-types';

export class ListEventsQuery extends ListQueryDto {
  @ApiPropertyOptional({ enum: EVENT_TYPES, enumName: 'DomainEventType' })
  @IsOptional()
  @IsIn(EVENT_TYPES)
  type?: EventType;

  @DateTimeQuery('Only events created strictly after this instant.')
  created_after?: string;

  @ApiPropertyOptional({ enum: ACTOR_TYPES, enumName: 'ActorType', description: 'Only events whose `actor.type` is this.' })
  @IsOptional()
  @IsIn(ACTOR_TYPES)
  actor_type?: ActorType;

  @ApiPropertyOptional({ maxLength: 64, description: 'Only events whose `actor.id` is this user id.' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  actor_id?: string;
}
