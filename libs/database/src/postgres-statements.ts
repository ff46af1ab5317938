import type { Pool, PoolClient, QueryConfig, QueryResult } from 'pg';
import { DataSource, EntityManager, QueryFailedError, QueryRunner } from 'typeorm';

// Named statements kept per connection: fixed texts only come here (see TransactionRunner.query),
// so this bounds a caller that builds texts dynamically; past it, statements go unnamed.
const MAX_NAMED = 500;

/**
 * Runs TransactionRunner's fixed-text statements on PostgreSQL straight on the pg driver, named
 * so that each connection parses and plans a text once and then only binds and executes it
 * (a primary-key lookup's parse and plan cost about as much as its execution). Outside a
 * transaction a pooled connection is taken for the one statement, without a TypeORM query
 * runner's bookkeeping; inside one the unit's runner's connection is used. Results are shaped as
 * TypeORM's `query` shapes them (UPDATE and DELETE: `[rows, rowCount]`), errors are TypeORM's
 * QueryFailedError, so callers cannot tell the difference.
 */
export class PostgresStatements {
  private readonly names = new Map<string, string>();

  constructor(private readonly dataSource: DataSource) {}

  async run<T>(manager: EntityManager, text: string, params: readonly unknown[], named: boolean): Promise<T[]> {
    const config: QueryConfig = { text, values: params as unknown[], name: named ? this.nameOf(text) : undefined };
    const runner = manager.queryRunner;
    if (runner && !runner.isReleased) return this.shaped(await this.onRunner(runner, config));
    if (runner) return runner.query(text, params as unknown[]) as Promise<T[]>; // released: TypeORM's own error
    const client = await this.pool().connect();
    let broken: Error | undefined;
    // A connection lost while checked out is also emitted as 'error' on the client (the pool
    // listens only while it is idle, TypeORM only on its runners'): unheard, it ends the process.
    const lost = (error: Error) => (broken = error);
    client.on('error', lost);
    try {
      return this.shaped(await client.query(config));
    } catch (error) {
      // A server error (it has a SQLSTATE) leaves the connection usable; anything else may not.
      if (!(error as { code?: unknown }).code) broken = error as Error;
      throw new QueryFailedError(text, params as unknown[], error as Error);
    } finally {
      client.removeListener('error', lost);
      client.release(broken);
    }
  }

  private async onRunner(runner: QueryRunner, config: QueryConfig): Promise<QueryResult> {
    const client = (await runner.connect()) as PoolClient;
    try {
      return await client.query(config);
    } catch (error) {
      throw new QueryFailedError(config.text, config.values as unknown[], error as Error);
    }
  }

  private shaped<T>(result: QueryResult): T[] {
    return (result.command === 'UPDATE' || result.command === 'DELETE' ? [result.rows, result.rowCount] : result.rows) as T[];
  }

  private nameOf(text: string): string | undefined {
    let name = this.names.get(text);
    if (name === undefined && this.names.size < MAX_NAMED && !text.includes(';')) {
      name = `relay_${this.names.size + 1}`;
      this.names.set(text, name);
    }
    return name;
  }

  private pool(): Pool {
    return (this.dataSource.driver as unknown as { master: Pool }).master;
  }
}
