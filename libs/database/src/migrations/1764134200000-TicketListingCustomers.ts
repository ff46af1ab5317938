import { MigrationInterface, QueryRunner } from 'typeorm';

const EVENTS = ['INSERT', 'UPDATE', 'DELETE'] as const;

/**
 * The `customer_email` filter of a ticket listing reads `customers.email_key`, so a change of a
 * customer moves the workspace's listing version too (migration TicketListingVersions, whose
 * trigger function and trigger shape this reuses): without it a kept page went on answering
 * `customer_email=old@…` with the tickets of a customer now known as someone else.
 */
export class TicketListingCustomers1764134200000 implements MigrationInterface {
  name = 'TicketListingCustomers1764134200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') {
      await queryRunner.query(
        `CREATE CONSTRAINT TRIGGER ticket_listing_version_customers AFTER ${EVENTS.join(' OR ')} ON customers ` +
          'DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_ticket_listing_version()',
      );
      return;
    }
    for (const event of EVENTS) {
      const row = event === 'DELETE' ? 'old' : 'new';
      await queryRunner.query(
        `CREATE TRIGGER ticket_listing_version_customers_${event.toLowerCase()} AFTER ${event} ON customers BEGIN ` +
          `INSERT INTO ticket_listing_versions (workspace_id, version) VALUES (${row}.workspace_id, 1) ` +
          'ON CONFLICT (workspace_id) DO UPDATE SET version = version + 1; END',
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') {
      await queryRunner.query('DROP TRIGGER ticket_listing_version_customers ON customers');
      return;
    }
    for (const event of EVENTS) await queryRunner.query(`DROP TRIGGER ticket_listing_version_customers_${event.toLowerCase()}`);
  }
}
