import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { refColumn, textColumn } from './table-helpers';

/**
 * Ticket listings that do not grow with the workspace:
 * - `ticket_tags` carries its ticket's `status` and `created_at`, so a tag filter (with or
 *   without a status) walks one index in page order instead of collecting every tagged ticket;
 * - `ticket_status_counts` (per workspace × status) and `tag_status_counts` (per tag × status)
 *   are maintained in the transactions that change tickets and their tags, so `meta.total` of
 *   a listing filtered only by status and/or one tag is read, not counted. Exact, not an
 *   estimate: every change adds its delta (`ticket_count = ticket_count + n`) under the row's
 *   lock.
 *
 * Columns are added with `ALTER TABLE … ADD COLUMN` on both engines (TypeORM rebuilds the whole
 * table on SQLite for addColumn) and back-filled from `tickets`.
 */
export class TicketListingPaths1764133720000 implements MigrationInterface {
  name = 'TicketListingPaths1764133720000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.options.type === 'postgres';
    // Back-filling a large installation outlasts the API's statement cap (this transaction only).
    if (postgres) await queryRunner.query('SET LOCAL statement_timeout = 0');
    await queryRunner.query(`ALTER TABLE ticket_tags ADD COLUMN status varchar(16) NOT NULL DEFAULT ''`);
    await queryRunner.query(`ALTER TABLE ticket_tags ADD COLUMN created_at bigint NOT NULL DEFAULT 0`);
    await queryRunner.query(
      postgres
        ? 'UPDATE ticket_tags tt SET status = t.status, created_at = t.created_at FROM tickets t WHERE t.id = tt.ticket_id'
        : 'UPDATE ticket_tags SET (status, created_at) = (SELECT t.status, t.created_at FROM tickets t WHERE t.id = ticket_tags.ticket_id)',
    );
    if (postgres) {
      // The writers always set both; a default would only hide one that forgot.
      await queryRunner.query('ALTER TABLE ticket_tags ALTER COLUMN status DROP DEFAULT, ALTER COLUMN created_at DROP DEFAULT');
    }
    await queryRunner.dropIndex('ticket_tags', 'ix_ticket_tags_tag');
    // Tag alone (or several statuses): newest first along the tag. Also serves tag deletes and renames.
    await queryRunner.createIndex('ticket_tags', new TableIndex({ name: 'ix_ticket_tags_tag_created', columnNames: ['tag_id', 'created_at', 'ticket_id'] }));
    // Tag and one status: the page is a plain range of this index.
    await queryRunner.createIndex(
      'ticket_tags',
      new TableIndex({ name: 'ix_ticket_tags_tag_status', columnNames: ['tag_id', 'status', 'created_at', 'ticket_id'] }),
    );

    const count = { name: 'ticket_count', type: 'bigint', default: 0 };
    await queryRunner.createTable(
      new Table({
        name: 'ticket_status_counts',
        columns: [
          { ...refColumn('workspace_id'), isPrimary: true },
          { ...textColumn('status', 16), isPrimary: true },
          count,
        ],
        foreignKeys: [{ columnNames: ['workspace_id'], referencedTableName: 'workspaces', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'tag_status_counts',
        columns: [
          { ...refColumn('tag_id'), isPrimary: true },
          { ...textColumn('status', 16), isPrimary: true },
          count,
        ],
        // Deleting a tag unlinks it from every ticket (cascade), so its counts go with it.
        foreignKeys: [{ columnNames: ['tag_id'], referencedTableName: 'tags', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
    await queryRunner.query(
      'INSERT INTO ticket_status_counts (workspace_id, status, ticket_count) SELECT workspace_id, status, COUNT(*) FROM tickets GROUP BY workspace_id, status',
    );
    await queryRunner.query('INSERT INTO tag_status_counts (tag_id, status, ticket_count) SELECT tag_id, status, COUNT(*) FROM ticket_tags GROUP BY tag_id, status');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('tag_status_counts');
    await queryRunner.dropTable('ticket_status_counts');
    await queryRunner.dropIndex('ticket_tags', 'ix_ticket_tags_tag_status');
    await queryRunner.dropIndex('ticket_tags', 'ix_ticket_tags_tag_created');
    await queryRunner.createIndex('ticket_tags', new TableIndex({ name: 'ix_ticket_tags_tag', columnNames: ['tag_id', 'ticket_id'] }));
    await queryRunner.query('ALTER TABLE ticket_tags DROP COLUMN created_at');
    await queryRunner.query('ALTER TABLE ticket_tags DROP COLUMN status');
  }
}
