import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

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

/**
 * Runs a unit of work in one transaction. SQLite (better-sqlite3) has a single connection, so
 * two interleaved async transactions would share it; they are queued here one after another.
 * PostgreSQL transactions run concurrently on pooled connections.
 */
@Injectable()
export class TransactionRunner {
  private readonly logger = new Logger('TransactionRunner');
  private queue: Promise<unknown> = Promise.resolve();
  private readonly serialised: boolean;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.serialised = dataSource.options.type === 'better-sqlite3';
  }

  async run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const hooks: (() => void)[] = [];
    const tracked = (manager: EntityManager) => {
      afterCommitHooks.set(manager, hooks);
      return work(manager);
    };
    const result = await this.transaction(tracked);
    for (const hook of hooks) {
      try {
        hook();
      } catch (error) {
        this.logger.error(`after-commit hook failed: ${(error as Error).message}`);
      }
    }
    return result;
  }

  get isPostgres(): boolean {
    return this.dataSource.options.type === 'postgres';
  }

  private transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (!this.serialised) return this.dataSource.transaction(work);
    const result = this.queue.then(() => this.dataSource.transaction(work));
    this.queue = result.catch(() => undefined);
    return result;
  }
}
