import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The function re-deriving ticket `ticket`'s document from its subject and thread (alias t), with
 * `more` appended to it (migration TicketSearchFacetsPostgres adds the facets).
 */
export const reindexFunction = (more = '') => `FUNCTION ticket_search_reindex(ticket varchar) RETURNS void LANGUAGE sql AS $$
  UPDATE ticket_search s
  SET document = to_tsvector('simple', t.subject || ' ' || coalesce((SELECT string_agg(c.body, ' ') FROM conversations c WHERE c.ticket_id = t.id), ''))${more}
  FROM tickets t WHERE t.id = ticket AND s.ticket_id = t.id
$$`;

/** The statement trigger function indexing new tickets (`new_rows`, alias n) by subject, with `more` appended. */
export const ticketsInsertedFunction = (more = '') => `FUNCTION ticket_search_tickets_inserted() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
  INSERT INTO ticket_search (ticket_id, workspace_id, document)
  SELECT n.id, n.workspace_id, to_tsvector('simple', n.subject)${more} FROM new_rows n;
  PERFORM ticket_search_bump(w.workspace_id) FROM (SELECT DISTINCT workspace_id FROM new_rows) w;
  RETURN NULL;
END $$`;

/**
 * PostgreSQL ticket search over one document per ticket, the counterpart of SQLite's
 * TicketSearchDocuments: `ticket_search.document` is the `simple` tsvector of the subject and
 * every conversation body, GIN-indexed, next to the ticket's workspace and creation time.
 * - A search checks one row per ticket (`EXISTS … document @@ …`), so the planner can walk
 *   `ix_tickets_ws_created` newest first and stop at the page when a word is common, or take
 *   the GIN index when it is rare — instead of collecting every matching conversation.
 * - Its total counts `ticket_search` alone (workspace_id + GIN), never joining tickets, and is
 *   remembered under the workspace's search generation (`ticket_search_generations`, bumped
 *   by the same triggers), as on SQLite.
 * Kept by triggers on every write path: new tickets and conversations per statement (transition
 * tables: a seed batch is one UPDATE, a new entry appends its words to the document); a changed
 * subject or a changed or removed conversation re-derives the ticket's document.
 * The per-source GIN expression indexes of migration TicketSearch go. SQLite: nothing here
 * (its FTS5 index is migration TicketSearchDocuments).
 */
export class TicketSearchDocumentsPostgres1764133760000 implements MigrationInterface {
  name = 'TicketSearchDocumentsPostgres1764133760000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type !== 'postgres') return;
    // Indexing every ticket's text of a large installation outlasts the API's statement cap.
    await queryRunner.query('SET LOCAL statement_timeout = 0');
    await queryRunner.query(`
      CREATE TABLE ticket_search (
        ticket_id varchar(40) PRIMARY KEY REFERENCES tickets (id) ON DELETE CASCADE,
        workspace_id varchar(40) NOT NULL,
        document tsvector NOT NULL
      )`);
    await queryRunner.query(`
      INSERT INTO ticket_search (ticket_id, workspace_id, document)
      SELECT t.id, t.workspace_id, to_tsvector('simple', t.subject || ' ' || coalesce(b.bodies, ''))
      FROM tickets t LEFT JOIN (SELECT ticket_id, string_agg(body, ' ') AS bodies FROM conversations GROUP BY ticket_id) b ON b.ticket_id = t.id`);
    await queryRunner.query('CREATE INDEX ix_ticket_search_document ON ticket_search USING GIN (document)');
    await queryRunner.query('CREATE INDEX ix_ticket_search_ws ON ticket_search (workspace_id)');
    // A workspace's generation is the sum of its shards. A writer bumps a shard no other
    // transaction holds (SKIP LOCKED), or adds one: it never waits, so the bump cannot join a
    // lock cycle with the counters its transaction also updates (TicketCounts).
    await queryRunner.query(`
      CREATE TABLE ticket_search_generations (
        workspace_id varchar(40) NOT NULL,
        shard integer NOT NULL,
        generation bigint NOT NULL,
        PRIMARY KEY (workspace_id, shard)
      )`);
    await queryRunner.query(`
      CREATE FUNCTION ticket_search_bump(workspace varchar) RETURNS void LANGUAGE plpgsql AS $$ BEGIN
        UPDATE ticket_search_generations g SET generation = g.generation + 1
        WHERE g.workspace_id = workspace
          AND g.shard = (SELECT shard FROM ticket_search_generations WHERE workspace_id = workspace LIMIT 1 FOR UPDATE SKIP LOCKED);
        WHILE NOT FOUND LOOP
          INSERT INTO ticket_search_generations (workspace_id, shard, generation) VALUES (workspace, floor(random() * 2147483647), 1)
          ON CONFLICT DO NOTHING;
        END LOOP;
      END $$`);

