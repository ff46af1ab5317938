import { Injectable } from '@nestjs/common';
import type { ListTicketsQuery } from '../dto/list-tickets.query';
import { SharedReports } from './shared-reports';
import { TicketPageCache } from './ticket-page-cache';

/**
 * The one cache over what the tickets module owns: rendered `GET /tickets` pages and the
 * analytics reports computed from tickets. Both are kept under the workspace's listing version
 * (TicketListingVersions), which triggers move in every transaction that changes a table they
 * read (test/e2e/tickets-listing-version.e2e-spec.ts checks every such table), and both are
 * keyed here by the validated query.
 */
@Injectable()
export class TicketsCache {
  constructor(
    private readonly pages: TicketPageCache,
    private readonly reports: SharedReports,
  ) {}

  /** The page `query` asks for, rendered by `render` unless a current one is kept (see TicketPageCache). */
  page(workspaceId: string, query: ListTicketsQuery, render: () => Promise<string>): Promise<string | Buffer> {
    return this.pages.page(workspaceId, query, render);
  }

  /**
   * The report `name` for `query`, shared by identical requests (see SharedReports); `reuseMs`:
   * how long after it started a finished report still answers.
   */
  report<T>(workspaceId: string, name: string, query: object, compute: () => Promise<T>, reuseMs = 0): Promise<T> {
    return this.reports.run(workspaceId, `${name} ${JSON.stringify(query)}`, compute, reuseMs);
  }
}
