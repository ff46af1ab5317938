import { DataSource, DataSourceOptions } from 'typeorm';

/** A database problem that stops start-up; its message is the one line an operator reads. */
export class DatabaseStartupError extends Error {}

// Unreachable is worth waiting for (the database may still be starting); these many tries,
// this far apart, before giving up.
const CONNECT_ATTEMPTS = 5;
const RETRY_DELAY_MS = 2000;

const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', '57P03']);
// PostgreSQL SQLSTATEs that no retry can fix.
const FATAL: Record<string, string> = {
  '28P01': 'authentication failed',
  '28000': 'authentication failed',
  '3D000': 'not found',
  '42501': 'permission denied',
};

/**
 * Opens the DataSource at start. An unreachable server is retried a bounded number of times with
 * one line per try on `report`; a refusal that cannot change (bad password, unknown role or
 * database) and any other failure stop at once with one DatabaseStartupError line.
 */
export async function connectDatabase(
  options: DataSourceOptions,
  report: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Promise<DataSource> {
  const where = describeLocation(options);
  for (let attempt = 1; ; attempt++) {
    try {
      return await new DataSource(options).initialize();
    } catch (error) {
      const { code, message } = error as { code?: string; message: string };
      const reason = code && !message.includes(code) ? `${code}: ${message}` : message;
      if (code && FATAL[code]) throw new DatabaseStartupError(`Database ${FATAL[code]} at ${where}: ${message}`);
      if (!isUnreachable(error)) throw new DatabaseStartupError(`Database error at ${where}: ${reason}`);
      if (attempt >= CONNECT_ATTEMPTS)
        throw new DatabaseStartupError(`Database unreachable at ${where} (${reason}): gave up after ${attempt} attempts`);
      report(
        `Database unreachable at ${where} (${reason}): attempt ${attempt} of ${CONNECT_ATTEMPTS}, retrying in ${RETRY_DELAY_MS / 1000} s`,
      );
      await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
    }
  }
}

function isUnreachable(error: unknown): boolean {
  const { code, message } = error as { code?: string; message?: string };
  return (code !== undefined && UNREACHABLE.has(code)) || /timeout|terminated unexpectedly|Connection terminated/i.test(message ?? '');
}

/** Where the database is, for logs: the SQLite file, or PostgreSQL's host, port, database and schema (never the password). */
export function describeLocation(options: DataSourceOptions): string {
  if (options.type === 'better-sqlite3') return options.database === ':memory:' ? 'SQLite in memory' : `SQLite ${String(options.database)}`;
  const { url, schema } = options as { url?: string; schema?: string };
  const parsed = new URL(url ?? 'postgres://localhost');
  const database = parsed.pathname.slice(1) || parsed.username;
  return `PostgreSQL ${parsed.username ? `${decodeURIComponent(parsed.username)}@` : ''}${parsed.hostname}:${parsed.port || 5432}/${database}${schema ? ` (schema ${schema})` : ''}`;
}
