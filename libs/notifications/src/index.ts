export * from './notification-channels.module';
export * from './delivery/notification-delivery.module';
export * from './notification-channel.entity';
