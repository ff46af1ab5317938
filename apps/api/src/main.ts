import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { createFastifyAdapter, exitWith, loadConfigOrExit, startDraining } from '@relay/common';
import { AppModule } from './app.module';
import { APP_OPTIONS, configureApp } from './app.setup';
import { assertPortFree, startupFacts, startupFailure } from './startup-report';

// In-flight requests get this long to finish after SIGTERM before the process gives up.
const DRAIN_TIMEOUT_MS = 10_000;

/** Anything that stops start-up ends it with one line on stderr and exit 1, never a stack trace. */
async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit();
  let app: NestFastifyApplication;
  try {
    await assertPortFree(config.host, config.port);
    app = await NestFactory.create<NestFastifyApplication>(AppModule, createFastifyAdapter(config.http), {
      ...APP_OPTIONS,
      abortOnError: false,
      autoFlushLogs: false,
    });
    await configureApp(app);
    await app.listen(config.port, config.host);
  } catch (error) {
    return exitWith(startupFailure(error, config));
  }
  const logger = new Logger('Relay');
  for (const fact of startupFacts(config, app.get(DataSource))) logger.log(fact);
  drainOnSignals(app);
}

/**
 * SIGTERM/SIGINT: stop accepting connections, let in-flight requests finish (bounded), run the
 * modules' shutdown hooks (timers, pools), then exit 0 so orchestrators see a clean stop.
 */
function drainOnSignals(app: NestFastifyApplication): void {
  const logger = new Logger('Shutdown');
  const drain = async (signal: NodeJS.Signals) => {
    logger.log(`${signal} received: draining`);
    setTimeout(() => {
      logger.error(`still draining after ${DRAIN_TIMEOUT_MS} ms: exiting`);
      process.exit(1);
    }, DRAIN_TIMEOUT_MS).unref();
    startDraining();
    // Close the HTTP server first (Nest's close() would run the modules' destroy hooks, closing
    // the database pool, while requests are still in flight), then the modules.
    await app.getHttpAdapter().getInstance().close();
    await app.close();
    process.exit(0);
  };
  process.once('SIGTERM', (signal) => void drain(signal));
  process.once('SIGINT', (signal) => void drain(signal));
}

void bootstrap();
