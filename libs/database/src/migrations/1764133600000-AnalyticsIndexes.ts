import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/**
 * Analytics count tickets first resolved / closed in a window; without these indexes each
 * report would scan every ticket of the workspace.
 */
export class AnalyticsIndexes1764133600000 implements MigrationInterface {
  name = 'AnalyticsIndexes1764133600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex('tickets', new TableIndex({ name: 'ix_tickets_ws_first_resolved', columnNames: ['workspace_id', 'first_resolved_at'] }));
    await queryRunner.createIndex('tickets', new TableIndex({ name: 'ix_tickets_ws_first_closed', columnNames: ['workspace_id', 'first_closed_at'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('tickets', 'ix_tickets_ws_first_closed');
    await queryRunner.dropIndex('tickets', 'ix_tickets_ws_first_resolved');
  }
}
