import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsString, MaxLength } from 'class-validator';
import { CONVERSATION_TYPES } from '@relay/conversations';
import { TICKET_CHANNELS, TICKET_PRIORITIES, TICKET_STATUSES } from '@relay/tickets';
import { IsOmittable } from '@relay/common';

/** Contract §12: all given conditions must hold (AND); within one list, any value matches. */
export class ChannelFilterDto {
  @ApiPropertyOptional({ type: [String], maxItems: 100, description: "The ticket's team is one of these." })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(40, { each: true })
  team_ids?: string[];

  @ApiPropertyOptional({ enum: TICKET_PRIORITIES, enumName: 'TicketPriority', isArray: true })
  @IsOmittable()
  @IsArray()
  @IsIn(TICKET_PRIORITIES, { each: true, message: `each value in priorities must be one of: ${TICKET_PRIORITIES.join(', ')}` })
  priorities?: string[];

  @ApiPropertyOptional({ enum: TICKET_STATUSES, enumName: 'TicketStatus', isArray: true })
  @IsOmittable()
  @IsArray()
  @IsIn(TICKET_STATUSES, { each: true, message: `each value in statuses must be one of: ${TICKET_STATUSES.join(', ')}` })
  statuses?: string[];

  @ApiPropertyOptional({ enum: TICKET_CHANNELS, enumName: 'TicketChannel', isArray: true })
  @IsOmittable()
  @IsArray()
  @IsIn(TICKET_CHANNELS, { each: true, message: `each value in channels must be one of: ${TICKET_CHANNELS.join(', ')}` })
  channels?: string[];

  @ApiPropertyOptional({ type: [String], maxItems: 50, description: 'The ticket carries at least one of these tags (case-insensitive).' })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(50, { each: true })
  tags_any?: string[];

  @ApiPropertyOptional({
    enum: CONVERSATION_TYPES,
    isArray: true,
    description: 'For `conversation.created`: which entries are sent. Internal notes are sent only when this names `note`.',
  })
  @IsOmittable()
  @IsArray()
  @IsIn(CONVERSATION_TYPES, { each: true, message: `each value in conversation_types must be one of: ${CONVERSATION_TYPES.join(', ')}` })
  conversation_types?: string[];
}
