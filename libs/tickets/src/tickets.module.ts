import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventsModule } from '@relay/events';
import { CustomersModule } from '@relay/customers';
import { TagsModule } from '@relay/tags';
import { TicketCounts } from './ticket-counts';
import { TicketListing } from './ticket-listing';
import { TicketListingVersions } from './ticket-listing-versions';
import { TicketPageCache } from './ticket-page-cache';
import { TicketSearch } from './ticket-search';
import { TicketTag } from './ticket-tag.entity';
import { TicketTagger } from './ticket-tagger';
import { TicketThread } from './ticket-thread';
import { Ticket } from './ticket.entity';
import { TicketsExportService } from './tickets-export.service';
import { TicketsController } from './tickets.controller';
import { TicketsService } from './tickets.service';
import { IdempotencyModule } from '@relay/idempotency';

/**
 * Tickets, their numbers, tags and search. The `TicketThread` it writes descriptions through
 * is implemented by ConversationsModule (see ticket-thread.ts).
 */
@Module({
  imports: [IdempotencyModule, TypeOrmModule.forFeature([Ticket, TicketTag]), EventsModule, CustomersModule, TagsModule],
  controllers: [TicketsController],
  providers: [TicketsService, TicketThread, TicketTagger, TicketCounts, TicketListing, TicketListingVersions, TicketPageCache, TicketSearch, TicketsExportService],
  exports: [TicketsService, TicketThread, TicketListingVersions, TypeOrmModule],
})
export class TicketsModule {}
