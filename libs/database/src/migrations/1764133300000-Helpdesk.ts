import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { idColumn, keysetIndexes, refColumn, textColumn, timestampColumn } from './table-helpers';

const ws = { columnNames: ['workspace_id'], referencedTableName: 'workspaces', referencedColumnNames: ['id'], onDelete: 'CASCADE' as const };

/** The helpdesk's records: customers, tickets and their numbers, tags, conversations, events. */
export class Helpdesk1764133300000 implements MigrationInterface {
  name = 'Helpdesk1764133300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'customers',
        columns: [
          idColumn(),
          refColumn('workspace_id'),
          textColumn('email', 320, true),
          // Lower-cased email: uniqueness and lookups are case-insensitive, display keeps the original.
          textColumn('email_key', 320, true),
          textColumn('name', 200, true),
          textColumn('phone', 64, true),
          textColumn('external_id', 255, true),
          timestampColumn('created_at'),
          timestampColumn('updated_at'),
        ],
        foreignKeys: [ws],
        uniques: [
          { name: 'uq_customers_ws_email', columnNames: ['workspace_id', 'email_key'] },
          { name: 'uq_customers_ws_external', columnNames: ['workspace_id', 'external_id'] },
        ],
        indices: keysetIndexes('customers'),
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'ticket_counters',
        columns: [
          { ...refColumn('workspace_id'), isPrimary: true },
          { name: 'value', type: 'bigint', default: 0 },
        ],
        foreignKeys: [ws],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'tickets',
        columns: [
          idColumn(),
          refColumn('workspace_id'),
          { name: 'number', type: 'bigint' },
          textColumn('subject', 500),
          textColumn('status', 16),
          textColumn('priority', 16),
          textColumn('channel', 16),
          refColumn('customer_id'),
          refColumn('assignee_id', true),
          textColumn('external_id', 255, true),
          timestampColumn('created_at'),
          timestampColumn('updated_at'),
          timestampColumn('first_response_at', true),
          timestampColumn('resolved_at', true),
          timestampColumn('closed_at', true),
          // First time ever resolved / closed: analytics count these, reopening does not clear them.
          timestampColumn('first_resolved_at', true),
          timestampColumn('first_closed_at', true),
        ],
        foreignKeys: [
          ws,
          { columnNames: ['customer_id'], referencedTableName: 'customers', referencedColumnNames: ['id'] },
          { columnNames: ['assignee_id'], referencedTableName: 'users', referencedColumnNames: ['id'] },
        ],
        uniques: [{ name: 'uq_tickets_ws_number', columnNames: ['workspace_id', 'number'] }],
        indices: [
          ...keysetIndexes('tickets'),
          { name: 'ix_tickets_ws_status', columnNames: ['workspace_id', 'status', 'created_at', 'id'] },
          { name: 'ix_tickets_ws_assignee', columnNames: ['workspace_id', 'assignee_id', 'created_at', 'id'] },
          { name: 'ix_tickets_ws_customer', columnNames: ['workspace_id', 'customer_id', 'created_at', 'id'] },
          { name: 'ix_tickets_ws_external', columnNames: ['workspace_id', 'external_id'] },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'tags',
        columns: [
          idColumn(),
          refColumn('workspace_id'),
          textColumn('name', 100),
          textColumn('name_key', 100),
          // Maintained in the transactions that tag and untag, so listing tags never counts rows.
          { name: 'ticket_count', type: 'integer', default: 0 },
          timestampColumn('created_at'),
          timestampColumn('updated_at'),
        ],
        foreignKeys: [ws],
        uniques: [{ name: 'uq_tags_ws_name', columnNames: ['workspace_id', 'name_key'] }],
        indices: keysetIndexes('tags'),
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'ticket_tags',
        columns: [
          { ...refColumn('ticket_id'), isPrimary: true },
          { ...refColumn('tag_id'), isPrimary: true },
          refColumn('workspace_id'),
        ],
        foreignKeys: [
          { columnNames: ['ticket_id'], referencedTableName: 'tickets', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
          { columnNames: ['tag_id'], referencedTableName: 'tags', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
        ],
        indices: [{ name: 'ix_ticket_tags_tag', columnNames: ['tag_id', 'ticket_id'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'conversations',
        columns: [
          idColumn(),
          refColumn('workspace_id'),
          refColumn('ticket_id'),
          textColumn('type', 16),
          { name: 'body', type: 'text' },
          textColumn('author_type', 16),
          refColumn('author_id', true),
          timestampColumn('created_at'),
          timestampColumn('updated_at'),
        ],
        foreignKeys: [ws, { columnNames: ['ticket_id'], referencedTableName: 'tickets', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
        indices: [...keysetIndexes('conversations'), { name: 'ix_conversations_ticket', columnNames: ['ticket_id', 'created_at', 'id'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'events',
        columns: [
          idColumn(),
          refColumn('workspace_id'),
          textColumn('type', 64),
          { name: 'data', type: 'text' },
          { name: 'changes', type: 'text', isNullable: true },
          timestampColumn('created_at'),
          // Set once the event has been fanned out to webhook deliveries; null rows are the outbox.
          timestampColumn('dispatched_at', true),
        ],
        foreignKeys: [ws],
        indices: [
          { name: 'ix_events_ws_created', columnNames: ['workspace_id', 'created_at', 'id'] },
          { name: 'ix_events_ws_type', columnNames: ['workspace_id', 'type', 'created_at', 'id'] },
          { name: 'ix_events_dispatch', columnNames: ['dispatched_at', 'created_at'] },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['events', 'conversations', 'ticket_tags', 'tags', 'tickets', 'ticket_counters', 'customers']) {
      await queryRunner.dropTable(table);
    }
  }
}
