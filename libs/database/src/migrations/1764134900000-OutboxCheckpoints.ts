import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { timestampColumn } from './table-helpers';

/** The outbox consumers of this release, each starting where the single `dispatched_at` reader stood. */
const CONSUMERS = ['webhook', 'notification_channel'];

/**
 * Per-consumer checkpoints on the outbox: each consumer follows events in (created_at, id) order
 * from its own row, instead of all sharing `dispatched_at`. Every consumer starts at the oldest
 * event not yet dispatched (events already dispatched at or after it are fanned out again, which
 * the unique (event, target) indexes turn into nothing), or after the newest event when none waits.
 */
export class OutboxCheckpoints1764134900000 implements MigrationInterface {
  name = 'OutboxCheckpoints1764134900000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'outbox_checkpoints',
        columns: [
          { name: 'consumer', type: 'varchar', length: '40', isPrimary: true },
          // The last event taken: its created_at and id (empty: none yet at that instant).
          timestampColumn('created_at'),
          { name: 'event_id', type: 'varchar', length: '40' },
        ],
      }),
    );
    await queryRunner.createIndex('events', new TableIndex({ name: 'ix_events_created', columnNames: ['created_at', 'id'] }));
    const [waiting] = await queryRunner.query('SELECT MIN(created_at) AS created_at FROM events WHERE dispatched_at IS NULL');
    const [newest] = await queryRunner.query('SELECT created_at, id FROM events ORDER BY created_at DESC, id DESC LIMIT 1');
    const start =
      waiting?.created_at !== null && waiting?.created_at !== undefined
        ? [Number(waiting.created_at), '']
        : newest
          ? [Number(newest.created_at), newest.id]
          : [0, ''];
    const postgres = queryRunner.connection.options.type === 'postgres';
    for (const consumer of CONSUMERS) {
      await queryRunner.query(`INSERT INTO outbox_checkpoints (consumer, created_at, event_id) VALUES (${postgres ? '$1, $2, $3' : '?, ?, ?'})`, [consumer, ...start]);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('events', 'ix_events_created');
    await queryRunner.dropTable('outbox_checkpoints');
  }
}
