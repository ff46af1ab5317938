import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventsModule } from '@relay/events';
import { systemResolver, TARGET_RESOLVER } from '../target-vetting';
import { WebhookDelivery } from '../webhook-delivery.entity';
import { WebhookEndpoint } from '../webhook-endpoint.entity';
import { DeliveryDispatcher } from './delivery-dispatcher';
import { DeliveryLedger } from './delivery-ledger';
import { DeliveryScheduler } from './delivery-scheduler';
import { DeliverySender } from './delivery-sender';
import { FanOut } from './fan-out';
import { DELIVERY_ROLE, DeliveryRole } from './signals';

/** The delivery engine, hosted by the API (embedded mode) or by apps/worker. */
@Module({})
export class WebhookDeliveryModule {
  static register(role: DeliveryRole): DynamicModule {
    return {
      module: WebhookDeliveryModule,
      imports: [EventsModule, TypeOrmModule.forFeature([WebhookEndpoint, WebhookDelivery])],
      providers: [
        { provide: DELIVERY_ROLE, useValue: role },
        { provide: TARGET_RESOLVER, useValue: systemResolver },
        FanOut,
        DeliveryLedger,
        DeliverySender,
        DeliveryDispatcher,
        DeliveryScheduler,
      ],
      exports: [TARGET_RESOLVER],
    };
  }
}
