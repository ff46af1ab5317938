import { MigrationInterface, QueryRunner } from 'typeorm';

/** Slots per counter: a writer moves its connection's, `pg_backend_pid() % 16` (TicketCounts does the same). */
const SLOT = 'pg_backend_pid() % 16';

/**
 * PostgreSQL only: a workspace's ticket counts (`ticket_status_counts`) and listing version
 * (`ticket_listing_versions`) are each spread over slots, one row per slot, read as their sum.
 *
 * Every ticket create moves both in its transaction, and a row written in a transaction stays
 * locked until its commit has been flushed to disk: with one row per workspace, the workspace's
 * creates committed one at a time, one WAL flush each (~150 creates/s at 3.6 ms an fdatasync,
 * however many connections or processes). With a row per connection's slot, concurrent creates
 * take different rows and their commits share flushes. The sums read the same as the one row
 * did (each slot only ever moves by what one transaction adds; a slot may go negative).
 * SQLite keeps its single rows: its writers are serialised anyway.
 */
export class PostgresCounterSlots1764340000000 implements MigrationInterface {
  name = 'PostgresCounterSlots1764340000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type !== 'postgres') return;
    // Deferred constraint triggers pending in this transaction forbid ALTER TABLE on their tables.
    await queryRunner.query('SET CONSTRAINTS ALL IMMEDIATE');
    await rekey(queryRunner, 'ticket_status_counts', 'workspace_id, status, priority, slot');
    await rekey(queryRunner, 'ticket_listing_versions', 'workspace_id, slot');
    await queryRunner.query(bumpFunction(true));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type !== 'postgres') return;
    await queryRunner.query('SET CONSTRAINTS ALL IMMEDIATE');
    await queryRunner.query(bumpFunction(false));
    await fold(queryRunner, 'ticket_status_counts', 'workspace_id, status, priority', 'ticket_count');
    await fold(queryRunner, 'ticket_listing_versions', 'workspace_id', 'version');
  }
}

/** Adds `slot` (0 for the existing rows) and makes it part of the table's primary key. */
async function rekey(queryRunner: QueryRunner, table: string, key: string): Promise<void> {
  await queryRunner.query(`ALTER TABLE ${table} ADD COLUMN slot smallint NOT NULL DEFAULT 0`);
  await queryRunner.query(`ALTER TABLE ${table} DROP CONSTRAINT ${await primaryKeyName(queryRunner, table)}`);
  await queryRunner.query(`ALTER TABLE ${table} ADD PRIMARY KEY (${key})`);
}

/** Adds each key's slots up into slot 0 and drops the column (the primary key goes back to the key). */
async function fold(queryRunner: QueryRunner, table: string, key: string, value: string): Promise<void> {
  await queryRunner.query(`CREATE TEMPORARY TABLE folded AS SELECT ${key}, SUM(${value}) AS total FROM ${table} GROUP BY ${key}`);
  await queryRunner.query(`DELETE FROM ${table}`);
  await queryRunner.query(`INSERT INTO ${table} (${key}, slot, ${value}) SELECT ${key}, 0, total FROM folded`);
  await queryRunner.query('DROP TABLE folded');
  await queryRunner.query(`ALTER TABLE ${table} DROP CONSTRAINT ${await primaryKeyName(queryRunner, table)}`);
  await queryRunner.query(`ALTER TABLE ${table} ADD PRIMARY KEY (${key})`);
  await queryRunner.query(`ALTER TABLE ${table} DROP COLUMN slot`);
}

async function primaryKeyName(queryRunner: QueryRunner, table: string): Promise<string> {
  const [row] = (await queryRunner.query(`SELECT conname FROM pg_constraint WHERE conrelid = '${table}'::regclass AND contype = 'p'`)) as {
    conname: string;
  }[];
  return `"${row.conname}"`;
}

/** The listing version's trigger function (migration TicketListingVersions), moving the connection's slot when `slotted`. */
function bumpFunction(slotted: boolean): string {
  const upsert = slotted
    ? `(workspace_id, slot, version) VALUES (ws, ${SLOT}, 1) ON CONFLICT (workspace_id, slot)`
    : '(workspace_id, version) VALUES (ws, 1) ON CONFLICT (workspace_id)';
  return `CREATE OR REPLACE FUNCTION bump_ticket_listing_version() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      ws varchar := CASE WHEN TG_OP = 'DELETE' THEN OLD.workspace_id ELSE NEW.workspace_id END;
      bumped text := coalesce(current_setting('relay.listing_versions_bumped', true), '');
    BEGIN
      IF position(ws || ';' IN bumped) = 0 THEN
        INSERT INTO ticket_listing_versions ${upsert} DO UPDATE SET version = ticket_listing_versions.version + 1;
        PERFORM set_config('relay.listing_versions_bumped', bumped || ws || ';', true);
      END IF;
      RETURN NULL;
    END $$`;
}
