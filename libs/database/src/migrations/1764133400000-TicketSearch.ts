import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/**
 * Ticket search (`GET /tickets?q=`) on a real full-text index of ticket subjects and
 * conversation bodies, and ticket `external_id` unique per workspace (an integrator's dedupe key).
 *
 * SQLite: two external-content FTS5 tables keyed by the source rows' rowid, kept in sync by
 * triggers, so every write path (service, cascade delete, CLI) updates them in its own
 * transaction. A later migration that rebuilds `tickets` or `conversations` (TypeORM does that
 * for some column changes on SQLite) must recreate these triggers and run
 * `INSERT INTO <x>_fts(<x>_fts) VALUES ('rebuild')`, which re-derives the index from the table.
 *
 * PostgreSQL: GIN expression indexes on `to_tsvector('simple', …)`; queries use the same
 * expression. The `simple` configuration (no stemming, no stop words) matches words the way the
 * SQLite tokenizer does, so both engines answer the same search alike.
 */
export class TicketSearch1764133400000 implements MigrationInterface {
  name = 'TicketSearch1764133400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('tickets', 'ix_tickets_ws_external');
    await queryRunner.createIndex('tickets', new TableIndex({ name: 'uq_tickets_ws_external', columnNames: ['workspace_id', 'external_id'], isUnique: true }));

    if (queryRunner.connection.options.type === 'postgres') {
      await queryRunner.query(`CREATE INDEX ix_tickets_subject_fts ON tickets USING GIN (to_tsvector('simple', subject))`);
      await queryRunner.query(`CREATE INDEX ix_conversations_body_fts ON conversations USING GIN (to_tsvector('simple', body))`);
      return;
    }
    for (const [table, column] of FTS_SOURCES) {
      const fts = `${table}_fts`;
      await queryRunner.query(
        `CREATE VIRTUAL TABLE ${fts} USING fts5(${column}, content='${table}', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')`,
      );
      await queryRunner.query(
        `CREATE TRIGGER ${fts}_ai AFTER INSERT ON ${table} BEGIN INSERT INTO ${fts}(rowid, ${column}) VALUES (new.rowid, new.${column}); END`,
      );
      await queryRunner.query(
        `CREATE TRIGGER ${fts}_ad AFTER DELETE ON ${table} BEGIN INSERT INTO ${fts}(${fts}, rowid, ${column}) VALUES ('delete', old.rowid, old.${column}); END`,
      );
      await queryRunner.query(
        `CREATE TRIGGER ${fts}_au AFTER UPDATE OF ${column} ON ${table} BEGIN ` +
          `INSERT INTO ${fts}(${fts}, rowid, ${column}) VALUES ('delete', old.rowid, old.${column}); ` +
          `INSERT INTO ${fts}(rowid, ${column}) VALUES (new.rowid, new.${column}); END`,
      );
      await queryRunner.query(`INSERT INTO ${fts}(${fts}) VALUES ('rebuild')`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') {
      await queryRunner.query('DROP INDEX ix_conversations_body_fts');
      await queryRunner.query('DROP INDEX ix_tickets_subject_fts');
    } else {
      for (const [table] of FTS_SOURCES) {
        for (const suffix of ['ai', 'ad', 'au']) await queryRunner.query(`DROP TRIGGER ${table}_fts_${suffix}`);
        await queryRunner.query(`DROP TABLE ${table}_fts`);
      }
    }
    await queryRunner.dropIndex('tickets', 'uq_tickets_ws_external');
    await queryRunner.createIndex('tickets', new TableIndex({ name: 'ix_tickets_ws_external', columnNames: ['workspace_id', 'external_id'] }));
  }
}

const FTS_SOURCES = [
  ['tickets', 'subject'],
  ['conversations', 'body'],
] as const;
