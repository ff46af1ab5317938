export * from './notification-channels.module';
export { NotificationChannelsService } from './notification-channels.service';
export * from './delivery/notification-delivery.module';
export * from './notification-channel.entity';
