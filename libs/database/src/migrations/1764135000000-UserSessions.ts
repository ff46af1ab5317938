import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { idColumn, refColumn, textColumn, timestampColumn } from './table-helpers';

/** People sign in (contract §13): a password per user, one-time invites, browser sessions. */
export class UserSessions1764135000000 implements MigrationInterface {
  name = 'UserSessions1764135000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // ALTER TABLE on both engines: TypeORM's addColumns rebuilds the table on SQLite, which drops
    // its triggers (the listing version's, migration TicketListingUsers).
    await queryRunner.query('ALTER TABLE users ADD COLUMN password_hash varchar(255) NULL');
    await queryRunner.query('ALTER TABLE users ADD COLUMN sessions_not_before bigint NULL');
    const owned = [
      { columnNames: ['workspace_id'], referencedTableName: 'workspaces', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
      { columnNames: ['user_id'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
    ];
    await queryRunner.createTable(
      new Table({
        name: 'user_sessions',
        columns: [
          idColumn(),
          refColumn('workspace_id'),
          refColumn('user_id'),
          // SHA-256 of the cookie's token: a leaked table signs nobody in.
          textColumn('token_hash', 64),
          textColumn('ip', 64, true),
          textColumn('user_agent', 500, true),
          timestampColumn('created_at'),
          timestampColumn('last_seen_at'),
          timestampColumn('expires_at'),
        ],
        foreignKeys: owned,
        indices: [
          { name: 'uq_user_sessions_token_hash', columnNames: ['token_hash'], isUnique: true },
          { name: 'ix_user_sessions_user_created', columnNames: ['user_id', 'created_at', 'id'] },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'user_invites',
        columns: [idColumn(), refColumn('workspace_id'), refColumn('user_id'), textColumn('token_hash', 64), timestampColumn('created_at'), timestampColumn('expires_at')],
        foreignKeys: owned,
        indices: [
          { name: 'uq_user_invites_token_hash', columnNames: ['token_hash'], isUnique: true },
          { name: 'ix_user_invites_user', columnNames: ['user_id'] },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('user_invites');
    await queryRunner.dropTable('user_sessions');
    await queryRunner.query('ALTER TABLE users DROP COLUMN sessions_not_before');
    await queryRunner.query('ALTER TABLE users DROP COLUMN password_hash');
  }
}
