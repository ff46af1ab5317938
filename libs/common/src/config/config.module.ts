import { Global, Module } from '@nestjs/common';
import { validateEnvironment } from './environment';
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
