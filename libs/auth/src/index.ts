export * from './permissions';
export * from './principal';
export * from './decorators';
export * from './api-key.guard';
export * from './permissions.guard';
export * from './auth.module';
export * from './throttling/relay-throttler.guard';
export * from './throttling/fixed-window.storage';
