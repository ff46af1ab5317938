export * from './webhooks.module';
export * from './delivery/webhook-delivery.module';
export * from './webhook-endpoint.entity';
export * from './webhook-delivery.entity';
