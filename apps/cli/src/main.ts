import 'reflect-metadata';
import { CommandFactory } from 'nest-commander';
import { ConfigurationError } from '@relay/common';
import { CliModule } from './cli.module';

async function main(): Promise<void> {
  try {
    await CommandFactory.run(CliModule, {
      logger: ['error'],
      errorHandler: (error) => fail(error),
      serviceErrorHandler: (error) => fail(error),
    });
  } catch (error) {
    fail(error as Error);
  }
}

function fail(error: Error): never {
  const message = error instanceof ConfigurationError ? error.message : `error: ${error.message}`;
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

void main();
