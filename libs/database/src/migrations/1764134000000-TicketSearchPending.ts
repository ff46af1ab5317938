import { MigrationInterface, QueryRunner } from 'typeorm';
import { bump, CONVERSATION_EVENTS, createImmediateSearchTriggers, key, SEARCH_TRIGGERS } from './1764133740000-TicketSearchDocuments';

/**
 * SQLite: the search index's triggers note which ticket documents a write changed in
 * `ticket_search_pending` instead of rewriting them in `ticket_search` on the spot;
 * TicketSearchIndex rewrites them at the end of the transaction, before it commits.
 *
 * Why: FTS5 writes its pending terms out as a new index segment whenever a savepoint opens or a
 * document is deleted, and a group commit runs each request in its own savepoint. Indexed in the
 * triggers, every ticket create or conversation made a segment of its own, and the merges of
 * those segments were most of a create's slowest responses. Rewritten once per transaction, a
 * group of fifty creates makes one segment.
 *
 * `indexed`: whether the document may be in the index already (an existing ticket), so its old
 * version is deleted first; 0 for a ticket created in the same transaction, whose document is
 * only inserted. A document is noted once per transaction whatever happens to it; the rewrite
 * reads the ticket and its thread as they are then (a deleted ticket is only removed).
 * The search generation still moves in the triggers, in the writing statement.
 */
export class TicketSearchPending1764134000000 implements MigrationInterface {
  name = 'TicketSearchPending1764134000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') return;
    await queryRunner.query('CREATE TABLE ticket_search_pending (doc integer PRIMARY KEY NOT NULL, indexed integer NOT NULL)');
    for (const trigger of SEARCH_TRIGGERS) await queryRunner.query(`DROP TRIGGER ${trigger}`);
    const note = (doc: string, indexed: 0 | 1) => `INSERT OR IGNORE INTO ticket_search_pending (doc, indexed) VALUES (${doc}, ${indexed});`;
    await queryRunner.query(`CREATE TRIGGER ticket_search_ticket_ai AFTER INSERT ON tickets BEGIN ${note(key('new'), 0)} ${bump('new')} END`);
    await queryRunner.query(`CREATE TRIGGER ticket_search_ticket_au AFTER UPDATE OF subject ON tickets BEGIN ${note(key('new'), 1)} ${bump('new')} END`);
    await queryRunner.query(`CREATE TRIGGER ticket_search_ticket_ad AFTER DELETE ON tickets BEGIN ${note(key('old'), 1)} ${bump('old')} END`);
    for (const [suffix, event, row] of CONVERSATION_EVENTS) {
      // When the ticket is gone (a cascade from its delete) or not yet written (the seeder and a
      // new ticket's description write the thread first), nothing is noted.
      await queryRunner.query(
        `CREATE TRIGGER ticket_search_conversation_${suffix} AFTER ${event} ON conversations BEGIN ` +
          `INSERT OR IGNORE INTO ticket_search_pending (doc, indexed) SELECT ${key('t')}, 1 FROM tickets t WHERE t.id = ${row}.ticket_id; ${bump(row)} END`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') return;
    for (const trigger of SEARCH_TRIGGERS) await queryRunner.query(`DROP TRIGGER ${trigger}`);
    await createImmediateSearchTriggers(queryRunner);
    await queryRunner.query('DROP TABLE ticket_search_pending');
  }
}
