import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SQLite ticket search that stops at the page: one FTS5 document per ticket (its subject and
 * every conversation body) in `ticket_search`, whose rowid orders documents by creation time:
 *
 *   rowid = (created_at >> 12) << 32 | tickets.rowid
 *
 * The high bits are a 4.096-second bucket of `created_at`, so walking matches by descending
 * rowid visits tickets newest bucket first and a page is found after reading about a page of
 * matches (the exact `(created_at, id)` order is restored within the last bucket read). The low
 * 32 bits are the ticket's rowid, unique and the fastest way back to the row. A word must occur
 * somewhere in the ticket, so a multi-word search is a plain FTS5 AND over one document.
 * Column `ws` holds the workspace id, so matches of other workspaces are skipped in the index.
 *
 * `contentless_delete=1`: the index keeps no copy of the text, and a document is replaced by
 * rowid. Triggers keep it in step from every write path (service, cascade delete, CLI): a new
 * or changed conversation re-indexes its ticket's document (threads are short), and a ticket
 * indexes whatever conversations already exist (the seeder writes them first).
 * `ticket_search_generations` counts changes per workspace in the same triggers: a search
 * total cached under a generation is exact for as long as the generation stands.
 *
 * Like the tables it replaces, the index addresses tickets by rowid: after a VACUUM (which may
 * renumber rowids) run `DELETE FROM ticket_search` and the INSERT … SELECT below again.
 * PostgreSQL keeps its GIN indexes; nothing changes there.
 */
export class TicketSearchDocuments1764133740000 implements MigrationInterface {
  name = 'TicketSearchDocuments1764133740000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') return;
    for (const [table] of OLD_FTS) {
      for (const suffix of ['ai', 'ad', 'au']) await queryRunner.query(`DROP TRIGGER ${table}_fts_${suffix}`);
      await queryRunner.query(`DROP TABLE ${table}_fts`);
    }
    await queryRunner.query('CREATE TABLE ticket_search_generations (workspace_id varchar(40) PRIMARY KEY NOT NULL, generation bigint NOT NULL)');
    await queryRunner.query(
      `CREATE VIRTUAL TABLE ticket_search USING fts5(ws, body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2')`,
    );
    await createImmediateSearchTriggers(queryRunner);
    await queryRunner.query(`INSERT INTO ticket_search (rowid, ws, body) SELECT ${key('t')}, t.workspace_id, ${text('t')} FROM tickets t`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') return;
    for (const trigger of SEARCH_TRIGGERS) await queryRunner.query(`DROP TRIGGER ${trigger}`);
    await queryRunner.query('DROP TABLE ticket_search');
    await queryRunner.query('DROP TABLE ticket_search_generations');
    // The per-source indexes of migration TicketSearch, as it created them.
    for (const [table, column] of OLD_FTS) {
      const fts = `${table}_fts`;
      await queryRunner.query(
        `CREATE VIRTUAL TABLE ${fts} USING fts5(${column}, content='${table}', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')`,
      );
      await queryRunner.query(`CREATE TRIGGER ${fts}_ai AFTER INSERT ON ${table} BEGIN INSERT INTO ${fts}(rowid, ${column}) VALUES (new.rowid, new.${column}); END`);
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
}

const OLD_FTS = [
  ['tickets', 'subject'],
  ['conversations', 'body'],
] as const;

/** The document rowid of ticket row `t` (see the class comment; TicketListing decodes it). */
export const key = (t: string) => `(((${t}.created_at >> 12) << 32) | ${t}.rowid)`;

/** The searchable text of ticket row `t`: subject and bodies, one per line. */
const text = (t: string) =>
  `${t}.subject || char(10) || coalesce((SELECT group_concat(c.body, char(10)) FROM conversations c WHERE c.ticket_id = ${t}.id), '')`;

/** (Re-)indexes the ticket selected by `where` (alias t). */
const index = (where: string) => `INSERT INTO ticket_search (rowid, ws, body) SELECT ${key('t')}, t.workspace_id, ${text('t')} FROM tickets t WHERE ${where};`;

export const bump = (row: string) =>
  `INSERT INTO ticket_search_generations (workspace_id, generation) VALUES (${row}.workspace_id, 1) ` +
  'ON CONFLICT (workspace_id) DO UPDATE SET generation = generation + 1;';

/** The conversation changes that change their ticket's document: trigger suffix, event, row. */
export const CONVERSATION_EVENTS = [
  ['ai', 'INSERT', 'new'],
  ['ad', 'DELETE', 'old'],
  ['au', 'UPDATE OF body', 'new'],
] as const;

/** The triggers that keep `ticket_search` in step, by name. */
export const SEARCH_TRIGGERS = ['ticket_ai', 'ticket_au', 'ticket_ad', 'conversation_ai', 'conversation_ad', 'conversation_au'].map((name) => `ticket_search_${name}`);

/** The six triggers that (re-)index a ticket's document in the writing statement itself. */
export async function createImmediateSearchTriggers(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(
    `CREATE TRIGGER ticket_search_ticket_ai AFTER INSERT ON tickets BEGIN ${index('t.rowid = new.rowid')} ${bump('new')} END`,
  );
  await queryRunner.query(
    `CREATE TRIGGER ticket_search_ticket_au AFTER UPDATE OF subject ON tickets BEGIN ` +
      `DELETE FROM ticket_search WHERE rowid = ${key('old')}; ${index('t.rowid = new.rowid')} ${bump('new')} END`,
  );
  await queryRunner.query(`CREATE TRIGGER ticket_search_ticket_ad AFTER DELETE ON tickets BEGIN DELETE FROM ticket_search WHERE rowid = ${key('old')}; ${bump('old')} END`);
  for (const [suffix, event, row] of CONVERSATION_EVENTS) {
    // When the ticket is gone (a cascade from its delete) both statements find nothing.
    await queryRunner.query(
      `CREATE TRIGGER ticket_search_conversation_${suffix} AFTER ${event} ON conversations BEGIN ` +
        `DELETE FROM ticket_search WHERE rowid = (SELECT ${key('t')} FROM tickets t WHERE t.id = ${row}.ticket_id); ` +
        `${index(`t.id = ${row}.ticket_id`)} ${bump(row)} END`,
    );
  }
}
