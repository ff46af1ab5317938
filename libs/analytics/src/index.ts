export * from './analytics.module';
export * from './analytics.service';
export * from './dto/analytics.response';
