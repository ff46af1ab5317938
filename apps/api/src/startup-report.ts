import { createServer } from 'node:net';
import { DataSource } from 'typeorm';
import { RelayConfig } from '@relay/common';
import { DatabaseStartupError, describeLocation } from '@relay/database';
import { version } from '../../../package.json';

/**
 * Fails with one line when the address is taken. Checked before the application is built, so a
 * server that cannot listen never migrates or bootstraps a database (nor prints a key).
 */
export function assertPortFree(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve()));
  });
}

/** The one line for an error that stopped start-up. */
export function startupFailure(error: unknown, config: RelayConfig): string {
  if (error instanceof DatabaseStartupError) return error.message;
  const errno = error as NodeJS.ErrnoException;
  if (errno.code === 'EADDRINUSE' || errno.code === 'EACCES' || errno.code === 'EADDRNOTAVAIL')
    return listenFailure(errno, config.host, config.port);
  return `Start-up failed: ${(error as Error).message ?? String(error)}`;
}

function listenFailure(error: NodeJS.ErrnoException, host: string, port: number): string {
  const reasons: Record<string, string> = {
    EADDRINUSE: 'is already in use (another Relay or another program listens there); set PORT or stop the other process',
    EACCES: 'needs privileges this process lacks; choose a PORT above 1023',
    EADDRNOTAVAIL: 'is not an address of this machine; check HOST',
    ENOTFOUND: 'cannot be resolved; check HOST',
  };
  return `Cannot listen on ${host}:${port}: the address ${reasons[error.code ?? ''] ?? `failed (${error.message})`}`;
}

/** What an operator needs to know once the server is up, one fact per line. */
export function startupFacts(config: RelayConfig, dataSource: DataSource): string[] {
  return [
    `Relay ${version} listening on http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port} (API under /api/v1, docs at /docs)`,
    `database: ${describeLocation(dataSource.options)}`,
    config.throttle.redisUrl
      ? `Redis: ${withoutPassword(config.throttle.redisUrl)} (rate limits shared by every API process)`
      : 'Redis: not configured (rate limits counted in this process)',
    config.webhooks.delivery === 'embedded'
      ? 'webhook delivery: in this process (WEBHOOK_DELIVERY=embedded)'
      : 'webhook delivery: off here, left to `npm run start:worker` (WEBHOOK_DELIVERY=off)',
  ];
}

function withoutPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString().replace(/\/$/, '');
}