    await queryRunner.query(`CREATE ${reindexFunction()}`);
    await queryRunner.query(`CREATE ${ticketsInsertedFunction()}`);
    await queryRunner.query(`
      CREATE FUNCTION ticket_search_conversations_inserted() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
        UPDATE ticket_search s SET document = s.document || n.document
        FROM (SELECT ticket_id, to_tsvector('simple', string_agg(body, ' ')) AS document FROM new_rows GROUP BY ticket_id) n
        WHERE s.ticket_id = n.ticket_id;
        PERFORM ticket_search_bump(w.workspace_id) FROM (SELECT DISTINCT workspace_id FROM new_rows) w;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION ticket_search_tickets_deleted() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
        PERFORM ticket_search_bump(w.workspace_id) FROM (SELECT DISTINCT workspace_id FROM old_rows) w;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION ticket_search_row_changed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
        IF TG_TABLE_NAME = 'tickets' THEN PERFORM ticket_search_reindex(NEW.id);
        ELSIF TG_OP = 'DELETE' THEN PERFORM ticket_search_reindex(OLD.ticket_id);
        ELSE PERFORM ticket_search_reindex(NEW.ticket_id);
        END IF;
        PERFORM ticket_search_bump(coalesce(NEW.workspace_id, OLD.workspace_id));
        RETURN NULL;
      END $$`);
    await queryRunner.query(
      'CREATE TRIGGER ticket_search_ai AFTER INSERT ON tickets REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ticket_search_tickets_inserted()',
    );
    await queryRunner.query('CREATE TRIGGER ticket_search_au AFTER UPDATE OF subject ON tickets FOR EACH ROW EXECUTE FUNCTION ticket_search_row_changed()');
    // A deleted ticket's document goes by cascade; its search total must still be recounted.
    await queryRunner.query(
      'CREATE TRIGGER ticket_search_ad AFTER DELETE ON tickets REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ticket_search_tickets_deleted()',
    );
    await queryRunner.query(
      'CREATE TRIGGER ticket_search_ai AFTER INSERT ON conversations REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ticket_search_conversations_inserted()',
    );
    await queryRunner.query(
      'CREATE TRIGGER ticket_search_aud AFTER DELETE OR UPDATE OF body ON conversations FOR EACH ROW EXECUTE FUNCTION ticket_search_row_changed()',
    );
    // Replaced by the document index: nothing queries them, and every write paid for them.
    await queryRunner.query('DROP INDEX ix_tickets_subject_fts');
    await queryRunner.query('DROP INDEX ix_conversations_body_fts');
    await queryRunner.query('ANALYZE ticket_search');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type !== 'postgres') return;
    await queryRunner.query('DROP TRIGGER ticket_search_aud ON conversations');
    await queryRunner.query('DROP TRIGGER ticket_search_ai ON conversations');
    await queryRunner.query('DROP TRIGGER ticket_search_ad ON tickets');
    await queryRunner.query('DROP TRIGGER ticket_search_au ON tickets');
    await queryRunner.query('DROP TRIGGER ticket_search_ai ON tickets');
    for (const fn of [
      'ticket_search_row_changed()',
      'ticket_search_tickets_deleted()',
      'ticket_search_conversations_inserted()',
      'ticket_search_tickets_inserted()',
      'ticket_search_reindex(varchar)',
      'ticket_search_bump(varchar)',
    ]) {
      await queryRunner.query(`DROP FUNCTION ${fn}`);
    }
    await queryRunner.query('DROP TABLE ticket_search_generations');
    await queryRunner.query('DROP TABLE ticket_search');
    await queryRunner.query(`CREATE INDEX ix_tickets_subject_fts ON tickets USING GIN (to_tsvector('simple', subject))`);
    await queryRunner.query(`CREATE INDEX ix_conversations_body_fts ON conversations USING GIN (to_tsvector('simple', body))`);
  }
}
