import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, EntityTarget, QueryFailedError, QueryRunner } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { RelayConfig } from '@relay/common';
import { writerMarker } from './sync-horizon';
import { SqliteReadPool } from './read-pool';
import { PostgresStatements } from './postgres-statements';
import { sortedValues } from './value-lists';

const afterCommitHooks = new WeakMap<EntityManager, (() => void)[]>();

/**
 * Registers work to run once the transaction of `manager` has committed (never on rollback):
 * e.g. waking webhook delivery for an event written in that transaction.
 */
export function onCommit(manager: EntityManager, hook: () => void): void {
  const hooks = afterCommitHooks.get(manager);
  if (!hooks) throw new Error('onCommit needs a manager from TransactionRunner.run');
  hooks.push(hook);
}

/** Rows of one kind a unit of work writes together at its end (see `batched`). */
interface UnitBatch {
  items: unknown[];
  flush: (manager: EntityManager, items: unknown[]) => Promise<void>;
}
const unitBatches = new WeakMap<EntityManager, Map<object, UnitBatch>>();

/**
 * The rows of `kind` the unit of `manager` has batched so far: the caller pushes to it, and
 * `flush` writes them, once, when the unit's work is done, inside its transaction, before it
 * commits (so several rows cost one statement, one round trip on PostgreSQL). Nothing the unit
 * reads may depend on them before then. A failed unit's batch is dropped with it.
 */
export function batched<T>(manager: EntityManager, kind: object, flush: (manager: EntityManager, items: T[]) => Promise<void>): T[] {
  const batches = unitBatches.get(manager);
  if (!batches) throw new Error('batched needs a manager from TransactionRunner.run');
  let batch = batches.get(kind);
  if (!batch) {
    batch = { items: [], flush: flush as UnitBatch['flush'] };
    batches.set(kind, batch);
  }
  return batch.items as T[];
}

/**
 * Writes what the unit of `manager` has batched so far (see `batched`) now instead of at its end:
 * before it locks rows every writer shares (counters), so that they stay locked for less.
 */
export async function flushBatched(manager: EntityManager): Promise<void> {
  for (const batch of unitBatches.get(manager)?.values() ?? []) if (batch.items.length) await batch.flush(manager, batch.items.splice(0));
}

/** Runs `work`, then writes what it batched (see `batched`). */
async function withBatches<T>(manager: EntityManager, work: () => Promise<T>): Promise<T> {
  unitBatches.set(manager, new Map());
  const result = await work();
  await flushBatched(manager);
  return result;
}

/** The part of a better-sqlite3 connection and statement used here. */
interface SqliteConnection {
  readonly inTransaction: boolean;
  prepare(sql: string): SqliteStatement;
  exec(sql: string): unknown;
}
interface SqliteStatement {
  readonly reader: boolean;
  all(...params: unknown[]): unknown[];
  run(...params: unknown[]): unknown;
  raw(toggle: boolean): SqliteStatement;
  columns(): { name: string }[];
}

/** How `read` hands rows over. */
export interface ReadOptions {
  /** Columns holding a valueListSql list, handed over as sortedValues makes them (on a read worker, off the event loop). */
  sortedLists?: readonly string[];
}

/** A SELECT's rows as arrays, in the order of `columns`. */
export interface RowArrays {
  columns: string[];
  rows: unknown[][];
}

// Bounds the prepared statements kept: only fixed statement texts come here, so this is never
// reached in practice; it keeps a caller that builds texts dynamically from growing memory.
const MAX_PREPARED = 500;

