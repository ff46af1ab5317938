import { Global, Module } from '@nestjs/common';
import { ConfigurationError, validateEnvironment } from './environment';
import { RelayConfig } from './relay-config';

/** Reads and validates process.env once; everything else injects RelayConfig. */
@Global()
@Module({
  providers: [{ provide: RelayConfig, useFactory: () => loadConfig() }],
  exports: [RelayConfig],
})
export class RelayConfigModule {}

export function loadConfig(env: Record<string, unknown> = process.env): RelayConfig {
  return new RelayConfig(validateEnvironment(env));
}

/** For a process entry point: a bad configuration prints its one line and exits 1. */
export function loadConfigOrExit(): RelayConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
