import { EntityManager } from 'typeorm';
import { TransactionRunner } from '@relay/database';

const NEXT_NUMBER =
  'INSERT INTO ticket_counters (workspace_id, value) VALUES (?, 1) ' +
  'ON CONFLICT (workspace_id) DO UPDATE SET value = ticket_counters.value + 1 RETURNING value';

/**
 * The next ticket number of a workspace, taken inside the creating transaction. The upsert
 * row-locks the workspace's counter until commit, so concurrent creates get distinct,
 * consecutive numbers, and a rolled-back create gives its number back.
 */
export async function nextTicketNumber(tx: TransactionRunner, manager: EntityManager, workspaceId: string): Promise<number> {
  const [row] = await tx.query<{ value: string | number }>(manager, NEXT_NUMBER, [workspaceId]);
  return Number(row.value);
}
