import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';

/**
 * The `application_name` a PostgreSQL write transaction of this installation carries while it
 * runs (TransactionRunner sets it with `SET LOCAL` in the round trip that begins the
 * transaction; it reverts when the transaction ends, after its rows became visible). Named
 * after the schema, so installations sharing a database never hold back each other's horizon.
 */
export function writerMarker(dataSource: DataSource): string {
  const schema = (dataSource.options as { schema?: string }).schema ?? 'public';
  return `relay-writer-${createHash('sha256').update(schema).digest('hex').slice(0, 24)}`;
}

/**
 * The oldest start, in epoch milliseconds, of a marked write transaction still running (other
 * than the reader's own), or the start of this statement when none runs.
 */
const HORIZON =
  'SELECT floor(extract(epoch FROM least(statement_timestamp(), min(xact_start))) * 1000)::bigint AS horizon ' +
  'FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database() AND pid <> pg_backend_pid()';

/**
 * The visibility horizon of timestamp-ordered reads on PostgreSQL.
 *
 * Writers stamp created_at / updated_at in the application, then commit later, concurrently
 * and in any order: a row stamped t can commit after one stamped t + 5 ms that a sync reader
 * has already passed, and so land behind its cursor. Every write transaction is marked from
 * its first statement, before it stamps anything, so a row that can still commit was stamped
 * at or after the start of a marked transaction running now. A read that keeps only rows
 * stamped before the horizon (strictly) therefore returns only rows that can no longer be
 * joined by a late commit below them: a later commit always lands above what was returned.
 *
 * The horizon is read in its own statement, before the page query: that query's snapshot then
 * holds every transaction that ended before the horizon was read, and any other that stamps
 * below the horizon was marked, so it held the horizon back. It assumes the API hosts' clocks
 * agree with the database's (NTP), as timestamps compared across processes always do.
 *
 * SQLite commits one writer at a time, in stamp order: no horizon (`undefined`).
 */
@Injectable()
export class SyncHorizon {
  private readonly marker?: string;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    if (dataSource.options.type === 'postgres') this.marker = writerMarker(dataSource);
  }

  async current(): Promise<number | undefined> {
    if (!this.marker) return undefined;
    const [row] = await this.dataSource.query<{ horizon: number | string }[]>(HORIZON, [this.marker]);
    return Number(row.horizon);
  }
}
