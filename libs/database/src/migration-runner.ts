import { Logger } from '@nestjs/common';
import { DataSource, MigrationExecutor } from 'typeorm';

// Any constant shared by every Relay process; it names the advisory lock.
const MIGRATION_LOCK_ID = 727_001;

/**
 * Applies pending migrations (at start, and `relay migration:run`) and returns their names. On
 * PostgreSQL an advisory lock makes concurrent starts safe: one process migrates, the others
 * wait and then find nothing to do.
 */
export async function runMigrations(dataSource: DataSource, logger: Pick<Logger, 'log'> = new Logger('Migrations')): Promise<string[]> {
  const applied = await underLock(dataSource, async () => (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name));
  // One line however many: a fresh database applies every migration at once.
  if (applied.length > 0) logger.log(`applied ${applied.length} migration(s), latest ${applied[applied.length - 1]}`);
  return applied;
}

/** `relay migration:revert`: undoes the latest applied migration and returns its name (undefined when none is applied). */
export async function revertLastMigration(dataSource: DataSource): Promise<string | undefined> {
  return underLock(dataSource, async () => {
    const [latest] = await new MigrationExecutor(dataSource).getExecutedMigrations();
    if (!latest) return undefined;
    await dataSource.undoLastMigration({ transaction: 'each' });
    return latest.name;
  });
}

async function underLock<T>(dataSource: DataSource, work: () => Promise<T>): Promise<T> {
  if (dataSource.options.type !== 'postgres') return work();
  const schema = (dataSource.options as { schema?: string }).schema;
  const runner = dataSource.createQueryRunner();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    try {
      // Inside the lock: concurrent CREATE SCHEMA IF NOT EXISTS can still collide.
      if (schema) await runner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      return await work();
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]);
    }
  } finally {
    await runner.release();
  }
}
