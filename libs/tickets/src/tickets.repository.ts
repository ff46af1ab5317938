import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TransactionRunner } from '@relay/database';
import type { CustomerTickets } from '@relay/customers';
import type { TaggedTickets } from '@relay/tags';
import { Ticket } from './ticket.entity';
import { OPEN_STATUSES } from './ticket.enums';

const TOUCH_CARRYING = 'UPDATE tickets SET updated_at = ? WHERE id IN (SELECT ticket_id FROM ticket_tags WHERE tag_id = ?)';
const COUNT_FOR_CUSTOMER = 'SELECT COUNT(*) AS n FROM tickets WHERE workspace_id = ? AND customer_id = ?';
const OPEN_FOR_TEAM = "SELECT COUNT(*) AS n FROM tickets WHERE workspace_id = ? AND team_id = ? AND status IN ('open', 'pending')";

/**
 * What the tickets module answers other modules about its tables (the ports they declare:
 * TaggedTickets, CustomerTickets; TicketRouting answers TeamTickets with its counts). Its own reads and writes live in its rooms: listing/,
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

  /** open|pending tickets of the team. */
  async openCount(manager: EntityManager, workspaceId: string, teamId: string): Promise<number> {
    const [row] = await this.tx.query<{ n: number | string }>(manager, OPEN_FOR_TEAM, [workspaceId, teamId]);
    return Number(row?.n ?? 0);
  }

  /** open|pending tickets assigned to each user in the workspace (0s included). */
  async openAssigned(manager: EntityManager, workspaceId: string, userIds: string[]): Promise<Map<string, number>> {
    const loads = new Map(userIds.map((id) => [id, 0]));
    if (!userIds.length) return loads;
    const rows: { user_id: string; n: number | string }[] = await manager
      .createQueryBuilder(Ticket, 't')
      .select('t.assigneeId', 'user_id')
      .addSelect('COUNT(*)', 'n')
      .where('t.workspaceId = :ws AND t.assigneeId IN (:...ids) AND t.status IN (:...open)', {
        ws: workspaceId,
        ids: userIds,
        open: OPEN_STATUSES,
      })
      .groupBy('t.assigneeId')
      .getRawMany();
    for (const row of rows) loads.set(row.user_id, Number(row.n));
    return loads;
  }
}
