import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';

// Any constant shared by every Relay process; it names the advisory lock.
const MIGRATION_LOCK_ID = 727_001;

/**
 * Applies pending migrations at start. On PostgreSQL an advisory lock makes concurrent starts
 * safe: one process migrates, the others wait and then find nothing to do.
 */
export async function runMigrations(dataSource: DataSource, logger = new Logger('Migrations')): Promise<void> {
  if (dataSource.options.type !== 'postgres') {
    await apply(dataSource, logger);
    return;
  }
  const schema = (dataSource.options as { schema?: string }).schema;
  const runner = dataSource.createQueryRunner();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    try {
      // Inside the lock: concurrent CREATE SCHEMA IF NOT EXISTS can still collide.
      if (schema) await runner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      await apply(dataSource, logger);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]);
    }
  } finally {
    await runner.release();
  }
}

async function apply(dataSource: DataSource, logger: Logger): Promise<void> {
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  // One line however many: a fresh database applies every migration at once.
  if (applied.length > 0) logger.log(`applied ${applied.length} migration(s), latest ${applied[applied.length - 1].name}`);
}
