export * from './automation.module';
export { RunLogRetention } from './runs/run-log-retention';
