import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './libs/database/src/database-url';

// For the TypeORM CLI (migration:generate / migration:run). Entities are globbed here because
// the CLI has no Nest modules to register them.
export default new DataSource({
  ...dataSourceOptions(process.env.DATABASE_URL ?? 'sqlite:./data/relay.sqlite'),
  entities: [`${__dirname}/libs/*/src/**/*.entity.ts`],
});
