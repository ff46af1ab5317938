import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { refColumn, textColumn } from './table-helpers';

/** Keyset indexes by (status, priority) for each sort column: one range per status × priority pair. */
const INDEXES: [name: string, table: string, columns: string][] = [
  ['ix_tickets_ws_status_priority_created', 'tickets', 'workspace_id, status, priority, created_at, id'],
  ['ix_tickets_ws_status_priority_updated', 'tickets', 'workspace_id, status, priority, updated_at, id'],
  ['ix_ticket_tags_tag_updated', 'ticket_tags', 'tag_id, updated_at, ticket_id'],
  ['ix_ticket_tags_tag_status_priority_created', 'ticket_tags', 'tag_id, status, priority, created_at, ticket_id'],
  ['ix_ticket_tags_tag_status_priority_updated', 'ticket_tags', 'tag_id, status, priority, updated_at, ticket_id'],
];

/** The maintained counts behind `meta.total` (TicketCounts): table, key column, the rows they count. */
const COUNTS: [table: string, key: string, source: string][] = [
  ['ticket_status_counts', 'workspace_id', 'tickets'],
  ['tag_status_counts', 'tag_id', 'ticket_tags'],
];

/**
 * The counts tables made again as migration TicketListingPaths made them, keyed by priority too
 * when `byPriority`, and counted afresh from the rows they count.
 */
async function recount(queryRunner: QueryRunner, byPriority: boolean): Promise<void> {
  for (const [name, key, source] of COUNTS) {
    await queryRunner.query(`DROP TABLE ${name}`);
    await queryRunner.createTable(
      new Table({
        name,
        columns: [
          { ...refColumn(key), isPrimary: true },
          { ...textColumn('status', 16), isPrimary: true },
          ...(byPriority ? [{ ...textColumn('priority', 16), isPrimary: true }] : []),
          { name: 'ticket_count', type: 'bigint', default: 0 },
        ],
        foreignKeys: [
          { columnNames: [key], referencedTableName: key === 'tag_id' ? 'tags' : 'workspaces', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
        ],
      }),
    );
    const columns = `${key}, status${byPriority ? ', priority' : ''}`;
    await queryRunner.query(`INSERT INTO ${name} (${columns}, ticket_count) SELECT ${columns}, COUNT(*) FROM ${source} GROUP BY ${columns}`);
  }
}

/**
 * Every documented combination of the `/tickets` filters a page at a time, measured with
 * `npm run bench:shapes` (README, Performance):
 * - `ticket_tags` also carries its ticket's `priority` and `updated_at` (beside `status` and
 *   `created_at`, migration TicketListingPaths), so a tag listing with any status, priority and
 *   sort walks `ticket_tags` alone, in page order;
 * - `(…, status, priority, <sort column>, id)` indexes on both tables: TicketListing reads a
 *   status and/or priority filter as one index range per status × priority pair (at most 16),
 *   each stopped after a page, and merges them, instead of collecting and sorting every match;
 * - the maintained counts (`ticket_status_counts`, `tag_status_counts`) are kept per priority
 *   too, so `meta.total` of any status × priority (× one tag) filter is read, not counted;
 * - the copies of priority and updated_at follow the ticket by trigger, whatever path changes
 *   it (a tag rename touches every ticket carrying the tag in one statement). The status copy
 *   stays with TicketCounts.settle, which moves the counts by it.
 */
export class TicketListingShapes1764320000000 implements MigrationInterface {
  name = 'TicketListingShapes1764320000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.options.type === 'postgres';
    if (postgres) {
      // Deferred constraint triggers pending in this transaction forbid ALTER TABLE on their tables.
      await queryRunner.query('SET CONSTRAINTS ALL IMMEDIATE');
      await queryRunner.query('SET LOCAL statement_timeout = 0');
    }
    await queryRunner.query(`ALTER TABLE ticket_tags ADD COLUMN priority varchar(16) NOT NULL DEFAULT ''`);
    await queryRunner.query('ALTER TABLE ticket_tags ADD COLUMN updated_at bigint NOT NULL DEFAULT 0');
    await queryRunner.query(
      postgres
        ? 'UPDATE ticket_tags tt SET priority = t.priority, updated_at = t.updated_at FROM tickets t WHERE t.id = tt.ticket_id'
        : 'UPDATE ticket_tags SET (priority, updated_at) = (SELECT t.priority, t.updated_at FROM tickets t WHERE t.id = ticket_tags.ticket_id)',
    );
    if (postgres) {
      await queryRunner.query('ALTER TABLE ticket_tags ALTER COLUMN priority DROP DEFAULT, ALTER COLUMN updated_at DROP DEFAULT');
      await queryRunner.query(`CREATE FUNCTION copy_ticket_to_tags() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          UPDATE ticket_tags SET priority = NEW.priority, updated_at = NEW.updated_at WHERE ticket_id = NEW.id;
          RETURN NULL;
        END $$`);
      await queryRunner.query(
        'CREATE TRIGGER ticket_tags_copy AFTER UPDATE OF priority, updated_at ON tickets FOR EACH ROW ' +
          'WHEN (NEW.priority IS DISTINCT FROM OLD.priority OR NEW.updated_at IS DISTINCT FROM OLD.updated_at) ' +
          'EXECUTE FUNCTION copy_ticket_to_tags()',
      );
    } else {
      await queryRunner.query(
        'CREATE TRIGGER ticket_tags_copy AFTER UPDATE OF priority, updated_at ON tickets ' +
          'WHEN NEW.priority IS NOT OLD.priority OR NEW.updated_at IS NOT OLD.updated_at BEGIN ' +
          'UPDATE ticket_tags SET priority = NEW.priority, updated_at = NEW.updated_at WHERE ticket_id = NEW.id; END',
      );
    }
    await recount(queryRunner, true);
    // Superseded by the (status, priority) index: a status filter is read as its pairs.
    await queryRunner.query('DROP INDEX ix_ticket_tags_tag_status');
    for (const [name, table, columns] of INDEXES) await queryRunner.query(`CREATE INDEX ${name} ON ${table} (${columns})`);
    if (postgres) await queryRunner.query('ANALYZE tickets, ticket_tags');
    else if ((await queryRunner.query(`SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'`)).length) {
      // Sampled as seed:demo samples (see migration AnalyticsResolvedAssigneeIndex for why alike).
      const [{ analysis_limit: limit }] = await queryRunner.query('PRAGMA analysis_limit');
      await queryRunner.query('PRAGMA analysis_limit = 1000');
      await queryRunner.query('ANALYZE tickets');
      await queryRunner.query('ANALYZE ticket_tags');
      await queryRunner.query(`PRAGMA analysis_limit = ${Number(limit)}`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.options.type === 'postgres';
    if (postgres) await queryRunner.query('SET CONSTRAINTS ALL IMMEDIATE');
    for (const [name] of INDEXES) await queryRunner.query(`DROP INDEX ${name}`);
    await queryRunner.query('CREATE INDEX ix_ticket_tags_tag_status ON ticket_tags (tag_id, status, created_at, ticket_id)');
    if (postgres) {
      await queryRunner.query('DROP TRIGGER ticket_tags_copy ON tickets');
      await queryRunner.query('DROP FUNCTION copy_ticket_to_tags()');
    } else {
      await queryRunner.query('DROP TRIGGER ticket_tags_copy');
    }
    await recount(queryRunner, false);
    await queryRunner.query('ALTER TABLE ticket_tags DROP COLUMN updated_at');
    await queryRunner.query('ALTER TABLE ticket_tags DROP COLUMN priority');
  }
}
