export * from './api-keys.module';
export * from './api-keys.service';
export * from './api-key.entity';
export * from './api-key-secret';
