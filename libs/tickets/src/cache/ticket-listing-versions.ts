import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { TransactionRunner } from '@relay/database';

// On PostgreSQL the version is a row per slot (migration PostgresCounterSlots): their sum, which
// every bump moves, as the single row's value did.
const VERSION = 'SELECT SUM(version) AS version FROM ticket_listing_versions WHERE workspace_id = ?';
const BUMP =
  'INSERT INTO ticket_listing_versions (workspace_id, version) VALUES (?, 1) ON CONFLICT (workspace_id) DO UPDATE SET version = ticket_listing_versions.version + 1';
const BUMP_SLOT =
  'INSERT INTO ticket_listing_versions (workspace_id, slot, version) VALUES (?, pg_backend_pid() % 16, 1) ' +
  'ON CONFLICT (workspace_id, slot) DO UPDATE SET version = ticket_listing_versions.version + 1';

/**
 * A workspace's listing version (migration TicketListingVersions): it moves in every
 * transaction that changes a ticket, a tag link, a tag name, a conversation or a customer
 * (migration TicketListingCustomers: the `customer_email` filter). Anything derived
 * from those rows and read under one version is still right while the version stands.
 */
@Injectable()
export class TicketListingVersions {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
  ) {}

  /** One primary-key lookup; 0 for a workspace nothing was ever written to. */
  async current(workspaceId: string): Promise<number> {
    const [row] = await this.tx.query<{ version: number | string }>(this.dataSource.manager, VERSION, [workspaceId]);
    return row?.version == null ? 0 : Number(row.version);
  }

  /** Moves the version by hand: for a bulk load whose transaction skips the triggers that would. */
  async bump(manager: EntityManager, workspaceId: string): Promise<void> {
    await this.tx.query(manager, this.tx.isPostgres ? BUMP_SLOT : BUMP, [workspaceId]);
  }
}
