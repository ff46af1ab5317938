import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsOmittable, IsThreadBody, THREAD_BODY_MAX } from '@relay/common';
import { CONVERSATION_TYPES, POSTED_AUTHOR_TYPES } from '../conversation.enums';
import type { ConversationType, PostedAuthorType } from '../conversation.enums';

/** `POST /tickets/{id}/conversations`. */
export class CreateTicketConversationDto {
  @ApiProperty({ enum: CONVERSATION_TYPES, enumName: 'ConversationType' })
  @IsIn(CONVERSATION_TYPES)
  type!: ConversationType;

  @ApiProperty({ maxLength: THREAD_BODY_MAX, description: 'Stored exactly as given; must contain something other than whitespace.' })
  @IsThreadBody()
  body!: string;

  @ApiPropertyOptional({
    enum: POSTED_AUTHOR_TYPES,
    enumName: 'PostedAuthorType',
    default: 'user',
    description: "`user`: the calling key's user. `customer`: the ticket's customer (replies only; notes are internal).",
  })
  @IsOmittable()
  @IsIn(POSTED_AUTHOR_TYPES)
  author_type?: PostedAuthorType;
}

/** `POST /conversations`: the same, naming the ticket in the body. */
export class CreateConversationDto extends CreateTicketConversationDto {
  @ApiProperty({ example: 'tkt_…', description: 'A ticket of the workspace (else 404 naming ticket_id).' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  ticket_id!: string;
}
