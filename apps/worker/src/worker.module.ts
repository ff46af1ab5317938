import { Module } from '@nestjs/common';
import { RelayConfigModule } from '@relay/common';
import { DatabaseModule } from '@relay/database';
import { EventsModule } from '@relay/events';
import { ConversationsModule } from '@relay/conversations';
import { NotificationDeliveryModule } from '@relay/notifications';
import { WebhookDeliveryModule } from '@relay/webhooks';

/**
 * The delivery worker (webhooks and notification channels): the same libs as the API, no HTTP
 * listener. Conversations provides the ticket thread the ticket reads of notifications need.
 */
@Module({
  imports: [
    RelayConfigModule,
    DatabaseModule,
    EventsModule,
    WebhookDeliveryModule.register('worker'),
    ConversationsModule,
    NotificationDeliveryModule,
  ],
})
export class WorkerModule {}
