import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `ticket_listing_versions`: one counter per workspace that moves, in the writing transaction,
 * whenever anything a ticket listing shows may have changed — a ticket row, a tag link, a tag's
 * name, a conversation (search matches its text). TicketPageCache keeps rendered pages under
 * the version it read before rendering, so a page is served again only while nothing it shows
 * can have changed, whichever process made the change.
 *
 * Triggers, not service code, so every write path is covered (services, cascades, the CLI).
 * SQLite: row triggers (a few microseconds each; one writer at a time, so no lock order to mind).
 * PostgreSQL: constraint triggers deferred to commit, moving the counter once per transaction
 * and workspace. Taken mid-transaction, the counter's row lock deadlocked with the count rows
 * other writers lock (measured under concurrent PATCHes); taken last, it never waits on a
 * writer that waits on it, and a bulk update (a tag rename on 100k tickets) moves it once.
 */
export class TicketListingVersions1764133900000 implements MigrationInterface {
  name = 'TicketListingVersions1764133900000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE TABLE ticket_listing_versions (workspace_id varchar(40) PRIMARY KEY NOT NULL, version bigint NOT NULL)');
    if (queryRunner.connection.options.type === 'postgres') {
      await queryRunner.query(`CREATE FUNCTION bump_ticket_listing_version() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
          ws varchar := CASE WHEN TG_OP = 'DELETE' THEN OLD.workspace_id ELSE NEW.workspace_id END;
          bumped text := coalesce(current_setting('relay.listing_versions_bumped', true), '');
        BEGIN
          IF position(ws || ';' IN bumped) = 0 THEN
            INSERT INTO ticket_listing_versions (workspace_id, version) VALUES (ws, 1)
              ON CONFLICT (workspace_id) DO UPDATE SET version = ticket_listing_versions.version + 1;
            PERFORM set_config('relay.listing_versions_bumped', bumped || ws || ';', true);
          END IF;
          RETURN NULL;
        END $$`);
      for (const [table, events] of WATCHED) {
        await queryRunner.query(
          `CREATE CONSTRAINT TRIGGER ticket_listing_version_${table} AFTER ${events.join(' OR ')} ON ${table} ` +
            'DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_ticket_listing_version()',
        );
      }
      return;
    }
    for (const [table, event, row] of sqliteTriggers()) {
      await queryRunner.query(
        `CREATE TRIGGER ${sqliteTriggerName(table, event)} AFTER ${event} ON ${table} BEGIN ` +
          `INSERT INTO ticket_listing_versions (workspace_id, version) VALUES (${row}.workspace_id, 1) ` +
          'ON CONFLICT (workspace_id) DO UPDATE SET version = version + 1; END',
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') {
      for (const [table] of WATCHED) await queryRunner.query(`DROP TRIGGER ticket_listing_version_${table} ON ${table}`);
      await queryRunner.query('DROP FUNCTION bump_ticket_listing_version()');
    } else {
      for (const [table, event] of sqliteTriggers()) await queryRunner.query(`DROP TRIGGER ${sqliteTriggerName(table, event)}`);
    }
    await queryRunner.query('DROP TABLE ticket_listing_versions');
  }
}

/** What a listing shows: tickets, their tag links, tag names, and (for search) conversations. */
const WATCHED: [table: string, events: string[]][] = [
  ['tickets', ['INSERT', 'UPDATE', 'DELETE']],
  ['ticket_tags', ['INSERT', 'UPDATE', 'DELETE']],
  ['tags', ['UPDATE', 'DELETE']],
  ['conversations', ['INSERT', 'UPDATE', 'DELETE']],
];

/** SQLite triggers take one event each; the row that holds the workspace is `old` for a delete. */
const sqliteTriggers = () => WATCHED.flatMap(([table, events]) => events.map((event) => [table, event, event === 'DELETE' ? 'old' : 'new'] as const));

const sqliteTriggerName = (table: string, event: string) => `ticket_listing_version_${table}_${event.toLowerCase()}`;
