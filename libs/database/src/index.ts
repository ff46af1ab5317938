export * from './database.module';
export * from './database-url';
export * from './transaction-runner';
export * from './ticket-search-rewriter';
export * from './migration-runner';
export * from './naming.strategy';
export * from './migrations/table-helpers';
export * from './constraint-violation';
