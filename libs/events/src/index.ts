export * from './events.module';
export * from './event-outbox';
export * from './outbox-reader';
export * from './event.entity';
export * from './event-types';
export * from './actor';
export * from './event.mapper';
export * from './dto/event.response';
