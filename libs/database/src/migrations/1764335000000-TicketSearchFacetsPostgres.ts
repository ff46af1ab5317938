import { MigrationInterface, QueryRunner } from 'typeorm';
import { reindexFunction, ticketsInsertedFunction } from './1764133760000-TicketSearchDocumentsPostgres';

/** A ticket `t`'s facets, read from the ticket and its tag links. */
const FACETS = ' || ticket_search_facets(t.status, t.priority, ARRAY(SELECT tt.tag_id FROM ticket_tags tt WHERE tt.ticket_id = t.id))';

/**
 * PostgreSQL: each ticket's search document also carries its listing filters as lexemes —
 * `=s:<status>`, `=p:<priority>`, `=t:<tag id>` — so a `q` with status, priority and tags is
 * one GIN intersection, for the page and for the exact total (TicketSearch.total, SearchFacets).
 * - Added with `array_to_tsvector`, verbatim: never parsed, so a tag id stays whole. The `simple`
 *   parser never begins a lexeme with `=` (it is a blank to it: `a=b` is `a`, `b`), so no
 *   ticket text and no search word can produce or match one.
 * - Kept by triggers: a status or priority change swaps the old lexemes for the new ones, a tag
 *   link inserted or deleted (a deleted tag's links go by cascade) adds or removes its lexeme,
 *   with `ts_delete(…) || array_to_tsvector(…)`: the thread is not parsed again. Each moves the
 *   workspace's search generation, as a change of text does, so no remembered total outlives it.
 * - The triggers that re-derive a document (subject, conversation changed or deleted) and the
 *   one indexing new tickets write the facets too. The demo seeder writes them itself
 *   (TicketBulkWriter.indexForSearch). SQLite: nothing here.
 */
export class TicketSearchFacetsPostgres1764335000000 implements MigrationInterface {
  name = 'TicketSearchFacetsPostgres1764335000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type !== 'postgres') return;
    // Rewriting every document of a large installation outlasts the API's statement cap.
    await queryRunner.query('SET LOCAL statement_timeout = 0');
    await queryRunner.query(`
      CREATE FUNCTION ticket_search_facets(status varchar, priority varchar, tag_ids varchar[]) RETURNS tsvector
      LANGUAGE sql IMMUTABLE AS $$
        SELECT array_to_tsvector(ARRAY['=s:' || status, '=p:' || priority] || ARRAY(SELECT '=t:' || tag FROM unnest(tag_ids) tag))
      $$`);
    await queryRunner.query(`
      UPDATE ticket_search s SET document = s.document || ticket_search_facets(t.status, t.priority, coalesce(g.tag_ids, '{}'))
      FROM tickets t LEFT JOIN (SELECT ticket_id, array_agg(tag_id) AS tag_ids FROM ticket_tags GROUP BY ticket_id) g ON g.ticket_id = t.id
      WHERE s.ticket_id = t.id`);
    await queryRunner.query(`CREATE OR REPLACE ${reindexFunction(FACETS)}`);
    // A new ticket has no tag links yet: they add their own lexemes (ticket_search_tags_changed).
    await queryRunner.query(`CREATE OR REPLACE ${ticketsInsertedFunction(" || ticket_search_facets(n.status, n.priority, '{}')")}`);
    await queryRunner.query(`
      CREATE FUNCTION ticket_search_filters_changed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
        UPDATE ticket_search SET document = ts_delete(document, ARRAY['=s:' || OLD.status, '=p:' || OLD.priority])
          || ticket_search_facets(NEW.status, NEW.priority, '{}')
        WHERE ticket_id = NEW.id;
        PERFORM ticket_search_bump(NEW.workspace_id);
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION ticket_search_tags_changed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
        IF TG_OP = 'INSERT' THEN
          UPDATE ticket_search s SET document = s.document || array_to_tsvector(l.lexemes)
          FROM (SELECT ticket_id, array_agg('=t:' || tag_id) AS lexemes FROM new_rows GROUP BY ticket_id) l
          WHERE s.ticket_id = l.ticket_id;
          PERFORM ticket_search_bump(w.workspace_id) FROM (SELECT DISTINCT workspace_id FROM new_rows) w;
        ELSE
          UPDATE ticket_search s SET document = ts_delete(s.document, l.lexemes)
          FROM (SELECT ticket_id, array_agg('=t:' || tag_id) AS lexemes FROM old_rows GROUP BY ticket_id) l
          WHERE s.ticket_id = l.ticket_id;
          PERFORM ticket_search_bump(w.workspace_id) FROM (SELECT DISTINCT workspace_id FROM old_rows) w;
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(
      'CREATE TRIGGER ticket_search_filters AFTER UPDATE OF status, priority ON tickets FOR EACH ROW ' +
        'WHEN (NEW.status IS DISTINCT FROM OLD.status OR NEW.priority IS DISTINCT FROM OLD.priority) ' +
        'EXECUTE FUNCTION ticket_search_filters_changed()',
    );
    await queryRunner.query(
      'CREATE TRIGGER ticket_search_tags_ai AFTER INSERT ON ticket_tags REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ticket_search_tags_changed()',
    );
    await queryRunner.query(
      'CREATE TRIGGER ticket_search_tags_ad AFTER DELETE ON ticket_tags REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ticket_search_tags_changed()',
    );
    await queryRunner.query('ANALYZE ticket_search');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type !== 'postgres') return;
    await queryRunner.query('SET LOCAL statement_timeout = 0');
    await queryRunner.query('DROP TRIGGER ticket_search_tags_ad ON ticket_tags');
    await queryRunner.query('DROP TRIGGER ticket_search_tags_ai ON ticket_tags');
    await queryRunner.query('DROP TRIGGER ticket_search_filters ON tickets');
    await queryRunner.query('DROP FUNCTION ticket_search_tags_changed()');
    await queryRunner.query('DROP FUNCTION ticket_search_filters_changed()');
    await queryRunner.query(`CREATE OR REPLACE ${ticketsInsertedFunction()}`);
    await queryRunner.query(`CREATE OR REPLACE ${reindexFunction()}`);
    // Every lexeme the facets added begins with '=' (see above): none of the words does.
    await queryRunner.query(
      `UPDATE ticket_search SET document = ts_delete(document, ARRAY(SELECT l FROM unnest(tsvector_to_array(document)) l WHERE l LIKE '=%'))`,
    );
    await queryRunner.query('DROP FUNCTION ticket_search_facets(varchar, varchar, varchar[])');
  }
}
