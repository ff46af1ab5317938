import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventsModule } from '@relay/events';
import { IdempotencyModule } from '@relay/idempotency';
import { ChannelDeliveriesController } from './channel-deliveries.controller';
import { ChannelDeliveriesService } from './channel-deliveries.service';
import { NotificationDeliveryModule } from './delivery/notification-delivery.module';
import { NotificationChannel } from './notification-channel.entity';
import { NotificationChannelsController } from './notification-channels.controller';
import { NotificationChannelsService } from './notification-channels.service';

/** Contract §12: Slack notification channels, delivered by the webhook engine (WebhooksModule hosts it). */
@Module({
  imports: [IdempotencyModule, EventsModule, TypeOrmModule.forFeature([NotificationChannel]), NotificationDeliveryModule],
  controllers: [NotificationChannelsController, ChannelDeliveriesController],
  providers: [NotificationChannelsService, ChannelDeliveriesService],
  exports: [NotificationChannelsService],
})
export class NotificationChannelsModule {}
