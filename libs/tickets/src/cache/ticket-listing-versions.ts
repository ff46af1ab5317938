import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TransactionRunner } from '@relay/database';

const VERSION = 'SELECT version FROM ticket_listing_versions WHERE workspace_id = ?';

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
    return row ? Number(row.version) : 0;
  }
}
