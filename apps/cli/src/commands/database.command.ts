import { Command } from 'commander';
import { text } from '../options';

export interface BackupOptions {
  to: string;
}

/** Commands on the database itself: they open a plain connection, never the application. */
export function databaseCommands(): Command[] {
  const action = async () => import('./database.action');
  return [
    new Command('migration:run')
      .description('Apply the pending migrations (the server also applies them at start)')
      .action(async () => (await action()).migrate()),
    new Command('migration:revert')
      .description('Undo the latest applied migration (run it again to go further back)')
      .action(async () => (await action()).revert()),
    new Command('db:backup')
      .description('Copy the SQLite database to a file while the server keeps running (online backup); PostgreSQL: use pg_dump')
      .requiredOption('--to <file>', 'the backup file to write (must not exist)', text)
      .action(async (options: BackupOptions) => (await action()).backup(options)),
  ];
}
