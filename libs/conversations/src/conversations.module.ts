import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventsModule } from '@relay/events';
import { TicketsModule } from '@relay/tickets';
import { ConversationBulkWriter } from './conversation-bulk-writer';
import { ConversationWriter } from './conversation-writer';
import { Conversation } from './conversation.entity';
import { ConversationsController, TicketConversationsController } from './conversations.controller';
import { ConversationsService } from './conversations.service';
import { IdempotencyModule } from '@relay/idempotency';

/**
 * Ticket threads. Depends on tickets, never the reverse: what tickets needs from a thread (a
 * new ticket's description as its first entry) goes through the TicketThread port it declares,
 * which ConversationWriter implements when this module starts.
 */
@Module({
  imports: [IdempotencyModule, TypeOrmModule.forFeature([Conversation]), EventsModule, TicketsModule],
  controllers: [ConversationsController, TicketConversationsController],
  providers: [ConversationWriter, ConversationsService, ConversationBulkWriter],
  exports: [ConversationBulkWriter, ConversationsService, ConversationWriter],
})
export class ConversationsModule {}
