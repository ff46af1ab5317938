import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TransactionRunner } from '@relay/database';
import type { CustomerTickets } from '@relay/customers';
import type { TaggedTickets } from '@relay/tags';

const TOUCH_CARRYING = 'UPDATE tickets SET updated_at = ? WHERE id IN (SELECT ticket_id FROM ticket_tags WHERE tag_id = ?)';
const COUNT_FOR_CUSTOMER = 'SELECT COUNT(*) AS n FROM tickets WHERE workspace_id = ? AND customer_id = ?';

/**
 * What the tickets module answers other modules about its tables (the ports they declare:
 * TaggedTickets, CustomerTickets). Its own reads and writes live in its rooms: listing/,
 * search/, counts/, tags/.
 */
@Injectable()
export class TicketsRepository implements TaggedTickets, CustomerTickets {
  constructor(private readonly tx: TransactionRunner) {}

  /** Tickets carrying the tag changed as seen through the API: `updated_after` syncs must see them. */
  async touchCarrying(manager: EntityManager, tagId: string, at: Date): Promise<void> {
    await this.tx.query(manager, TOUCH_CARRYING, [at.getTime(), tagId]);
  }

  async count(manager: EntityManager, workspaceId: string, customerId: string): Promise<number> {
    const [row] = await this.tx.query<{ n: number | string }>(manager, COUNT_FOR_CUSTOMER, [workspaceId, customerId]);
    return Number(row?.n ?? 0);
  }
}
