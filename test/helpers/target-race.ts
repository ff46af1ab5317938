import { DataSource } from 'typeorm';
import { isPostgresRun } from './test-database';
import { startReceiver, WebhookReceiver } from './webhook-receiver';

/** What a race between a target's DELETE and the recording of its test send came to. */
export interface TargetRace {
  /** The DELETE's status. */
  deleteStatus: number;
  /** Delivery rows still naming the deleted target. */
  orphans: number;
}

/**
 * Deletes a delivery target (webhook endpoint, notification channel) exactly while the worker
 * records the outcome of its test send, in the interleaving that deadlocked on PostgreSQL: the
 * DELETE holds the target's row and waits for the delivery's (its cascade) while the recording
 * holds the delivery's row and waits for the target's (its health bookkeeping).
 *
 * A side transaction holds the target row (`FOR NO KEY UPDATE`, as the bookkeeping's own update)
 * to line the two up: the DELETE queues on it first, then the receiver answers and the recording
 * queues behind (each wait seen in pg_stat_activity); once the recording has waited past PostgreSQL's deadlock_timeout (1 s, when its
 * one deadlock check finds no cycle yet) the row is released, the DELETE takes it, and it is the
 * DELETE that then finds the cycle and is rolled back. On SQLite (one writer) the two just run
 * one after the other.
 */
export async function deleteWhileRecording(options: {
  dataSource: DataSource;
  table: 'webhook_endpoints' | 'notification_channels';
  /** The receiver's answer to the test send (what the recording writes depends on it). */
  answer: number;
  /** Creates the target for the receiver's URL; returns its id. */
  create: (url: string) => Promise<string>;
  /** Sends the target's test (ping) message. */
  test: (id: string) => Promise<void>;
  /** Deletes the target; returns the status. */
  remove: (id: string) => Promise<number>;
}): Promise<TargetRace> {
  let arrived!: () => void;
  const arrival = new Promise<void>((resolve) => (arrived = resolve));
  let release!: () => void;
  const held = new Promise<number>((resolve) => (release = () => resolve(options.answer)));
  const receiver: WebhookReceiver = await startReceiver(() => {
    arrived();
    return held;
  });
  const side = options.dataSource.createQueryRunner();
  try {
    const id = await options.create(receiver.url);
    await options.test(id);
    await arrival;
    const postgres = isPostgresRun();
    if (postgres) {
      await side.startTransaction();
      await side.query(`SELECT id FROM ${options.table} WHERE id = $1 FOR NO KEY UPDATE`, [id]);
    }
    const deleting = options.remove(id);
    if (postgres) await waitingOn(options.dataSource, `DELETE FROM %"${options.table}"`, 10_000);
    else await pause(300);
    release();
    if (postgres) {
      // Unfixed, the recording queues on the target's row too; fixed, it may not wait at all.
      await waitingOn(options.dataSource, `UPDATE %"${options.table}"`, 3000);
      await pause(1200);
      await side.commitTransaction();
    }
    const deleteStatus = await deleting;
    await pause(300);
    const column = options.table === 'webhook_endpoints' ? 'endpoint_id' : 'channel_id';
    const [{ n }] = await options.dataSource.query(
      `SELECT COUNT(*) AS n FROM webhook_deliveries WHERE ${column} = ${postgres ? '$1' : '?'}`,
      [id],
    );
    return { deleteStatus, orphans: Number(n) };
  } finally {
    if (side.isTransactionActive) await side.rollbackTransaction();
    await side.release();
    release();
    await receiver.close();
  }
}

/** Resolves once a session waits for a lock while running a statement matching the LIKE pattern `statement` (or after `timeoutMs`). */
async function waitingOn(dataSource: DataSource, statement: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const rows: unknown[] = await dataSource.query(
      `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE $1`,
      [`${statement}%`],
    );
    if (rows.length) return;
    await pause(50);
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
