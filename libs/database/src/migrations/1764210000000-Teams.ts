import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { idColumn, keysetIndexes, refColumn, textColumn, timestampColumn } from './table-helpers';

/**
 * Teams and their members (contract §10), each team's assignment state (the row automatic
 * assignment locks, so two transactions never hand out the same turn), and tickets' team_id.
 */
export class Teams1764210000000 implements MigrationInterface {
  name = 'Teams1764210000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const workspace = { columnNames: ['workspace_id'], referencedTableName: 'workspaces', referencedColumnNames: ['id'], onDelete: 'CASCADE' };
    const team = { columnNames: ['team_id'], referencedTableName: 'teams', referencedColumnNames: ['id'], onDelete: 'CASCADE' };
    await queryRunner.createTable(
      new Table({
        name: 'teams',
        columns: [
          idColumn(),
          refColumn('workspace_id'),
          textColumn('name', 100),
          textColumn('name_key', 100),
          textColumn('description', 1000, true),
          textColumn('assignment_method', 16),
          { name: 'max_open_per_agent', type: 'integer', isNullable: true },
          { name: 'member_count', type: 'integer', default: 0 },
          timestampColumn('created_at'),
          timestampColumn('updated_at'),
          timestampColumn('deleted_at', true),
        ],
        foreignKeys: [workspace],
        indices: keysetIndexes('teams'),
      }),
    );
    // A deleted team frees its name: unique among live teams only.
    await queryRunner.query('CREATE UNIQUE INDEX uq_teams_live_name ON teams (workspace_id, name_key) WHERE deleted_at IS NULL');
    await queryRunner.createTable(
      new Table({
        name: 'team_members',
        columns: [
          { ...refColumn('team_id'), isPrimary: true },
          { ...refColumn('user_id'), isPrimary: true },
          refColumn('workspace_id'),
          { name: 'assignable', type: 'boolean', default: true },
          timestampColumn('last_assigned_at', true),
          timestampColumn('added_at'),
        ],
        foreignKeys: [
          workspace,
          team,
          { columnNames: ['user_id'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
        ],
        indices: [{ name: 'ix_team_members_user', columnNames: ['user_id', 'team_id'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'team_assignment_states',
        columns: [
          { ...refColumn('team_id'), isPrimary: true },
          refColumn('workspace_id'),
          { name: 'assigned_count', type: 'bigint', default: 0 },
          timestampColumn('last_assigned_at', true),
        ],
        foreignKeys: [workspace, team],
      }),
    );
    // ALTER TABLE on both engines: TypeORM's addColumn rebuilds the table on SQLite, dropping its
    // triggers. No foreign key (SQLite could not drop the column again): teams are only ever
    // soft-deleted, and a workspace's tickets go with it.
    await queryRunner.query('ALTER TABLE tickets ADD COLUMN team_id varchar(40) NULL');
    // The team filter, a team's open tickets (delete, analytics) and its waiting tickets, oldest first.
    await queryRunner.query('CREATE INDEX ix_tickets_ws_team ON tickets (workspace_id, team_id, created_at, id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX ix_tickets_ws_team');
    await queryRunner.query('ALTER TABLE tickets DROP COLUMN team_id');
    await queryRunner.dropTable('team_assignment_states');
    await queryRunner.dropTable('team_members');
    await queryRunner.query('DROP INDEX uq_teams_live_name');
    await queryRunner.dropTable('teams');
  }
}
