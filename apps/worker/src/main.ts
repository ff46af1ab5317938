import 'reflect-metadata';
import { ConsoleLogger, INestApplicationContext, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { exitWith, FRAMEWORK_LOG_CONTEXTS, loadConfigOrExit } from '@relay/common';
import { DatabaseStartupError } from '@relay/database';
import { WorkerModule } from './worker.module';

// Nest's console logger levels for each LOG_LEVEL (the API logs through pino; the worker is quieter).
const LEVELS: Record<string, LogLevel[] | false> = {
  silent: false,
  fatal: ['fatal'],
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  info: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
  trace: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
};

/** Nest's console logger without its module lines at `log` (they are `debug` here too). */
class WorkerLogger extends ConsoleLogger {
  override log(message: unknown, ...rest: unknown[]): void {
    const context = rest[rest.length - 1] ?? this.context;
    if (typeof context === 'string' && FRAMEWORK_LOG_CONTEXTS.has(context)) return this.debug(message, ...rest);
    super.log(message, ...rest);
  }
}

/**
 * `npm run start:worker`: delivers webhooks from the shared database. Run any number of them
 * on PostgreSQL (they claim deliveries with SKIP LOCKED); on SQLite run at most one delivering
 * process, i.e. set WEBHOOK_DELIVERY=off on the API if a worker runs.
 */
async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit();
  let app: INestApplicationContext;
  try {
    // Logs wait until the worker is up, so a failed start prints its one line, not Nest's stack traces.
    app = await NestFactory.createApplicationContext(WorkerModule, {
      logger: workerLogger(config.logLevel),
      bufferLogs: true,
      autoFlushLogs: false,
      abortOnError: false,
    });
    await app.init();
    app.flushLogs();
  } catch (error) {
    return exitWith(error instanceof DatabaseStartupError ? error.message : `Start-up failed: ${(error as Error).message}`);
  }
  process.stdout.write('Relay webhook worker started\n');
  // SIGTERM/SIGINT: finish the delivery pass in progress (sends time out after 10 s), then exit 0.
  const stop = async () => {
    await app.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

function workerLogger(level: string): WorkerLogger | false {
  const levels = LEVELS[level] ?? LEVELS.info;
  return levels && new WorkerLogger({ logLevels: levels });
}

void bootstrap();
