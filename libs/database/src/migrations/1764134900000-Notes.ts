import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { idColumn, keysetIndexes, refColumn, timestampColumn } from './table-helpers';

export class Notes1764134900000 implements MigrationInterface {
  name = 'Notes1764134900000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'notes',
        columns: [idColumn(), refColumn('workspace_id'), { name: 'body', type: 'text' }, timestampColumn('created_at'), timestampColumn('updated_at')],
        foreignKeys: [{ columnNames: ['workspace_id'], referencedTableName: 'workspaces', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
        indices: keysetIndexes('notes'),
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('notes');
  }
}
