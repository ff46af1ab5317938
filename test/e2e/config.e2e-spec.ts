import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');

// Contract §8: bad configuration stops start-up with one line naming the variable.
describe('configuration at start-up', () => {
  it.each([
    ['dist/apps/api/src/main.js', 'PORT', 'abc'],
    ['dist/apps/api/src/main.js', 'DATABASE_URL', 'mysql://db/relay'],
    ['dist/apps/api/src/main.js', 'RATE_LIMIT_PER_MINUTE', '-5'],
    ['dist/apps/worker/src/main.js', 'WEBHOOK_RETRY_DELAYS', 'soon'],
    ['dist/apps/api/src/main.js', 'WEBHOOK_ALLOW_PRIVATE_TARGETS', 'maybe'],
    ['dist/apps/api/src/main.js', 'TRUST_PROXY', 'everyone'],
    ['dist/apps/api/src/main.js', 'TRUST_PROXY', '10.0.0.0/99'],
  ])('%s refuses %s=%s', async (entry, name, value) => {
    const failure = await start(entry, { [name]: value });
    expect(failure?.code).toBe(1);
    const lines = failure!.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^Invalid configuration: ${name} .*\\(got "${value}"\\)$`));
    expect(failure!.stdout).toBe('');
  });

  // A custom bootstrap key shows its first 12 characters as its prefix, like a generated one: it
  // needs the entropy of one for that to give little away.
  it.each([
    ['20 characters', 'rly_0123456789abcdefg'],
    ['a repeated pattern', `rly_${'s3cr3t'.repeat(8)}`],
    ['no rly_ prefix', 'aB3dE6gH9jK2mN5pQ8sT1vW4yZ7bC0eFxYz'],
  ])('refuses a RELAY_BOOTSTRAP_KEY of %s, without printing it', async (_name, key) => {
    const failure = await start('dist/apps/api/src/main.js', { RELAY_BOOTSTRAP_KEY: key, DATABASE_URL: 'sqlite::memory:' });
    expect(failure?.code).toBe(1);
    expect(failure!.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^Invalid configuration: RELAY_BOOTSTRAP_KEY must be rly_ followed by 32 .*\(got a \d+-character value\)$/)]);
    expect(failure!.stderr).not.toContain(key);
  });
});

/** Runs an entry point that should refuse to start; its failure, or undefined if it ran (and was stopped). */
async function start(entry: string, env: Record<string, string>): Promise<{ code: number; stderr: string; stdout: string } | undefined> {
  try {
    await run(process.execPath, [join(ROOT, entry)], { env: { ...process.env, ...env }, timeout: 20_000 });
  } catch (error) {
    return error as { code: number; stderr: string; stdout: string };
  }
  return undefined;
}
