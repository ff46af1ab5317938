import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventsModule } from '@relay/events';
import { systemResolver, TARGET_RESOLVER } from '../target-vetting';
import { WebhookDelivery } from '../webhook-delivery.entity';
import { WebhookEndpoint } from '../webhook-endpoint.entity';
import { DeliveryDispatcher } from './delivery-dispatcher';
import { DeliveryLedger } from './delivery-ledger';
import { DeliveryLog } from './delivery-log';
import { DeliveryScheduler } from './delivery-scheduler';
import { DeliverySender } from './delivery-sender';
import { DeliveryTargets } from './delivery-target';
import { FanOut } from './fan-out';
import { DELIVERY_ROLE, DeliveryRole } from './signals';
import { WebhookTarget } from './webhook-target';

/**
 * The delivery engine, hosted by the API (embedded mode) or by apps/worker, with webhook
 * endpoints as its first kind of target. Global, so other kinds of target (notification
 * channels) register with the same engine and share its sender and delivery log.
 */
@Module({})
export class WebhookDeliveryModule {
  static register(role: DeliveryRole): DynamicModule {
    return {
      module: WebhookDeliveryModule,
      global: true,
      imports: [EventsModule, TypeOrmModule.forFeature([WebhookEndpoint, WebhookDelivery])],
      providers: [
        { provide: DELIVERY_ROLE, useValue: role },
        { provide: TARGET_RESOLVER, useValue: systemResolver },
        DeliveryTargets,
        WebhookTarget,
        FanOut,
        DeliveryLedger,
        DeliverySender,
        DeliveryDispatcher,
        DeliveryScheduler,
        DeliveryLog,
      ],
      exports: [TARGET_RESOLVER, DeliveryTargets, DeliverySender, DeliveryLog],
    };
  }
}
