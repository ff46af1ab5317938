import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { textColumn, timestampColumn } from './table-helpers';

/** After a rotation the previous signing secret signs beside the new one until it expires. */
export class WebhookPreviousSecret1764134700000 implements MigrationInterface {
  name = 'WebhookPreviousSecret1764134700000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('webhook_endpoints', [
      new TableColumn(textColumn('previous_secret', 128, true)),
      new TableColumn(timestampColumn('previous_secret_expires_at', true)),
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('webhook_endpoints', 'previous_secret_expires_at');
    await queryRunner.dropColumn('webhook_endpoints', 'previous_secret');
  }
}
