import { EntityManager } from 'typeorm';
import { TransactionRunner } from '@relay/database';

const NEXT_NUMBER =
  'INSERT INTO ticket_counters (workspace_id, value) VALUES (?, 1) ' +
  'ON CONFLICT (workspace_id) DO UPDATE SET value = ticket_counters.value + 1 RETURNING value';

// PostgreSQL: the same upsert as a transaction of its own, committed without waiting for its WAL
// flush (synchronous_commit off for this one transaction only). Safe: the ticket that uses the
// number commits after it, synchronously, which flushes the WAL up to and past this update.
const NEXT_NUMBER_ALONE =
  'INSERT INTO ticket_counters (workspace_id, value) ' +
  "SELECT ?, 1 FROM (SELECT set_config('synchronous_commit', 'off', true)) AS async_commit " +
  'ON CONFLICT (workspace_id) DO UPDATE SET value = ticket_counters.value + 1 RETURNING value';

/**
 * The next ticket number of a workspace: unique and increasing per workspace.
 * - SQLite: taken inside the creating transaction (`manager`); transactions are serialised, so
 *   numbers are consecutive and a rolled-back create gives its number back.
 * - PostgreSQL: taken just before the creating transaction, on its connection, in one statement
 *   of its own (TransactionRunner.runAfter), so the
 *   workspace's counter row is locked for that statement only, not for the whole create
 *   (concurrent creates queued on it, ~150/s). A create that fails after taking its number
 *   leaves a gap, and creates may commit in another order than their numbers.
 */
export async function nextTicketNumber(tx: TransactionRunner, manager: EntityManager, workspaceId: string): Promise<number> {
  const [row] = await tx.query<{ value: string | number }>(manager, tx.isPostgres ? NEXT_NUMBER_ALONE : NEXT_NUMBER, [workspaceId]);
  return Number(row.value);
}
