import { MigrationInterface, QueryRunner, TableColumn, TableUnique } from 'typeorm';

const OLD_SCOPE = new TableUnique({ name: 'uq_idempotency_keys_scope', columnNames: ['workspace_id', 'key', 'method', 'path'] });
const SCOPE = new TableUnique({ name: 'uq_idempotency_keys_scope', columnNames: ['workspace_id', 'principal_id', 'key', 'method', 'path'] });

/**
 * Idempotency keys are scoped to the API key that sent them too, so another principal never
 * gets a replay. Stored keys have no principal and live 24 h at most: they are dropped rather
 * than given one they might not have had.
 */
export class IdempotencyPrincipal1764134300000 implements MigrationInterface {
  name = 'IdempotencyPrincipal1764134300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DELETE FROM idempotency_keys');
    await queryRunner.dropUniqueConstraint('idempotency_keys', OLD_SCOPE.name!);
    await queryRunner.addColumn('idempotency_keys', new TableColumn({ name: 'principal_id', type: 'varchar', length: '40' }));
    await queryRunner.createUniqueConstraint('idempotency_keys', SCOPE);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DELETE FROM idempotency_keys');
    await queryRunner.dropUniqueConstraint('idempotency_keys', SCOPE.name!);
    await queryRunner.dropColumn('idempotency_keys', 'principal_id');
    await queryRunner.createUniqueConstraint('idempotency_keys', OLD_SCOPE);
  }
}
