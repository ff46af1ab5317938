import { Module } from '@nestjs/common';
import { RelayConfigModule } from '@relay/common';
import { DatabaseModule } from '@relay/database';
import { EventsModule } from '@relay/events';
import { WebhookDeliveryModule } from '@relay/webhooks';

/** The webhook delivery worker: the same libs as the API, no HTTP listener. */
@Module({
  imports: [RelayConfigModule, DatabaseModule, EventsModule, WebhookDeliveryModule.register('worker')],
})
export class WorkerModule {}
