import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { idColumn, keysetIndexes, refColumn, textColumn, timestampColumn } from './table-helpers';

/** Background jobs (contract §11 manual runs): resumable batch work, claimed with a lease. */
export class Jobs1764310000000 implements MigrationInterface {
  name = 'Jobs1764310000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'jobs',
        columns: [
          idColumn(),
          refColumn('workspace_id'),
          textColumn('kind', 40),
          textColumn('status', 16),
          { name: 'params', type: 'text' },
          { name: 'total', type: 'integer' },
          { name: 'processed', type: 'integer', default: 0 },
          { name: 'failed', type: 'integer', default: 0 },
          // Where the last committed batch ended, written in that batch's transaction.
          textColumn('cursor', 1024, true),
          timestampColumn('locked_until', true),
          textColumn('error', 500, true),
          timestampColumn('created_at'),
          timestampColumn('updated_at'),
          timestampColumn('finished_at', true),
        ],
        foreignKeys: [{ columnNames: ['workspace_id'], referencedTableName: 'workspaces', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
        // The claim looks for the oldest unfinished job.
        indices: [...keysetIndexes('jobs'), { name: 'ix_jobs_status_created', columnNames: ['status', 'created_at', 'id'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('jobs');
  }
}
