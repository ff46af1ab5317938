export * from './automation.module';