/**
 * Group commit on SQLite: units of work queued together share one transaction, each in its own
 * savepoint, up to this many units or this long since the first began. A commit writes
 * every page the transaction touched (tables, indexes, full-text segments) to the WAL, so one
 * commit per group instead of one per request is most of what a write costs; the bound keeps
 * the added latency and the write lock's hold time short.
 *
 * The time bound is roomy enough for everything fifty clients queue at once (~0.3 ms a ticket
 * create at a million tickets). A group cut short leaves its last units to wait a turn of the
 * event loop, behind the reading, guards and validation of every request that arrived
 * meanwhile: that made the slowest percent of creates (p99 ≈ 2.5 × p50 with an 8 ms bound,
 * ≈ 2.2 × with 25 ms, in five paired runs).
 */
const GROUP_MAX_UNITS = 64;
const GROUP_MAX_MS = 25;

/**
 * How long a SQLite group waits for another process (the CLI, a seeder, a second API) to release
 * the write lock, and the pauses between its attempts. The wait is on timers, never in SQLite's
 * busy handler, which sleeps on the event loop: everything else the process serves (health,
 * reads, which WAL never blocks) goes on meanwhile. Past the bound its units answer 503.
 */
const LOCK_WAIT_MS = 5000;
const LOCK_RETRY_MS = [1, 2, 5, 10, 20, 50];

