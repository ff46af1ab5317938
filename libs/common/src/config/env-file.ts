import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { ConfigurationError } from './environment';

/**
 * The process environment over a dotenv file: `--env-file <path>` (or `--env-file=<path>`) on
 * the command line, else `./.env` when it exists. A variable set in the environment wins over
 * the file, so a deployment can override one value without editing it.
 */
export function readEnvironment(
  argv: readonly string[] = process.argv,
  env: NodeJS.ProcessEnv = process.env,
): Record<string, string | undefined> {
  const requested = envFileArgument(argv);
  const path = resolve(requested ?? '.env');
  if (!requested && !existsSync(path)) return { ...env };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigurationError(
      `Invalid configuration: --env-file ${requested} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  return { ...parseEnv(text), ...env };
}

export function envFileArgument(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--env-file') return argv[i + 1];
    if (argv[i].startsWith('--env-file=')) return argv[i].slice('--env-file='.length);
  }
  return undefined;
}
