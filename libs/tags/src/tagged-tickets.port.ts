import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Port } from '@relay/common';

/** What the tags module needs from the tickets carrying a tag. The tickets module implements it. */
export interface TaggedTickets {
  /** Stamps `updated_at` on every ticket carrying the tag (a rename or delete changes them as the API shows them). */
  touchCarrying(manager: EntityManager, tagId: string, at: Date): Promise<void>;
}

@Injectable()
export class TaggedTicketsPort extends Port<TaggedTickets> {}
