import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventsModule } from '@relay/events';
import { TicketsModule, TicketThread } from '@relay/tickets';
import { ConversationBulkWriter } from './conversation-bulk-writer';
import { ConversationWriter } from './conversation-writer';
import { Conversation } from './conversation.entity';
import { ConversationsController, TicketConversationsController } from './conversations.controller';
import { ConversationsService } from './conversations.service';
import { IdempotencyModule } from '@relay/idempotency';

/**
 * Ticket threads. Global only to hand TicketsModule its `TicketThread` (the writer) without
 * TicketsModule importing this module, which imports TicketsModule: the dependency stays
 * one-way (conversations → tickets) in code and in Nest's module graph.
 */
@Global()
@Module({
  imports: [IdempotencyModule, TypeOrmModule.forFeature([Conversation]), EventsModule, TicketsModule],
  controllers: [ConversationsController, TicketConversationsController],
  providers: [ConversationWriter, ConversationsService, ConversationBulkWriter, { provide: TicketThread, useExisting: ConversationWriter }],
  exports: [TicketThread, ConversationBulkWriter],
})
export class ConversationsModule {}
