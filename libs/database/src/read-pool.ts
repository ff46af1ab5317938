import { Logger } from '@nestjs/common';
import { Worker } from 'node:worker_threads';
import { QueryFailedError } from 'typeorm';
import { QueryBudgetExceeded } from '@relay/common';
import type { RowArrays } from './transaction-runner';

// Runs in each worker (plain JavaScript: the same text works built and under ts-jest). A
// read-only connection of its own: in WAL mode readers never wait for the writer, and each
// statement reads the last commit made before it began, whichever connection made it.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
// A reader waits only while SQLite recovers the WAL index, on this thread, never the API's.
db.pragma('busy_timeout = 1000');
const statements = new Map();
function statement(sql, arrays) {
  const key = (arrays ? 'a' : 'o') + sql;
  let found = statements.get(key);
  if (!found) {
    found = db.prepare(sql);
    if (arrays) found.raw(true);
    if (statements.size >= workerData.maxPrepared) statements.delete(statements.keys().next().value);
    statements.set(key, found);
  }
  return found;
}
parentPort.on('message', ({ sql, params, arrays, sortedLists }) => {
  try {
    const prepared = statement(sql, arrays);
    const rows = prepared.all(...params);
    // sortedValues (value-lists.ts), here so a year's durations are parsed and sorted off the event loop.
    for (const row of sortedLists ? rows : []) for (const column of sortedLists) row[column] = Float64Array.from(JSON.parse(row[column] ?? '[]')).sort();
    parentPort.postMessage({ rows, columns: arrays ? prepared.columns().map((column) => column.name) : undefined });
  } catch (error) {
    parentPort.postMessage({ error: { message: error.message, code: error.code } });
  }
});
`;

interface Reply {
  rows: unknown[];
  columns?: string[];
  error?: { message: string; code?: string };
}

interface Job {
  sql: string;
  params: unknown[];
  arrays: boolean;
  sortedLists?: readonly string[];
  deadline: number;
  resolve: (reply: Reply) => void;
  reject: (error: unknown) => void;
}

interface Reader {
  worker: Worker;
  job: Job | null;
  timer?: NodeJS.Timeout;
}

const MAX_PREPARED = 500;

/**
 * SQLite reads off the event loop: a few worker threads, each with its own read-only
 * connection to the database file. better-sqlite3 is synchronous, so a read made on the API's
 * connection holds every other request of the process (`/health` included) until it ends; a
 * read sent here holds one worker only. Jobs wait their turn in arrival order.
 *
 * Each job has a time budget, counted from when it was asked for: past it the caller gets
 * QueryBudgetExceeded (503 `unavailable`, Retry-After). A job still queued is dropped; a job
 * running has its worker terminated and replaced, so the next job never waits behind it (a
 * SQLite step cannot be interrupted from outside: the terminated thread ends once its current
 * statement returns, on a CPU of its own meanwhile).
 */
export class SqliteReadPool {
  private readonly logger = new Logger('SqliteReadPool');
  private readonly readers: Reader[] = [];
  private readonly queue: Job[] = [];
  private closed = false;

  constructor(
    private readonly file: string,
    size: number,
    private readonly budgetMs: number,
  ) {
    for (let i = 0; i < size; i++) this.readers.push(this.spawn());
  }

  /** The rows of one SELECT as objects (column name → value); `sortedLists` columns as sortedValues makes them. */
  async all<T>(sql: string, params: readonly unknown[], sortedLists?: readonly string[]): Promise<T[]> {
    return (await this.submit(sql, params, false, sortedLists)).rows as T[];
  }

  /** The rows of one SELECT as arrays, with the column names. */
  async arrays(sql: string, params: readonly unknown[]): Promise<RowArrays> {
    const reply = await this.submit(sql, params, true);
    return { columns: reply.columns ?? [], rows: reply.rows as unknown[][] };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('the read pool is closed'));
    await Promise.all(this.readers.map((reader) => reader.worker.terminate()));
  }

  private submit(sql: string, params: readonly unknown[], arrays: boolean, sortedLists?: readonly string[]): Promise<Reply> {
    if (this.closed) return Promise.reject(new Error('the read pool is closed'));
    const bound = params.map((value) => (typeof value === 'boolean' ? Number(value) : value instanceof Date ? value.getTime() : value));
    return new Promise<Reply>((resolve, reject) => {
      this.queue.push({ sql, params: bound, arrays, sortedLists, deadline: Date.now() + this.budgetMs, resolve, reject });
      this.dispatch();
    }).then((reply) => {
      if (reply.error) throw new QueryFailedError(sql, bound, Object.assign(new Error(reply.error.message), { code: reply.error.code }));
      return reply;
    });
  }

  private dispatch(): void {
    for (const reader of this.readers) {
      if (reader.job) continue;
      const job = this.next();
      if (!job) return;
      reader.job = job;
      reader.timer = setTimeout(() => this.overrun(reader), Math.max(0, job.deadline - Date.now()));
      reader.worker.postMessage({ sql: job.sql, params: job.params, arrays: job.arrays, sortedLists: job.sortedLists });
    }
  }

  /** The oldest job still within its budget; the expired ones answer now. */
  private next(): Job | undefined {
    for (let job = this.queue.shift(); job; job = this.queue.shift()) {
      if (Date.now() < job.deadline) return job;
      job.reject(new QueryBudgetExceeded());
    }
    return undefined;
  }

  private spawn(): Reader {
    const worker = new Worker(WORKER, {
      eval: true,
      workerData: { file: this.file, driver: require.resolve('better-sqlite3'), maxPrepared: MAX_PREPARED },
    });
    // Idle workers do not keep the process alive: shutdown closes the pool, a crash must not wait for it.
    worker.unref();
    const reader: Reader = { worker, job: null };
    worker.on('message', (reply: Reply) => this.settle(reader, (job) => job.resolve(reply)));
    worker.on('error', (error) => {
      this.logger.error(`read worker failed: ${error.message}`);
      this.replace(reader, error);
    });
    worker.on('exit', () => this.replace(reader, new Error('read worker exited')));
    return reader;
  }

  private settle(reader: Reader, answer: (job: Job) => void): void {
    const job = reader.job;
    clearTimeout(reader.timer);
    reader.job = null;
    if (job) answer(job);
    this.dispatch();
  }

  /** The running job went past its budget: it answers 503 and its worker is put down. */
  private overrun(reader: Reader): void {
    const job = reader.job;
    if (!job) return;
    this.logger.warn(`a read ran past its ${this.budgetMs} ms budget; its worker is replaced: ${job.sql.slice(0, 200)}`);
    this.replace(reader, new QueryBudgetExceeded());
  }

  private replace(reader: Reader, error: unknown): void {
    const at = this.readers.indexOf(reader);
    if (at < 0) return;
    const job = reader.job;
    clearTimeout(reader.timer);
    reader.job = null;
    reader.worker.removeAllListeners('message');
    reader.worker.removeAllListeners('exit');
    // A late 'error' of the terminated worker must not go unhandled.
    reader.worker.on('error', () => undefined);
    void reader.worker.terminate();
    if (this.closed) {
      this.readers.splice(at, 1);
    } else {
      this.readers[at] = this.spawn();
    }
    job?.reject(error);
    this.dispatch();
  }
}
