export * from './idempotency.module';
export * from './idempotency.interceptor';
export * from './idempotent.decorator';
export * from './idempotency.service';
export * from './idempotency.openapi';
export * from './never-stored.decorator';
