import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CustomersModule } from '@relay/customers';
import { EventsModule } from '@relay/events';
import { TicketsModule } from '@relay/tickets';
import { UsersModule } from '@relay/users';
import { NotificationChannel } from '../notification-channel.entity';
import { ChannelTarget } from './channel-target';
import { MessageContextLoader } from './message-context-loader';

/**
 * Notification channels as a kind of target of the delivery engine (WebhookDeliveryModule,
 * which must be hosted by the same process: the API, or apps/worker).
 */
@Module({
  imports: [EventsModule, TicketsModule, CustomersModule, UsersModule, TypeOrmModule.forFeature([NotificationChannel])],
  providers: [MessageContextLoader, ChannelTarget],
})
export class NotificationDeliveryModule {}
