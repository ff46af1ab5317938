import { MigrationInterface, QueryRunner, Table, TableColumn, TableForeignKey, TableIndex } from 'typeorm';
import { idColumn, keysetIndexes, refColumn, textColumn, timestampColumn } from './table-helpers';

/**
 * Notification channels (contract §12), delivered by the webhook engine: a delivery now names
 * its kind of target and either a webhook endpoint or a channel, each cascading from its own.
 */
export class NotificationChannels1764134500000 implements MigrationInterface {
  name = 'NotificationChannels1764134500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'notification_channels',
        columns: [
          idColumn(),
          refColumn('workspace_id'),
          textColumn('name', 100),
          textColumn('type', 16),
          // The incoming-webhook URL is the credential: never returned, logged or put in events.
          textColumn('url', 2048),
          { name: 'events', type: 'text' },
          { name: 'filter', type: 'text' },
          { name: 'template', type: 'text', isNullable: true },
          textColumn('link_template', 2048, true),
          { name: 'active', type: 'boolean', default: true },
          textColumn('disabled_reason', 500, true),
          timestampColumn('failing_since', true),
          // No message before this instant: NOTIFY_MAX_PER_SECOND spaces a channel's sends.
          timestampColumn('paced_until', true),
          timestampColumn('created_at'),
          timestampColumn('updated_at'),
        ],
        foreignKeys: [{ columnNames: ['workspace_id'], referencedTableName: 'workspaces', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
        indices: [...keysetIndexes('notification_channels'), { name: 'ix_notification_channels_ws_active', columnNames: ['workspace_id', 'active'] }],
      }),
    );
    await queryRunner.addColumns('webhook_deliveries', [
      new TableColumn({ name: 'target_kind', type: 'varchar', length: '24', default: "'webhook'" }),
      new TableColumn({ name: 'channel_id', type: 'varchar', length: '40', isNullable: true }),
    ]);
    await setEndpointNullable(queryRunner, true);
    await queryRunner.createForeignKey(
      'webhook_deliveries',
      new TableForeignKey({ columnNames: ['channel_id'], referencedTableName: 'notification_channels', referencedColumnNames: ['id'], onDelete: 'CASCADE' }),
    );
    await queryRunner.createIndices('webhook_deliveries', [
      new TableIndex({ name: 'uq_webhook_deliveries_event_channel', columnNames: ['event_id', 'channel_id'], isUnique: true }),
      new TableIndex({ name: 'ix_webhook_deliveries_channel_created', columnNames: ['channel_id', 'created_at', 'id'] }),
      new TableIndex({ name: 'ix_webhook_deliveries_channel_updated', columnNames: ['channel_id', 'updated_at', 'id'] }),
      // The head of a channel's queue: its pending deliveries.
      new TableIndex({ name: 'ix_webhook_deliveries_channel_status', columnNames: ['channel_id', 'status'] }),
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM webhook_deliveries WHERE target_kind <> 'webhook'`);
    for (const name of ['uq_webhook_deliveries_event_channel', 'ix_webhook_deliveries_channel_created', 'ix_webhook_deliveries_channel_updated', 'ix_webhook_deliveries_channel_status']) {
      await queryRunner.dropIndex('webhook_deliveries', name);
    }
    const table = (await queryRunner.getTable('webhook_deliveries'))!;
    await queryRunner.dropForeignKey('webhook_deliveries', table.foreignKeys.find((fk) => fk.columnNames.includes('channel_id'))!);
    await queryRunner.dropColumns('webhook_deliveries', ['channel_id', 'target_kind']);
    await setEndpointNullable(queryRunner, false);
    await queryRunner.dropTable('notification_channels');
  }
}

/**
 * PostgreSQL alters the constraint in place. TypeORM's changeColumn there drops and re-adds the
 * column (losing its data, foreign key, unique constraint and indexes); on SQLite it rebuilds
 * the table with all of them, the only way SQLite can change a column.
 */
async function setEndpointNullable(queryRunner: QueryRunner, nullable: boolean): Promise<void> {
  if (queryRunner.connection.options.type === 'postgres') {
    await queryRunner.query(`ALTER TABLE webhook_deliveries ALTER COLUMN endpoint_id ${nullable ? 'DROP' : 'SET'} NOT NULL`);
    return;
  }
  await queryRunner.changeColumn('webhook_deliveries', 'endpoint_id', new TableColumn({ name: 'endpoint_id', type: 'varchar', length: '40', isNullable: nullable }));
}
