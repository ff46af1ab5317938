import { EntityManager } from 'typeorm';

/**
 * The next ticket number of a workspace, taken inside the creating transaction. The upsert
 * row-locks the workspace's counter until commit, so concurrent creates get distinct,
 * consecutive numbers, and a rolled-back create gives its number back.
 */
export async function nextTicketNumber(manager: EntityManager, workspaceId: string, postgres: boolean): Promise<number> {
  const rows: { value: string | number }[] = await manager.query(
    `INSERT INTO ticket_counters (workspace_id, value) VALUES (${postgres ? '$1' : '?'}, 1) ` +
      'ON CONFLICT (workspace_id) DO UPDATE SET value = ticket_counters.value + 1 RETURNING value',
    [workspaceId],
  );
  return Number(rows[0].value);
}
