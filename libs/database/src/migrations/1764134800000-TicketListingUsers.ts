import { MigrationInterface, QueryRunner } from 'typeorm';

const EVENTS = ['INSERT', 'UPDATE', 'DELETE'] as const;

/**
 * The analytics agents report lists users (names, and every active agent and admin) and is
 * shared under the workspace's listing version like ticket pages (TicketsCache), so a change of
 * a user moves the version too (migration TicketListingVersions, whose trigger function and
 * shape this reuses): without it a report computed before a rename or a new agent could answer
 * a request made after it.
 */
export class TicketListingUsers1764134800000 implements MigrationInterface {
  name = 'TicketListingUsers1764134800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') {
      await queryRunner.query(
        `CREATE CONSTRAINT TRIGGER ticket_listing_version_users AFTER ${EVENTS.join(' OR ')} ON users ` +
          'DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_ticket_listing_version()',
      );
      return;
    }
    for (const event of EVENTS) {
      const row = event === 'DELETE' ? 'old' : 'new';
      await queryRunner.query(
        `CREATE TRIGGER ticket_listing_version_users_${event.toLowerCase()} AFTER ${event} ON users BEGIN ` +
          `INSERT INTO ticket_listing_versions (workspace_id, version) VALUES (${row}.workspace_id, 1) ` +
          'ON CONFLICT (workspace_id) DO UPDATE SET version = version + 1; END',
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') {
      await queryRunner.query('DROP TRIGGER ticket_listing_version_users ON users');
      return;
    }
    for (const event of EVENTS) await queryRunner.query(`DROP TRIGGER ticket_listing_version_users_${event.toLowerCase()}`);
  }
}
