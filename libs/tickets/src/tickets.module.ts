import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventsModule } from '@relay/events';
import { CustomersModule, CustomerTicketsPort } from '@relay/customers';
import { TaggedTicketsPort, TagsModule } from '@relay/tags';
import { UsersModule } from '@relay/users';
import { TeamsModule, TeamTicketsPort } from '@relay/teams';
import { TicketCounts } from './counts/ticket-counts';
import { TicketListing } from './listing/ticket-listing';
import { TicketListingVersions } from './cache/ticket-listing-versions';
import { SharedReports } from './cache/shared-reports';
import { TicketPageCache } from './cache/ticket-page-cache';
import { TicketsCache } from './cache/tickets-cache';
import { TicketSearch } from './search/ticket-search';
import { TicketSearchRewriter } from './search/ticket-search-rewriter';
import { TicketTag } from './tags/ticket-tag.entity';
import { TicketTagger } from './tags/ticket-tagger';
import { TicketThread } from './ticket-thread';
import { Ticket } from './ticket.entity';
import { TicketsExportService } from './export/tickets-export.service';
import { TicketsController } from './tickets.controller';
import { TicketBulkWriter } from './bulk/ticket-bulk-writer';
import { TicketReports } from './reports/ticket-reports';
import { TicketsRepository } from './tickets.repository';
import { TicketsService } from './tickets.service';
import { TicketRouting } from './assignment/ticket-routing';
import { TicketAutomation } from './automation/ticket-automation';
import { IdempotencyModule } from '@relay/idempotency';

/**
 * Tickets, their numbers, tags, search, counts, the cache of pages and reports, and the
 * aggregates analytics reads: the only module touching their tables (docs/architecture.md).
 * The `TicketThread` it writes descriptions through is a port ConversationsModule binds.
 */
@Module({
  imports: [
    IdempotencyModule,
    TypeOrmModule.forFeature([Ticket, TicketTag]),
    EventsModule,
    CustomersModule,
    TagsModule,
    UsersModule,
    TeamsModule,
  ],
  controllers: [TicketsController],
  providers: [
    TicketsService,
    TicketThread,
    TicketsRepository,
    TicketReports,
    TicketBulkWriter,
    TicketTagger,
    TicketCounts,
    TicketListing,
    TicketListingVersions,
    TicketPageCache,
    SharedReports,
    TicketsCache,
    TicketSearch,
    TicketSearchRewriter,
    TicketsExportService,
    TicketRouting,
    TicketAutomation,
  ],
  exports: [TicketsService, TicketAutomation, TicketListing, TicketThread, TicketsCache, TicketReports, TicketBulkWriter, TypeOrmModule],
})
export class TicketsModule {
  /** The tickets module owns the tables behind the ports tags, customers and teams declare. */
  constructor(
    repository: TicketsRepository,
    routing: TicketRouting,
    taggedTickets: TaggedTicketsPort,
    customerTickets: CustomerTicketsPort,
    teamTickets: TeamTicketsPort,
  ) {
    taggedTickets.bind(repository);
    customerTickets.bind(repository);
    teamTickets.bind(routing);
  }
}
