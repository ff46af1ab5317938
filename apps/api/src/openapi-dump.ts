import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createFastifyAdapter } from '@relay/common';
import { AppModule } from './app.module';
import { APP_OPTIONS, configureApp } from './app.setup';

/**
 * Writes the OpenAPI document (or, with --postman, the Postman collection) of the built app to
 * the file named on the command line, without listening: CI lints it, generators read it.
 * The app boots on an in-memory SQLite database so no server or data is needed.
 */
async function dump(): Promise<void> {
  const [target, format] = process.argv.slice(2);
  if (!target) throw new Error('usage: node dist/apps/api/src/openapi-dump.js <file> [--postman]');
  process.env.DATABASE_URL = 'sqlite::memory:';
  process.env.LOG_LEVEL = 'silent';
  process.env.WEBHOOK_DELIVERY = 'off';
  // A throwaway database's admin key would only be printed, never used.
  process.env.RELAY_BOOTSTRAP_KEY = `rly_${randomBytes(24).toString('hex')}`;
  // Never listens: no client address to trust.
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, createFastifyAdapter({ trustProxy: false }), {
    ...APP_OPTIONS,
    logger: false,
  });
  await configureApp(app);
  const path = format === '--postman' ? '/postman.json' : '/openapi.json';
  const response = await app.getHttpAdapter().getInstance().inject({ method: 'GET', url: path });
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, response.body);
  await app.close();
}

dump().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
