import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { idColumn, keysetIndexes, refColumn, textColumn, timestampColumn } from './table-helpers';

/** Workspaces, users, API keys and installation settings: what every request stands on. */
export class Platform1764133200000 implements MigrationInterface {
  name = 'Platform1764133200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'system_settings',
        columns: [
          { name: 'key', type: 'varchar', length: '64', isPrimary: true },
          { name: 'value', type: 'text' },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'workspaces',
        columns: [
          idColumn(),
          textColumn('name', 200),
          { name: 'sandbox', type: 'boolean', default: false },
          timestampColumn('created_at'),
          timestampColumn('updated_at'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'users',
        columns: [
          idColumn(),
          refColumn('workspace_id'),
          textColumn('email', 320),
          textColumn('name', 200),
          textColumn('role', 16),
          { name: 'active', type: 'boolean', default: true },
          timestampColumn('created_at'),
          timestampColumn('updated_at'),
        ],
        foreignKeys: [{ columnNames: ['workspace_id'], referencedTableName: 'workspaces', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
        uniques: [{ name: 'uq_users_ws_email', columnNames: ['workspace_id', 'email'] }],
        indices: keysetIndexes('users'),
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'api_keys',
        columns: [
          idColumn(),
          refColumn('workspace_id'),
          refColumn('user_id'),
          textColumn('name', 200),
          textColumn('prefix', 32),
          textColumn('secret_hash', 64),
          { name: 'scopes', type: 'text', isNullable: true },
          timestampColumn('created_at'),
          timestampColumn('updated_at'),
          timestampColumn('last_used_at', true),
          timestampColumn('expires_at', true),
          timestampColumn('revoked_at', true),
        ],
        foreignKeys: [
          { columnNames: ['workspace_id'], referencedTableName: 'workspaces', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
          { columnNames: ['user_id'], referencedTableName: 'users', referencedColumnNames: ['id'] },
        ],
        uniques: [{ name: 'uq_api_keys_secret_hash', columnNames: ['secret_hash'] }],
        indices: [...keysetIndexes('api_keys'), { name: 'ix_api_keys_user', columnNames: ['user_id', 'created_at', 'id'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('api_keys');
    await queryRunner.dropTable('users');
    await queryRunner.dropTable('workspaces');
    await queryRunner.dropTable('system_settings');
  }
}
