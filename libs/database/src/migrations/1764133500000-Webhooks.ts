import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { idColumn, keysetIndexes, refColumn, textColumn, timestampColumn } from './table-helpers';

const ws = { columnNames: ['workspace_id'], referencedTableName: 'workspaces', referencedColumnNames: ['id'], onDelete: 'CASCADE' as const };

/** Webhook endpoints, their deliveries (one per event × endpoint), and stored idempotent responses. */
export class Webhooks1764133500000 implements MigrationInterface {
  name = 'Webhooks1764133500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'webhook_endpoints',
        columns: [
          idColumn(),
          refColumn('workspace_id'),
          textColumn('url', 2048),
          textColumn('description', 500, true),
          { name: 'events', type: 'text' },
          // Kept as issued (whsec_…): signing needs the secret itself, not a hash of it.
          textColumn('secret', 128),
          { name: 'active', type: 'boolean', default: true },
          textColumn('disabled_reason', 500, true),
          // Start of the current run of failed attempts (null after any success): 5 days of it disables the endpoint.
          timestampColumn('failing_since', true),
          timestampColumn('created_at'),
          timestampColumn('updated_at'),
        ],
        foreignKeys: [ws],
        indices: [...keysetIndexes('webhook_endpoints'), { name: 'ix_webhook_endpoints_ws_active', columnNames: ['workspace_id', 'active'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'webhook_deliveries',
        columns: [
          idColumn(),
          refColumn('workspace_id'),
          refColumn('endpoint_id'),
          refColumn('event_id'),
          textColumn('event_type', 64),
          textColumn('status', 16),
          { name: 'attempts', type: 'integer', default: 0 },
          { name: 'last_response_status', type: 'integer', isNullable: true },
          textColumn('last_error', 1000, true),
          timestampColumn('next_attempt_at', true),
          // A claim's lease: while in the future, one process owns the delivery's current attempt.
          timestampColumn('locked_until', true),
          timestampColumn('created_at'),
          timestampColumn('updated_at'),
        ],
        foreignKeys: [
          ws,
          { columnNames: ['endpoint_id'], referencedTableName: 'webhook_endpoints', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
          { columnNames: ['event_id'], referencedTableName: 'events', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
        ],
        uniques: [{ name: 'uq_webhook_deliveries_event_endpoint', columnNames: ['event_id', 'endpoint_id'] }],
        indices: [
          { name: 'ix_webhook_deliveries_endpoint_created', columnNames: ['endpoint_id', 'created_at', 'id'] },
          { name: 'ix_webhook_deliveries_endpoint_updated', columnNames: ['endpoint_id', 'updated_at', 'id'] },
          { name: 'ix_webhook_deliveries_due', columnNames: ['status', 'next_attempt_at'] },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'idempotency_keys',
        columns: [
          idColumn(),
          refColumn('workspace_id'),
          textColumn('key', 255),
          textColumn('method', 10),
          textColumn('path', 1024),
          // SHA-256 of the canonical JSON body: a reused key with another body is refused.
          textColumn('request_hash', 64),
          // Null while the first request is in flight.
          { name: 'response_status', type: 'integer', isNullable: true },
          { name: 'response_body', type: 'text', isNullable: true },
          timestampColumn('created_at'),
          timestampColumn('expires_at'),
        ],
        foreignKeys: [ws],
        uniques: [{ name: 'uq_idempotency_keys_scope', columnNames: ['workspace_id', 'key', 'method', 'path'] }],
        indices: [{ name: 'ix_idempotency_keys_expires', columnNames: ['expires_at'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['idempotency_keys', 'webhook_deliveries', 'webhook_endpoints']) await queryRunner.dropTable(table);
  }
}
