import { ApiProperty } from '@nestjs/swagger';
import { AUTHOR_TYPES, CONVERSATION_TYPES } from '../conversation.enums';
import type { AuthorType, ConversationType } from '../conversation.enums';

export class ConversationResponse {
  @ApiProperty({ example: 'cnv_…' }) id!: string;
  @ApiProperty({ example: 'tkt_…' }) ticket_id!: string;
  @ApiProperty({
    enum: CONVERSATION_TYPES,
    enumName: 'ConversationType',
    description: '`reply` is visible to the customer; `note` is internal.',
  })
  type!: ConversationType;
  @ApiProperty({ example: 'Thanks, the refund is on its way.' }) body!: string;
  @ApiProperty({
    enum: AUTHOR_TYPES,
    enumName: 'AuthorType',
    description:
      '`automation`: an internal note a rule added (`author_id` is the rule id). New values may be added; tolerate unknown ones.',
  })
  author_type!: AuthorType;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The user id (author_type user), the customer id (author_type customer) or the rule id (author_type automation).',
  })
  author_id!: string | null;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
}
