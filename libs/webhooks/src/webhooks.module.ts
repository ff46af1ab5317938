import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventsModule } from '@relay/events';
import { WebhookDeliveryModule } from './delivery/webhook-delivery.module';
import { WebhookDeliveriesController } from './webhook-deliveries.controller';
import { WebhookDeliveriesService } from './webhook-deliveries.service';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';
import { IdempotencyModule } from '@relay/idempotency';

/** The webhooks API, with delivery embedded in the API process unless WEBHOOK_DELIVERY=off. */
@Module({
  imports: [
    IdempotencyModule,
    EventsModule,
    TypeOrmModule.forFeature([WebhookEndpoint, WebhookDelivery]),
    WebhookDeliveryModule.register('api'),
  ],
  controllers: [WebhooksController, WebhookDeliveriesController],
  providers: [WebhooksService, WebhookDeliveriesService],
  exports: [WebhooksService],
})
export class WebhooksModule {}
