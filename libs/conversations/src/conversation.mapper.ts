import { iso } from '@relay/common';
import { Conversation } from './conversation.entity';
import { ConversationResponse } from './dto/conversation.response';

export function toConversationResponse(entry: Conversation): ConversationResponse {
  return {
    id: entry.id,
    ticket_id: entry.ticketId,
    type: entry.type,
    body: entry.body,
    author_type: entry.authorType,
    author_id: entry.authorId,
    created_at: iso(entry.createdAt),
  };
}
