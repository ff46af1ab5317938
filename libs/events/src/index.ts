export * from './events.module';
export * from './event-outbox';
export * from './event.entity';
export * from './event-types';
