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
  ])('%s refuses %s=%s', async (entry, name, value) => {
    let failure: { code: number; stderr: string; stdout: string } | undefined;
    try {
      await run(process.execPath, [join(ROOT, entry)], { env: { ...process.env, [name]: value }, timeout: 20_000 });
    } catch (error) {
      failure = error as typeof failure;
    }
    expect(failure?.code).toBe(1);
    const lines = failure!.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^Invalid configuration: ${name} .*\\(got "${value}"\\)$`));
    expect(failure!.stdout).toBe('');
  });
});
