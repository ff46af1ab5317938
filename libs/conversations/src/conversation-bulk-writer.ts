import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { BulkTable, bulkInsert, TransactionRunner } from '@relay/database';

export const CONVERSATION_BULK_COLUMNS = [
  'id',
  'workspace_id',
  'ticket_id',
  'type',
  'body',
  'author_type',
  'author_id',
  'created_at',
  'updated_at',
] as const;
const CONVERSATIONS: BulkTable = {
  name: 'conversations',
  columns: CONVERSATION_BULK_COLUMNS,
  pgTypes: ['varchar', 'varchar', 'varchar', 'varchar', 'text', 'varchar', 'varchar', 'bigint', 'bigint'],
};

/** Bulk loads of conversation entries (the demo seeder), inside the caller's transaction: no events, no ticket effects. */
@Injectable()
export class ConversationBulkWriter {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
  ) {}

  /** Rows in CONVERSATION_BULK_COLUMNS order. */
  insert(manager: EntityManager, rows: unknown[][]): Promise<void> {
    return bulkInsert(manager, this.tx.isPostgres, CONVERSATIONS, rows);
  }

  /** PostgreSQL: fresh planner statistics after a bulk load. */
  async analyze(): Promise<void> {
    await this.dataSource.query('ANALYZE conversations');
  }
}
