import { Logger } from '@nestjs/common';
import { Worker } from 'node:worker_threads';

/** How often the worker copies the WAL into the database file. */
const CHECKPOINT_EVERY_MS = 50;

// Runs in the worker (plain JavaScript: the same text works built and under ts-jest). Only
// passive checkpoints: any stronger mode takes the write lock, and the writer, which reads
// before it writes, would then fail at once with SQLITE_BUSY instead of waiting.
const WORKER = `
const { workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy or closing: the next round tries again.
  }
}, workerData.everyMs);
`;

/** The part of a better-sqlite3 connection used here. */
interface SqliteFileConnection {
  readonly name: string;
  close(): unknown;
}

/**
 * Checkpoints the WAL of `connection`'s file from a worker thread with its own connection.
 * A checkpoint copies every page written since the last one into the database file and syncs
 * it: run by the writer's autocheckpoint it blocked the event loop for 50–170 ms every few
 * thousand commits (the p99 of writes at 100k tickets) and was half of what commits cost.
 * Checkpointing never changes what is durable (a commit is durable once in the WAL), so moving
 * it elsewhere keeps the crash guarantees. The writer's autocheckpoint stays on: it is the
 * backstop, and it is what restarts a long WAL under steady writes (a write starts the WAL over
 * only if it was wholly copied when the write began), finding little left to copy by then.
 * The worker stops when the connection is closed.
 */
export function checkpointOnWorker(connection: SqliteFileConnection): void {
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: { file: connection.name, driver: require.resolve('better-sqlite3'), everyMs: CHECKPOINT_EVERY_MS },
  });
  worker.unref();
  // The writer's own autocheckpoint still runs, so a failed worker costs speed, not data.
  worker.on('error', (error) => new Logger('WalCheckpointer').error(`checkpoint worker failed: ${error.message}`));
  const close = connection.close.bind(connection);
  connection.close = () => {
    void worker.terminate();
    return close();
  };
}
