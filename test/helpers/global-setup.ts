import { randomBytes } from 'node:crypto';

export default async function globalSetup(): Promise<void> {
  // One id per jest run: its PostgreSQL schemas share the prefix and are dropped at the end.
  process.env.RELAY_TEST_RUN = process.env.RELAY_TEST_RUN ?? randomBytes(4).toString('hex');
}
