import { dropRunSchemas } from './test-database';

export default async function globalTeardown(): Promise<void> {
  await dropRunSchemas();
}
