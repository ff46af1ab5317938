import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who caused each event (contract §9) and an optional context. Events recorded before this
 * migration show the `system` actor: which request made them was never recorded.
 */
export class EventActors1764200000000 implements MigrationInterface {
  name = 'EventActors1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // ALTER TABLE on both engines: TypeORM's addColumns rebuilds the table on SQLite.
    await queryRunner.query("ALTER TABLE events ADD COLUMN actor_type varchar(16) NOT NULL DEFAULT 'system'");
    await queryRunner.query('ALTER TABLE events ADD COLUMN actor_id varchar(40) NULL');
    await queryRunner.query('ALTER TABLE events ADD COLUMN actor_api_key_id varchar(40) NULL');
    await queryRunner.query('ALTER TABLE events ADD COLUMN actor_rule_id varchar(40) NULL');
    await queryRunner.query('ALTER TABLE events ADD COLUMN context text NULL');
    // GET /events?actor_id=… and ?actor_type=… page in (created_at, id) order like the unfiltered list.
    await queryRunner.query('CREATE INDEX ix_events_ws_actor ON events (workspace_id, actor_id, created_at, id)');
    await queryRunner.query('CREATE INDEX ix_events_ws_actor_type ON events (workspace_id, actor_type, created_at, id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX ix_events_ws_actor_type');
    await queryRunner.query('DROP INDEX ix_events_ws_actor');
    for (const column of ['context', 'actor_rule_id', 'actor_api_key_id', 'actor_id', 'actor_type'])
      await queryRunner.query(`ALTER TABLE events DROP COLUMN ${column}`);
  }
}
