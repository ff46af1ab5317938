import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { idColumn, keysetIndexes, refColumn, textColumn, timestampColumn } from './table-helpers';

/** Automation rules (contract §11) and their run log. */
export class AutomationRules1764220000000 implements MigrationInterface {
  name = 'AutomationRules1764220000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'rules',
        columns: [
          idColumn(),
          refColumn('workspace_id'),
          textColumn('name', 100),
          // Names are unique case-insensitively: "VIP routing" and "vip routing" are one name.
          textColumn('name_key', 100),
          textColumn('description', 1000, true),
          { name: 'enabled', type: 'boolean', default: true },
          // Dense 1..n within the workspace; not a unique index, since a move shifts a range.
          { name: 'position', type: 'integer' },
          { name: 'events', type: 'text' },
          { name: 'conditions', type: 'text' },
          { name: 'actions', type: 'text' },
          { name: 'stop_processing', type: 'boolean', default: false },
          { name: 'version', type: 'integer', default: 1 },
          refColumn('created_by', true),
          timestampColumn('created_at'),
          timestampColumn('updated_at'),
          timestampColumn('last_fired_at', true),
          { name: 'fire_count', type: 'integer', default: 0 },
          textColumn('last_error', 500, true),
        ],
        foreignKeys: [{ columnNames: ['workspace_id'], referencedTableName: 'workspaces', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
        indices: [
          ...keysetIndexes('rules'),
          { name: 'uq_rules_ws_name', columnNames: ['workspace_id', 'name_key'], isUnique: true },
          { name: 'ix_rules_ws_position', columnNames: ['workspace_id', 'position', 'id'] },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'rule_runs',
        columns: [
          idColumn(),
          refColumn('workspace_id'),
          refColumn('rule_id'),
          { name: 'rule_version', type: 'integer' },
          refColumn('ticket_id'),
          textColumn('trigger', 32),
          refColumn('trigger_event_id', true),
          { name: 'actor', type: 'text' },
          textColumn('status', 24),
          { name: 'actions', type: 'text' },
          timestampColumn('created_at'),
        ],
        foreignKeys: [
          { columnNames: ['workspace_id'], referencedTableName: 'workspaces', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
          { columnNames: ['rule_id'], referencedTableName: 'rules', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
          { columnNames: ['ticket_id'], referencedTableName: 'tickets', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
        ],
        indices: [
          { name: 'ix_rule_runs_rule_created', columnNames: ['rule_id', 'created_at', 'id'] },
          { name: 'ix_rule_runs_ticket_created', columnNames: ['ticket_id', 'created_at', 'id'] },
          // Retention (AUTOMATION_RUN_RETENTION_DAYS) deletes the oldest first.
          { name: 'ix_rule_runs_created', columnNames: ['created_at'] },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('rule_runs');
    await queryRunner.dropTable('rules');
  }
}
