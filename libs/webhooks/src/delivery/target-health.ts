import type { EntityManager, EntityTarget, FindOptionsWhere } from 'typeorm';
import { In, IsNull, Not } from 'typeorm';
import { shouldDisable } from './backoff';
import type { AttemptOutcome } from './delivery-target';

/** The columns every kind of target keeps about its own health. */
export interface HealthTracked {
  id: string;
  active: boolean;
  disabledReason: string | null;
  failingSince: Date | null;
  updatedAt: Date;
}

/**
 * On PostgreSQL, `FOR KEY SHARE` for a find of targets: the rows found are held against deletion
 * until the transaction ends (concurrent sends and updates still go; a DELETE waits), and a
 * target deleted meanwhile is not found, where writing a delivery for it would fail its foreign
 * key. Taken before any delivery row is written, it also puts the transaction in the lock order
 * a target's DELETE takes (the target, then its deliveries by cascade), so the two cannot deadlock.
 */
export function heldAgainstDeletion(manager: EntityManager): { lock?: { mode: 'for_key_share' } } {
  return manager.connection.options.type === 'postgres' ? { lock: { mode: 'for_key_share' } } : {};
}

/** The target, held against deletion (see heldAgainstDeletion); null if it is gone. */
export function holdTarget<T extends HealthTracked>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  where: FindOptionsWhere<T>,
): Promise<T | null> {
  return manager.findOne(entity, { where, ...heldAgainstDeletion(manager) });
}

/** Re-activating a target is the operator saying "fixed": its failure clock starts over. */
export function setTargetActive(target: Omit<HealthTracked, 'id' | 'updatedAt'>, active: boolean): void {
  if (active && !target.active) Object.assign(target, { disabledReason: null, failingSince: null });
  target.active = active;
}

/**
 * Which of `ids` are targets of the workspace, each with whether it is active: for automation
 * rules, which name targets by id and must not name a missing or disabled one.
 */
export async function targetsActive<T extends HealthTracked & { workspaceId: string }>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  workspaceId: string,
  ids: string[],
): Promise<Map<string, boolean>> {
  if (!ids.length) return new Map();
  const rows = (await manager.find(entity, { select: { id: true, active: true }, where: { workspaceId, id: In(ids) } } as never)) as T[];
  return new Map(rows.map((row) => [row.id, row.active]));
}

/**
 * The failure clock shared by every kind of target: a success stops it; a failure starts it;
 * a target whose every attempt failed for 5 days is disabled, as is one whose attempt says it
 * is gone (`disableReason`). Returns the reason when this attempt disabled the target.
 */
export async function recordTargetHealth<T extends HealthTracked>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  id: string,
  outcome: AttemptOutcome,
  now: Date,
): Promise<string | null> {
  const where = { id } as never;
  if (outcome.ok) {
    await manager.update(entity, { id, failingSince: Not(IsNull()) } as never, { failingSince: null } as never);
    return null;
  }
  // A receiver asking to slow down is healthy.
  if (outcome.retryAfterMs !== undefined) return null;
  const target = await manager.findOneBy(entity, where);
  if (!target?.active) return null;
  let reason: string | null = null;
  if (outcome.disableReason) reason = `disabled by Relay on ${now.toISOString()}: ${outcome.disableReason}`;
  else if (shouldDisable(target.failingSince, now)) {
    reason = `disabled by Relay on ${now.toISOString()}: every delivery failed for 5 days (last error: ${outcome.error ?? 'failed'})`;
  }
  if (reason !== null) {
    reason = reason.slice(0, 500);
    await manager.update(entity, where, {
      active: false,
      disabledReason: reason,
      failingSince: target.failingSince ?? now,
      updatedAt: now,
    } as never);
  } else if (!target.failingSince) {
    await manager.update(entity, where, { failingSince: now } as never);
  }
  return reason;
}
