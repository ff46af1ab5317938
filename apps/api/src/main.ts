import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ConfigurationError, createFastifyAdapter, loadConfig } from '@relay/common';
import { AppModule } from './app.module';
import { APP_OPTIONS, configureApp } from './app.setup';

async function bootstrap(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigurationError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, createFastifyAdapter(), APP_OPTIONS);
  await configureApp(app);
  await app.listen(config.port, '0.0.0.0');
}

void bootstrap();
