import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { DateTimeQuery, ListQueryDto, SORT_ORDERS } from '@relay/common';
import type { SortOrder } from '@relay/common';
import { AUTHOR_TYPES, CONVERSATION_TYPES } from '../conversation.enums';
import type { AuthorType, ConversationType } from '../conversation.enums';

/** `GET /conversations`: newest first, like every list. */
export class ListConversationsQuery extends ListQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  ticket_id?: string;

  @ApiPropertyOptional({ enum: CONVERSATION_TYPES })
  @IsOptional()
  @IsIn(CONVERSATION_TYPES)
  type?: ConversationType;

  @ApiPropertyOptional({ enum: AUTHOR_TYPES })
  @IsOptional()
  @IsIn(AUTHOR_TYPES)
  author_type?: AuthorType;

  @DateTimeQuery('created_at at or after this instant.')
  created_after?: string;
}

/** `GET /tickets/{id}/conversations`: a thread reads oldest first unless asked otherwise. */
export class ListTicketConversationsQuery extends ListQueryDto {
  @ApiPropertyOptional({ enum: SORT_ORDERS, default: 'asc' })
  @IsOptional()
  @IsIn(SORT_ORDERS)
  override order: SortOrder = 'asc';
}
