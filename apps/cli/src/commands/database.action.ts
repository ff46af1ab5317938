import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { DataSource } from 'typeorm';
import { ConfigurationError, loadConfig } from '@relay/common';
import { connectDatabase, dataSourceOptions, DatabaseStartupError, revertLastMigration, runMigrations } from '@relay/database';
import { CliError } from '../cli-error';
import { printJson } from './output';
import type { BackupOptions } from './database.command';

export async function migrate(): Promise<void> {
  const applied = await withDataSource((dataSource) => runMigrations(dataSource, { log: () => undefined }));
  printJson({ applied });
}

export async function revert(): Promise<void> {
  const reverted = await withDataSource(revertLastMigration);
  printJson({ reverted: reverted ?? null });
}

/**
 * SQLite's online backup API: a consistent copy of the database (the WAL included) taken page by
 * page while other connections keep reading and writing.
 */
export async function backup(options: BackupOptions): Promise<void> {
  const source = sqliteFile();
  const target = resolve(options.to);
  if (existsSync(target)) throw new CliError(`error: ${target} already exists; choose a new file`);
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    const { totalPages } = await db.backup(target);
    printJson({ database: source, backup: target, pages: totalPages });
  } finally {
    db.close();
  }
}

function sqliteFile(): string {
  const options = dataSourceOptions(config().database.url);
  if (options.type !== 'better-sqlite3') throw new CliError('error: db:backup copies a SQLite database; back up PostgreSQL with pg_dump');
  if (options.database === ':memory:') throw new CliError('error: an in-memory database cannot be backed up');
  const file = String(options.database);
  if (!existsSync(file)) throw new CliError(`error: no database at ${file}`);
  return file;
}

async function withDataSource<T>(work: (dataSource: DataSource) => Promise<T>): Promise<T> {
  let dataSource: DataSource | undefined;
  try {
    dataSource = await connectDatabase(dataSourceOptions(config().database.url));
    return await work(dataSource);
  } catch (error) {
    throw error instanceof DatabaseStartupError ? new CliError(error.message) : error;
  } finally {
    await dataSource?.destroy();
  }
}

function config() {
  try {
    return loadConfig();
  } catch (error) {
    throw error instanceof ConfigurationError ? new CliError(error.message) : error;
  }
}
