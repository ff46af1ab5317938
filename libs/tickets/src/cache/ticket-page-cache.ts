import { Injectable } from '@nestjs/common';
import { horizonFields, RelayConfig } from '@relay/common';
import { TransactionRunner } from '@relay/database';
import type { ListTicketsQuery } from '../dto/list-tickets.query';
import { afterFields } from '../listing/ticket-filters';
import { TicketListingVersions } from './ticket-listing-versions';

interface CachedPage {
  version: number;
  json: Buffer;
}

/**
 * Rendered `GET /tickets` pages, kept while their workspace's listing version stands.
 *
 * Integrators poll the same pages all day, and rendering one costs several times what the
 * request around it does (the rows, their tags, the count, fifty tickets to JSON). The version
 * (`ticket_listing_versions`, moved by triggers in every transaction that changes what a
 * listing shows) is read before rendering and the page is kept under it: a write committed
 * after that read moves the version, so the page cannot outlive it, in this process or any
 * other. The version read is one primary-key lookup per request.
 *
 * A read a sync follows (ascending, or `*_after`) is not kept on PostgreSQL: it shows only
 * what lies below the sync horizon, which moves with time and with other writers' commits
 * (other workspaces', other tables'), none of which need move this workspace's version.
 *
 * Pages are kept as UTF-8 bytes: a hit is written to the socket as it is (no encoding, no
 * length scan per request), and the bytes live outside the JavaScript heap, which the garbage
 * collector then neither marks nor moves.
 */
@Injectable()
export class TicketPageCache {
  /** Map order is recency: a hit moves its page to the end; eviction takes from the front. */
  private readonly pages = new Map<string, CachedPage>();
  private bytes = 0;
  /** Rendered bytes kept in all (TICKET_PAGE_CACHE_MB): the most recently used pages stay. */
  private readonly capacity: number;

  constructor(
    private readonly versions: TicketListingVersions,
    private readonly tx: TransactionRunner,
    config: RelayConfig,
  ) {
    this.capacity = config.ticketPageCacheBytes;
  }

  /** The page of the workspace's tickets `query` asks for, rendered by `render` unless a current one is kept. */
  async page(workspaceId: string, query: ListTicketsQuery, render: () => Promise<string>): Promise<string | Buffer> {
    if (!this.capacity || this.followsHorizon(query)) return render();
    const id = `${workspaceId}\u0000${JSON.stringify(query)}`;
    // A page read from inside a unit of work may show what is yet rolled back (and the version it
    // moved then reused): served, but not kept.
    const { value, settled } = await this.tx.settledRead(() => this.current(id, workspaceId, render));
    if (value.rendered && settled) this.keep(id, value.page);
    return value.page.json;
  }

  private async current(id: string, workspaceId: string, render: () => Promise<string>): Promise<{ page: CachedPage; rendered: boolean }> {
    const version = await this.versions.current(workspaceId);
    const kept = this.pages.get(id);
    if (kept) {
      this.forget(id, kept);
      if (kept.version === version) {
        this.keep(id, kept);
        return { page: kept, rendered: false };
      }
    }
    return { page: { version, json: Buffer.from(await render()) }, rendered: true };
  }

  private followsHorizon(query: ListTicketsQuery): boolean {
    return (
      this.tx.isPostgres &&
      horizonFields(query, afterFields({ createdAfter: query.created_after, updatedAfter: query.updated_after })).length > 0
    );
  }

  private keep(id: string, page: CachedPage): void {
    const size = page.json.length;
    if (size > this.capacity / 16) return;
    this.pages.set(id, page);
    this.bytes += size;
    for (const [oldest, evicted] of this.pages) {
      if (this.bytes <= this.capacity) break;
      this.forget(oldest, evicted);
    }
  }

  private forget(id: string, page: CachedPage): void {
    this.pages.delete(id);
    this.bytes -= page.json.length;
  }
}
