import { Global, Module } from '@nestjs/common';
import { readEnvironment } from './env-file';
import { ConfigurationError, validateEnvironment } from './environment';
import { RelayConfig } from './relay-config';

/** Reads and validates the environment (and .env) once; everything else injects RelayConfig. */
@Global()
@Module({
  providers: [{ provide: RelayConfig, useFactory: () => loadConfig() }],
  exports: [RelayConfig],
})
export class RelayConfigModule {}

export function loadConfig(env: Record<string, unknown> = readEnvironment()): RelayConfig {
  return new RelayConfig(validateEnvironment(env));
}

/** For a process entry point: a bad configuration prints its one line and exits 1. */
export function loadConfigOrExit(): RelayConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    return exitWith(error.message);
  }
}

/** The end of a process that cannot start: one line on stderr, exit 1. */
export function exitWith(line: string): never {
  process.stderr.write(`${line}\n`);
  process.exit(1);
}
