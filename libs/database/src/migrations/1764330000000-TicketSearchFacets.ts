import { MigrationInterface, QueryRunner } from 'typeorm';
import { bump, key } from './1764133740000-TicketSearchDocuments';

/**
 * SQLite: each ticket's search document also carries the listing filters a `q` is combined
 * with, as terms of a third FTS5 column `f`: `s<status>`, `p<priority>` and `t<hex of tag id>`
 * per tag link. A `q` with status, priority and tag filters is then one FTS5 query, an
 * intersection of posting lists, for the page (walked in rowid order as before) and for its exact
 * total (a count in the index) — no longer every match of the words joined with the filters.
 *
 * Tokens are letters and digits only, since unicode61 splits on anything else; tag ids are
 * hex-encoded because the tokenizer folds case and ids are mixed-case. User words are matched
 * in `body` only (ftsQuery), so they never reach a facet term.
 *
 * The document now changes with the ticket's status, priority and tag links: the ticket's update
 * trigger also watches status and priority (and notes nothing for an UPDATE that changes none
 * of its columns), and tag links note their ticket's document on insert and delete (a tag's
 * delete cascades to its links, and cascades fire the triggers). Each also moves the workspace's
 * search generation, under which totals are kept. The rowid scheme and the pending rewrite
 * (migration TicketSearchPending) are unchanged; every document is written again here.
 */
export class TicketSearchFacets1764330000000 implements MigrationInterface {
  name = 'TicketSearchFacets1764330000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') return;
    await rebuild(queryRunner, true);
    await queryRunner.query('DROP TRIGGER ticket_search_ticket_au');
    await queryRunner.query(
      'CREATE TRIGGER ticket_search_ticket_au AFTER UPDATE OF subject, status, priority ON tickets ' +
        'WHEN new.subject IS NOT old.subject OR new.status IS NOT old.status OR new.priority IS NOT old.priority ' +
        `BEGIN ${note('new')} ${bump('new')} END`,
    );
    for (const [suffix, event, row] of TAG_LINK_EVENTS) {
      await queryRunner.query(
        `CREATE TRIGGER ticket_search_tag_${suffix} AFTER ${event} ON ticket_tags BEGIN ` +
          // A link deleted with its ticket finds no ticket: the ticket's own delete noted it.
          `INSERT OR IGNORE INTO ticket_search_pending (doc, indexed) SELECT ${key('t')}, 1 FROM tickets t WHERE t.id = ${row}.ticket_id; ${bump(row)} END`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') return;
    for (const [suffix] of TAG_LINK_EVENTS) await queryRunner.query(`DROP TRIGGER ticket_search_tag_${suffix}`);
    await queryRunner.query('DROP TRIGGER ticket_search_ticket_au');
    await queryRunner.query(`CREATE TRIGGER ticket_search_ticket_au AFTER UPDATE OF subject ON tickets BEGIN ${note('new')} ${bump('new')} END`);
    await rebuild(queryRunner, false);
  }
}

const TAG_LINK_EVENTS = [
  ['ai', 'INSERT', 'new'],
  ['ad', 'DELETE', 'old'],
] as const;

/** As migration TicketSearchPending notes an existing ticket's document. */
const note = (row: string) => `INSERT OR IGNORE INTO ticket_search_pending (doc, indexed) VALUES (${key(row)}, 1);`;

/** Subject and bodies, one per line (migration TicketSearchDocuments). */
const TEXT = "t.subject || char(10) || coalesce((SELECT group_concat(c.body, char(10)) FROM conversations c WHERE c.ticket_id = t.id), '')";

/** The facet terms of ticket t (TicketSearchRewriter and facetTerms write the same). */
const FACETS =
  "'s' || t.status || ' p' || t.priority || coalesce((SELECT group_concat(' t' || lower(hex(tt.tag_id)), '') FROM ticket_tags tt WHERE tt.ticket_id = t.id), '')";

/** `ticket_search` made again with or without the facets column, every document written afresh. */
async function rebuild(queryRunner: QueryRunner, facets: boolean): Promise<void> {
  await queryRunner.query('DROP TABLE ticket_search');
  await queryRunner.query(
    `CREATE VIRTUAL TABLE ticket_search USING fts5(ws, body${facets ? ', f' : ''}, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2')`,
  );
  await queryRunner.query(
    `INSERT INTO ticket_search (rowid, ws, body${facets ? ', f' : ''}) SELECT ${key('t')}, t.workspace_id, ${TEXT}${facets ? `, ${FACETS}` : ''} FROM tickets t`,
  );
  // Notes left by writes outside a TransactionRunner are written above already.
  await queryRunner.query('DELETE FROM ticket_search_pending');
  // One segment: the bulk insert leaves several, and every query reads each of them.
  await queryRunner.query("INSERT INTO ticket_search (ticket_search) VALUES ('optimize')");
}
