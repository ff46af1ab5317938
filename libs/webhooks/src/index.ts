export * from './webhooks.module';
export * from './delivery/webhook-delivery.module';
export * from './webhook-endpoint.entity';
export * from './webhook-delivery.entity';
export { TARGET_RESOLVER } from './target-vetting';
export type { Resolver } from './target-vetting';
