import { iso } from '@relay/common';
import { TagResponse } from './dto/tag.response';
import { Tag } from './tag.entity';

export function toTagResponse(tag: Tag): TagResponse {
  return {
    id: tag.id,
    name: tag.name,
    ticket_count: Number(tag.ticketCount),
    created_at: iso(tag.createdAt),
    updated_at: iso(tag.updatedAt),
  };
}