/** SQLITE_BUSY and its extended codes: another connection holds the lock asked for. */
export function isSqliteBusy(error: unknown): boolean {
  const e = error as { code?: unknown; driverError?: { code?: unknown } } | undefined;
  const code = e?.driverError?.code ?? e?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/** A unit of work broke one of TransactionRunner's rules; its writes were rolled back. */
export class UnitOfWorkError extends Error {
  override readonly name = 'UnitOfWorkError';
}

const NESTED_RUN =
  "TransactionRunner.run was called inside a unit of work: pass the unit's manager down instead. " +
  '(On SQLite the group holds the one connection until it commits, so the inner unit would wait forever.)';
const AWAITED_IO =
  'A unit of work awaited real I/O (a timer, a network call, a nested run) while its SQLite group was open: ' +
  'do that before TransactionRunner.run or in an onCommit hook. The unit was rolled back.';

/** Stands in for the query runner of an ended group's manager: a unit resuming late may not write through it. */
const ENDED_GROUP = new Proxy({} as QueryRunner, {
  get() {
    throw new UnitOfWorkError(AWAITED_IO);
  },
});

interface QueuedUnit {
  work: (manager: EntityManager) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Whether a settledRead (and the ones it runs inside) read on the writers' connection. */
interface MainReadProbe {
  onMain: boolean;
  outer?: MainReadProbe;
}

/** The open SQLite group: `stalled` rejects once the event loop would leave it open for a macrotask. */
interface OpenGroup {
  stalled: Promise<never>;
  stall: (error: UnitOfWorkError) => void;
}

/**
 * Runs a unit of work in one transaction. SQLite (better-sqlite3) has a single connection, so
 * two interleaved async transactions would share it; they are queued here and run one after
 * another, grouped into shared commits (see GROUP_MAX_UNITS): a unit that fails is rolled back
 * to its savepoint alone, the others still commit; a unit's promise settles once its group has
 * committed. PostgreSQL transactions run concurrently on pooled connections.
 */
@Injectable()
export class TransactionRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('TransactionRunner');
  private readonly queued: QueuedUnit[] = [];
  private draining = false;
  private readonly serialised: boolean;
  readonly isPostgres: boolean;
  private readonly prepared = new Map<string, SqliteStatement>();
  private readonly arrayStatements = new Map<string, SqliteStatement>();
  private readonly postgresText = new Map<string, string>();
  private readonly inserts = new Map<EntityTarget<unknown>, { sql: string; columns: ColumnMetadata[] }>();
  private readonly texts = new Map<string, string>();
  private readonly groupEnd: ((manager: EntityManager) => Promise<void>)[] = [];
  private readonly failureListeners: ((error: unknown) => void)[] = [];
  private readonly beginMarked?: string;
  /** The SQLite group between BEGIN and COMMIT: only its own units' code runs meanwhile. */
  private group: OpenGroup | null = null;
  /** Groups begun so far: a read during which none began (and none was open) saw committed data only. */
  private groupsBegun = 0;
  /** Which code runs inside a unit, where PostgreSQL's concurrent units leave no other clue (see unitChecks). */
  private readonly units?: AsyncLocalStorage<{ open: boolean }>;
  /** Whether a settledRead's reads went to the writers' connection (reads on workers see commits only). */
  private readonly mainReads = new AsyncLocalStorage<MainReadProbe>();
  /** Read workers of a SQLite file (SQLITE_READ_WORKERS), started at the first `read`; null where there are none. */
  private readers?: SqliteReadPool | null;
  private readonly readWorkers: number;
  private readonly queryBudgetMs: number;
  private readonly statements?: PostgresStatements;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Optional() config?: RelayConfig,
  ) {
    if (config?.database.unitChecks ?? true) this.units = new AsyncLocalStorage();
    this.serialised = dataSource.options.type === 'better-sqlite3';
    this.isPostgres = dataSource.options.type === 'postgres';
    this.readWorkers = config?.database.readWorkers ?? 0;
    this.queryBudgetMs = config?.database.queryBudgetMs ?? 15000;
    // One round trip, as TypeORM's own START TRANSACTION: the mark is up before anything is stamped.
    if (this.isPostgres) this.beginMarked = `START TRANSACTION; SELECT set_config('application_name', '${writerMarker(dataSource)}', true)`;
    if (this.isPostgres) this.statements = new PostgresStatements(dataSource);
  }

  /**
   * Once booted (migrations and settings written, waiting as any connection does), the SQLite
   * connection never waits for a lock in SQLite's busy handler, which sleeps on the event loop:
   * groups wait on timers (LOCK_WAIT_MS), other writes are best-effort or fail at once (503).
   */
  onApplicationBootstrap(): void {
    if (this.serialised) this.connection().exec('PRAGMA busy_timeout = 0');
  }

  /**
   * Runs `read` outside any unit and says whether it read committed data only. On SQLite reads
   * share the writers' one connection: a read made from a unit's code while its group is open
   * sees writes that may yet be rolled back (and listing or search generations that will be
   * reused). Whatever is remembered across requests (search totals, kept pages, reports) is
   * remembered only from a settled read. PostgreSQL reads are always settled.
   */
  async settledRead<T>(read: () => Promise<T>): Promise<{ value: T; settled: boolean }> {
    if (!this.serialised) return { value: await read(), settled: true };
    const before = this.group === null ? this.groupsBegun : -1;
    const probe: MainReadProbe = { onMain: false, outer: this.mainReads.getStore() };
    const value = await this.mainReads.run(probe, read);
    return { value, settled: !probe.onMain || (before === this.groupsBegun && this.group === null) };
  }

  async onModuleDestroy(): Promise<void> {
    await this.readers?.close();
  }

  /**
   * A heavy read (a ticket page, a count, a search walk, a report, an export batch): one SELECT
   * outside any unit, in the driver's placeholder style. On a SQLite file it runs on a read
   * worker (SqliteReadPool), so the event loop serves everything else meanwhile and a runaway
   * statement is cancelled at QUERY_TIME_BUDGET_MS; elsewhere (PostgreSQL, whose pool is
   * already concurrent and bounded by statement_timeout, or SQLite in memory) it is `query` with
   * the data source's manager. Read-your-writes holds: a worker's statement starts after the
   * read is asked for, and reads the WAL's last commit as of then.
   */
  async read<T = Record<string, unknown>>(sql: string, params: readonly unknown[] = [], options: ReadOptions = {}): Promise<T[]> {
    const pool = this.readPool();
    if (pool) return pool.all<T>(sql, params, options.sortedLists);
    // Unnamed on PostgreSQL: a heavy read's plan is made for its parameters each time (a kept
    // generic plan can be far off for a skewed filter).
    const rows = this.statements
      ? await this.statements.run<Record<string, unknown>>(this.dataSource.manager, this.toPostgres(sql), params, false)
      : await this.query<Record<string, unknown>>(this.dataSource.manager, sql, params);
    for (const row of options.sortedLists ? rows : []) for (const column of options.sortedLists!) row[column] = sortedValues(row[column]);
    return rows as T[];
  }

  /** `read`, each row an array in select-list order (see queryArrays). */
  async readArrays(sql: string, params: readonly unknown[] = []): Promise<RowArrays> {
    const pool = this.readPool();
    return pool ? pool.arrays(sql, params) : this.queryArrays(this.dataSource.manager, sql, params);
  }

  /**
   * The read workers, started on first use. None inside an open group: the unit reading must
   * see its own uncommitted writes, which only the writers' connection holds.
   */
  private readPool(): SqliteReadPool | null {
    if (this.readers === undefined) {
      const file = this.serialised ? String(this.dataSource.options.database) : ':memory:';
      this.readers = file !== ':memory:' && this.readWorkers > 0 ? new SqliteReadPool(file, this.readWorkers, this.queryBudgetMs) : null;
    }
    return this.group === null ? this.readers : null;
  }

  /**
   * Work that closes every SQLite group: after its units, in none of their savepoints, just
   * before the commit (TicketSearchIndex rewrites the search documents the group changed). If it
   * fails, the group fails as a whole.
   */
  beforeGroupCommit(work: (manager: EntityManager) => Promise<void>): void {
    this.groupEnd.push(work);
  }

  /** Told of every unit that fails (StorageSpace watches for a full disk). */
  onFailure(listener: (error: unknown) => void): void {
    this.failureListeners.push(listener);
  }

  /**
   * Runs `work` in one transaction (see the class). The rules it enforces: `work` never calls
   * `run` again (refused at once: on SQLite by the open group, on PostgreSQL when unitChecks
   * tracks units), and on SQLite never awaits a macrotask while its group is open (the unit is
   * rolled back and fails with UnitOfWorkError before the awaited callback can run).
   */
  async run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.runAfter(async () => undefined, work);
  }

  /**
   * `run`, with `first` run just before the unit's transaction and committed on its own: on
   * PostgreSQL on the same pooled connection (one checkout), so a hot row it updates (a counter)
   * is locked for that one statement instead of the whole unit; on SQLite at the start of the
   * unit, whose group holds the write lock anyway. `first` must not fail the unit's rules either.
   */
  async runAfter<A, T>(first: (manager: EntityManager) => Promise<A>, work: (manager: EntityManager, first: A) => Promise<T>): Promise<T> {
    if (this.group !== null || this.units?.getStore()?.open) throw new UnitOfWorkError(NESTED_RUN);
    const hooks: (() => void)[] = [];
    const units = this.units;
    const tracked = units
      ? (manager: EntityManager, before: A) => {
          afterCommitHooks.set(manager, hooks);
          const unit = { open: true };
          return units.run(unit, () => withBatches(manager, () => work(manager, before))).finally(() => (unit.open = false));
        }
      : (manager: EntityManager, before: A) => {
          afterCommitHooks.set(manager, hooks);
          return withBatches(manager, () => work(manager, before));
        };
    let result: T;
    try {
      result = await this.transaction(first, tracked);
    } catch (error) {
      for (const listener of this.failureListeners) listener(error);
      throw error;
    }
    for (const hook of hooks) {
      try {
        hook();
      } catch (error) {
        this.logger.error(`after-commit hook failed: ${(error as Error).message}`);
      }
    }
    return result;
  }

  /**
   * Runs one statement whose text never varies (`?` placeholders; `$n` is substituted on
   * PostgreSQL) in `manager`'s transaction, or outside any with the data source's manager.
   * The hot paths use it instead of query builders: on SQLite the statement is prepared once
   * and kept (TypeORM inlines numeric parameters into the text, so its own statement cache
   * misses on every timestamp), on PostgreSQL once per connection (PostgresStatements), and rows come back as the driver gives them, keyed by the
   * statement's column names. Returns the rows of a SELECT or of `… RETURNING`, else [].
   */
  async query<T = Record<string, unknown>>(manager: EntityManager, sql: string, params: readonly unknown[] = []): Promise<T[]> {
    if (this.statements) return this.statements.run<T>(manager, this.toPostgres(sql), params, true);
    if (!this.serialised) return manager.query(sql, params as unknown[]);
    // A unit failed for awaiting I/O resumes after its group ended: its writes must not land in another.
    if (manager.queryRunner === ENDED_GROUP) throw new UnitOfWorkError(AWAITED_IO);
    const bound = params.map((value) => (typeof value === 'boolean' ? Number(value) : value));
    this.readingOnMain();
    try {
      const statement = this.statement(sql);
      if (statement.reader) return statement.all(...bound) as T[];
      statement.run(...bound);
      return [];
    } catch (error) {
      // The same error type as TypeORM's, so constraintViolation() reads it alike.
      throw new QueryFailedError(sql, bound, error as Error);
    }
  }

  /**
   * A SELECT written by a query builder (in the driver's own placeholder style), each row an
   * array in select-list order. On SQLite the driver then builds no object per row, which was a
   * third of a 50-ticket page query (kept prepared, as `query` keeps its statements); the
   * PostgreSQL driver's objects are put in the same shape.
   */
  async queryArrays(manager: EntityManager, sql: string, params: readonly unknown[] = []): Promise<RowArrays> {
    if (!this.serialised) {
      const objects: Record<string, unknown>[] = await manager.query(sql, params as unknown[]);
      const columns = objects.length ? Object.keys(objects[0]) : [];
      return { columns, rows: objects.map((row) => columns.map((column) => row[column])) };
    }
    this.readingOnMain();
    try {
      let statement = this.arrayStatements.get(sql);
      if (!statement) {
        statement = this.connection().prepare(sql).raw(true);
        this.arrayStatements.set(sql, statement);
        if (this.arrayStatements.size > MAX_PREPARED) this.arrayStatements.delete(this.arrayStatements.keys().next().value!);
      }
      return { columns: statement.columns().map((column) => column.name), rows: statement.all(...params) as unknown[][] };
    } catch (error) {
      throw new QueryFailedError(sql, params as unknown[], error as Error);
    }
  }

  /**
   * Inserts one entity with every column set, as one fixed-text statement per entity (values
   * converted exactly as TypeORM would: transformers, booleans, JSON). An entity with an unset
   * column goes through TypeORM's insert, which fills column defaults.
   */
  async insert<T extends object>(manager: EntityManager, target: EntityTarget<T>, entity: T): Promise<void> {
    const plan = this.insertPlan(target);
    const driver = this.dataSource.driver;
    const values: unknown[] = [];
    for (const column of plan.columns) {
      const value = column.getEntityValue(entity);
      if (value === undefined) {
        await manager.insert(target, entity as never);
        return;
      }
      values.push(driver.preparePersistentValue(value, column));
    }
    await this.query(manager, plan.sql, values);
  }

  /**
   * The entities of `target` matching `where` (a fixed SQL condition over the table's columns,
   * `?` placeholders), every column hydrated as TypeORM would; row-locked until the end of the
   * transaction on PostgreSQL when `lock` is set (SQLite transactions are serialised anyway).
   */
  async select<T extends object>(
    manager: EntityManager,
    target: EntityTarget<T>,
    where: string,
    params: readonly unknown[],
    lock = false,
  ): Promise<T[]> {
    const metadata = this.dataSource.getMetadata(target);
    const key = `select\u0000${metadata.tableName}\u0000${where}\u0000${lock}`;
    let sql = this.texts.get(key);
    if (sql === undefined) {
      sql = `SELECT ${this.columns(target)} FROM ${metadata.tableName} WHERE ${where}${lock && this.isPostgres ? ' FOR UPDATE' : ''}`;
      this.texts.set(key, sql);
    }
    const rows = await this.query<Record<string, unknown>>(manager, sql, params);
    return rows.map((row) => this.hydrate(target, row));
  }

  /** The columns `select` reads, as a select list (each `alias.`-qualified when given): for a statement that reads more beside them. */
  columns(target: EntityTarget<unknown>, alias?: string): string {
    const prefix = alias ? `${alias}.` : '';
    return this.dataSource
      .getMetadata(target)
      .columns.map((column) => `${prefix}"${column.databaseName}"`)
      .join(', ');
  }

  /** The entity in `row` (a row with every column of `columns`), hydrated as TypeORM would. */
  hydrate<T extends object>(target: EntityTarget<T>, row: Record<string, unknown>): T {
    const metadata = this.dataSource.getMetadata(target);
    const driver = this.dataSource.driver;
    const entity = metadata.create() as T;
    for (const column of metadata.columns) column.setEntityValue(entity, driver.prepareHydratedValue(row[column.databaseName], column));
    return entity;
  }

  /** Writes `properties` of an entity, found by its primary key: one fixed statement per property list. */
  async update<T extends object>(
    manager: EntityManager,
    target: EntityTarget<T>,
    entity: T,
    properties: readonly (keyof T & string)[],
  ): Promise<void> {
    // No columns, nothing to write (and `UPDATE t SET WHERE …` is no statement at all).
    if (!properties.length) return;
    const metadata = this.dataSource.getMetadata(target);
    const columns = properties.map((property) => metadata.findColumnWithPropertyName(property)!);
    const [primary] = metadata.primaryColumns;
    const key = `update\u0000${metadata.tableName}\u0000${properties.join(',')}`;
    let sql = this.texts.get(key);
    if (sql === undefined) {
      sql = `UPDATE ${metadata.tableName} SET ${columns.map((column) => `"${column.databaseName}" = ?`).join(', ')} WHERE "${primary.databaseName}" = ?`;
      this.texts.set(key, sql);
    }
    const driver = this.dataSource.driver;
    const values = columns.map((column) => driver.preparePersistentValue(column.getEntityValue(entity), column));
    await this.query(manager, sql, [...values, primary.getEntityValue(entity)]);
  }

  private readingOnMain(): void {
    // A settledRead inside another: the outer one read on the main connection too.
    for (let probe = this.mainReads.getStore(); probe; probe = probe.outer) probe.onMain = true;
  }

  private insertPlan(target: EntityTarget<unknown>): { sql: string; columns: ColumnMetadata[] } {
    let plan = this.inserts.get(target);
    if (!plan) {
      const metadata = this.dataSource.getMetadata(target);
      const columns = metadata.columns.filter((column) => column.isInsert && !column.isVirtual);
      const names = columns.map((column) => `"${column.databaseName}"`).join(', ');
      plan = { sql: `INSERT INTO ${metadata.tableName} (${names}) VALUES (${columns.map(() => '?').join(', ')})`, columns };
      this.inserts.set(target, plan);
    }
    return plan;
  }

  private statement(sql: string): SqliteStatement {
    let statement = this.prepared.get(sql);
    if (!statement) {
      statement = this.connection().prepare(sql);
      if (this.prepared.size >= MAX_PREPARED) this.prepared.delete(this.prepared.keys().next().value!);
      this.prepared.set(sql, statement);
    }
    return statement;
  }

  private toPostgres(sql: string): string {
    let text = this.postgresText.get(sql);
    if (text === undefined) {
      let n = 0;
      text = sql.replace(/\?/g, () => `$${++n}`);
      this.postgresText.set(sql, text);
    }
    return text;
  }

  private transaction<A, T>(
    first: (manager: EntityManager) => Promise<A>,
    work: (manager: EntityManager, first: A) => Promise<T>,
  ): Promise<T> {
    if (this.isPostgres) return this.markedTransaction(first, work);
    const unit = async (manager: EntityManager) => work(manager, await first(manager));
    if (!this.serialised) return this.dataSource.transaction(unit);
    return new Promise<T>((resolve, reject) => {
      this.queued.push({ work: unit, resolve: resolve as (value: unknown) => void, reject });
      if (!this.draining) void this.drain();
    });
  }

  /**
   * A PostgreSQL transaction marked as a writer for its whole life (see SyncHorizon): reads
   * ordered by a timestamp hold back whatever it may still stamp until it ends.
   */
  private async markedTransaction<A, T>(
    first: (manager: EntityManager) => Promise<A>,
    work: (manager: EntityManager, first: A) => Promise<T>,
  ): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    try {
      const before = await first(runner.manager);
      await runner.query(this.beginMarked!);
      Object.assign(runner, { isTransactionActive: true, transactionDepth: 1 });
      const result = await work(runner.manager, before);
      await runner.commitTransaction();
      return result;
    } catch (error) {
      if (runner.isTransactionActive) {
        try {
          await runner.rollbackTransaction();
        } catch {
          // The connection is gone: PostgreSQL rolls the transaction back itself.
        }
      }
      throw error;
    } finally {
      await runner.release();
    }
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queued.length) {
        // One turn of the event loop before BEGIN lets the requests read meanwhile queue their
        // units and join the group. The wait is outside the transaction: a group then runs on
        // microtasks alone (better-sqlite3 is synchronous), so no other request ever runs, or
        // reads, while it is open and uncommitted.
        await new Promise((resolve) => setImmediate(resolve));
        this.setTempStore('MEMORY');
        try {
          await this.runGroup();
        } finally {
          this.setTempStore('DEFAULT');
        }
      }
    } finally {
      this.draining = false;
    }
  }

  /** One shared transaction over the units queued now (and any they queue themselves). */
  private async runGroup(): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    const done: { unit: QueuedUnit; value: unknown }[] = [];
    // Failed units answer once the group has ended, so no caller's code runs while it is open.
    const failed: { unit: QueuedUnit; error: unknown }[] = [];
    try {
      await this.begin(runner);
    } catch (error) {
      this.abandon(runner);
      // Every unit queued meanwhile waited out the same lock: all answer now.
      for (const unit of isSqliteBusy(error) ? this.queued.splice(0) : this.queued.splice(0, 1)) unit.reject(error);
      return;
    }
    const group = this.open();
    const manager = runner.manager;
    const started = Date.now();
    try {
      for (let ran = 0; ran < GROUP_MAX_UNITS && Date.now() - started < GROUP_MAX_MS; ran++) {
        const unit = this.queued.shift();
        if (!unit) break;
        await runner.startTransaction();
        try {
          done.push({ unit, value: await Promise.race([unit.work(manager), group.stalled]) });
        } catch (error) {
          failed.push({ unit, error });
          if (error instanceof UnitOfWorkError) this.rearm(group);
          await runner.rollbackTransaction();
          continue;
        }
        await runner.commitTransaction();
      }
      for (const work of this.groupEnd) await Promise.race([work(manager), group.stalled]);
      await runner.commitTransaction();
    } catch (error) {
      // The savepoint machinery, a group hook or the commit itself failed: nothing of this group is kept.
      this.abandon(runner);
      for (const { unit } of done) failed.push({ unit, error });
      done.length = 0;
    } finally {
      this.close(manager);
    }
    for (const { unit, error } of failed) unit.reject(error);
    for (const { unit, value } of done) unit.resolve(value);
  }

  /**
   * Marks a group open and arms its sentinel. A group runs on microtasks alone (see drain), so
   * the process's microtask queue empties while it is open only if a unit awaits something a
   * macrotask must bring (a timer, I/O, a nested run's queue): a tick queued now runs exactly
   * then, before that macrotask, and fails the unit at once. One tick per group: no cost per unit.
   */
  private open(): OpenGroup {
    let stall!: (error: UnitOfWorkError) => void;
    const stalled = new Promise<never>((_, reject) => (stall = reject));
    stalled.catch(() => undefined);
    const group: OpenGroup = { stalled, stall };
    this.group = group;
    this.groupsBegun++;
    this.arm(group);
    return group;
  }

  private arm(group: OpenGroup): void {
    process.nextTick(() => {
      if (this.group === group) group.stall(new UnitOfWorkError(AWAITED_IO));
    });
  }

  /** After a stall: the group goes on with its other units under a fresh sentinel. */
  private rearm(group: OpenGroup): void {
    group.stalled = new Promise<never>((_, reject) => (group.stall = reject));
    group.stalled.catch(() => undefined);
    this.arm(group);
  }

  /**
   * The group's manager (its own: the data source makes one per createQueryRunner) refuses any
   * later query, as a unit failed for awaiting I/O would make on resuming; its commit hooks are gone.
   */
  private close(manager: EntityManager): void {
    this.group = null;
    afterCommitHooks.delete(manager);
    Object.assign(manager, { queryRunner: ENDED_GROUP });
  }

  /**
   * `BEGIN IMMEDIATE`: the group takes the database's write lock before its first read. A
   * deferred `BEGIN` (TypeORM's) reads first and asks for the lock at the first write; if another
   * process (a second API, a CLI command) committed in between, SQLite refuses the upgrade at
   * once with SQLITE_BUSY, and the group fails. Taking the lock up front can be retried instead:
   * while another process holds it, on timers (LOCK_WAIT_MS), with no transaction open, so other
   * requests run meanwhile; once it is taken the group runs at once, on microtasks alone (see
   * drain). TypeORM's bookkeeping is set as its own BEGIN would, so the units' savepoints and the
   * commit go through the runner as before.
   */
  private async begin(runner: QueryRunner): Promise<void> {
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      try {
        this.connection().exec('BEGIN IMMEDIATE');
        break;
      } catch (error) {
        if (!isSqliteBusy(error) || Date.now() - started >= LOCK_WAIT_MS) throw error;
        await new Promise((resolve) => setTimeout(resolve, LOCK_RETRY_MS[Math.min(attempt, LOCK_RETRY_MS.length - 1)]));
      }
    }
    Object.assign(runner, { isTransactionActive: true, transactionDepth: 1 });
  }

  /**
   * Where SQLite keeps the journals that let a savepoint or statement roll back alone: in
   * memory while a group runs. On disk (the default) they spill to a temporary file past 64 KiB,
   * which every unit of a group passes (its savepoint journals each page it first touches):
   * that cost a write system call per page, about a quarter of a ticket create. The setting is
   * read when a transaction begins, and it goes back to the default afterwards, so big sorts of
   * the read paths (analytics) still spill to disk instead of growing the heap. Only the
   * connection's TEMP tables are dropped by a change, and none are used.
   */
  private setTempStore(mode: 'MEMORY' | 'DEFAULT'): void {
    try {
      this.connection().exec(`PRAGMA temp_store = ${mode}`);
    } catch (error) {
      this.logger.error(`temp_store = ${mode} failed: ${(error as Error).message}`);
    }
  }

  private connection(): SqliteConnection {
    return (this.dataSource.driver as unknown as { databaseConnection: SqliteConnection }).databaseConnection;
  }

  /** Rolls back whatever is open and puts TypeORM's bookkeeping back in line with the connection. */
  private abandon(runner: QueryRunner): void {
    const connection = this.connection();
    try {
      if (connection.inTransaction) connection.exec('ROLLBACK');
    } catch (error) {
      this.logger.error(`rollback failed: ${(error as Error).message}`);
    }
    Object.assign(runner, { isTransactionActive: false, transactionDepth: 0 });
  }
}
