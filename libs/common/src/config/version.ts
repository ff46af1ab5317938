import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

let version: string | undefined;

/** Relay's version from its package.json, found upward from this file (source or dist/). */
export function relayVersion(): string {
  if (version) return version;
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'relay') return (version = pkg.version ?? 'unknown');
    }
    if (dirname(dir) === dir) return (version = 'unknown');
  }
}
