import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../helpers/processes';
import { isPostgresRun } from '../helpers/test-database';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');
const API = join(ROOT, 'dist/apps/api/src/main.js');

interface Failure {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs an entry point that must fail to start; returns its exit code and output. */
async function failedStart(entry: string, env: Record<string, string>, options: { args?: string[]; cwd?: string } = {}): Promise<Failure> {
  try {
    await run(process.execPath, [entry, ...(options.args ?? [])], {
      env: { ...process.env, ...env },
      cwd: options.cwd ?? ROOT,
      timeout: 40_000,
    });
  } catch (error) {
    return error as Failure;
  }
  throw new Error('expected the process to exit with an error');
}

/** Exactly one line on stderr, nothing on stdout, exit 1. */
function oneLine(failure: Failure): string {
  expect(failure.code).toBe(1);
  expect(failure.stdout).toBe('');
  const lines = failure.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  return lines[0];
}

// Contract §8: bad configuration stops start-up with one line naming the variable and the reason.
describe('configuration at start-up', () => {
  it.each([
    ['dist/apps/api/src/main.js', 'PORT', 'abc', 'must be a whole number'],
    ['dist/apps/api/src/main.js', 'PORT', '70000', 'must not be greater than 65535'],
    ['dist/apps/api/src/main.js', 'DATABASE_URL', 'mysql://db/relay', 'must be sqlite:<path>'],
    ['dist/apps/api/src/main.js', 'RATE_LIMIT_PER_MINUTE', 'abc', 'must be a whole number'],
    ['dist/apps/api/src/main.js', 'RATE_LIMIT_PER_MINUTE', '-5', 'must not be less than 1'],
    ['dist/apps/worker/src/main.js', 'WEBHOOK_RETRY_DELAYS', 'soon', 'must be a comma-separated list of seconds'],
    ['dist/apps/api/src/main.js', 'WEBHOOK_ALLOW_PRIVATE_TARGETS', 'maybe', 'must be true or false'],
    ['dist/apps/api/src/main.js', 'HOST', 'not a host!', 'must be an IP address or a hostname'],
    ['dist/apps/api/src/main.js', 'LOG_LEVEL', 'loud', 'must be one of fatal, error'],
    ['dist/apps/api/src/main.js', 'TRUST_PROXY', 'everyone', 'must be false, true, a number of proxy hops'],
    ['dist/apps/api/src/main.js', 'TRUST_PROXY', '10.0.0.0/99', 'must be false, true, a number of proxy hops'],
  ])('%s refuses %s=%s: %s', async (entry, name, value, reason) => {
    const line = oneLine(await failedStart(join(ROOT, entry), { [name]: value }));
    expect(line).toMatch(new RegExp(`^Invalid configuration: ${name} .*\\(got "${value}"\\)$`));
    expect(line).toContain(`${name} ${reason}`);
  });

  describe('dotenv files', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'relay-env-'));
      writeFileSync(join(dir, '.env'), '# a comment\nRATE_LIMIT_PER_MINUTE=abc\n');
      writeFileSync(join(dir, 'prod.env'), 'PORT="seventy"\n');
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('reads ./.env from the working directory', async () => {
      const line = oneLine(await failedStart(API, {}, { cwd: dir }));
      expect(line).toBe('Invalid configuration: RATE_LIMIT_PER_MINUTE must be a whole number (got "abc")');
    });

    it('lets the environment win over the file', async () => {
      const line = oneLine(await failedStart(API, { RATE_LIMIT_PER_MINUTE: '50', PORT: 'x' }, { cwd: dir }));
      expect(line).toBe('Invalid configuration: PORT must be a whole number (got "x")');
    });

    it('reads the file --env-file names, and says when it cannot', async () => {
      const named = oneLine(await failedStart(API, {}, { args: ['--env-file', join(dir, 'prod.env')] }));
      expect(named).toBe('Invalid configuration: PORT must be a whole number (got "seventy")');
      // Node 20 reads `--env-file` itself even after the script's name (exit 9, its own line);
      // Node 22 leaves it to Relay (exit 1). One line naming the file either way.
      const missing = await failedStart(API, {}, { args: ['--env-file', 'nowhere.env'] });
      expect(missing.code).not.toBe(0);
      expect(missing.stdout).toBe('');
      expect(missing.stderr.trim().split('\n')).toEqual([expect.stringContaining('nowhere.env')]);
    });
  });

  describe('the address', () => {
    let blocker: Server;
    let port: number;
    beforeAll(async () => {
      port = await freePort();
      blocker = createServer();
      await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    });
    afterAll(() => new Promise((resolve) => blocker.close(resolve)));

    it('refuses a port in use in one line, before touching the database', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'relay-port-'));
      const file = join(dir, 'data', 'relay.sqlite');
      try {
        const line = oneLine(await failedStart(API, { HOST: '127.0.0.1', PORT: String(port), DATABASE_URL: `sqlite:${file}` }));
        expect(line).toMatch(new RegExp(`^Cannot listen on 127\\.0\\.0\\.1:${port}: the address is already in use`));
        // Nothing migrated, bootstrapped or even created.
        expect(existsSync(join(dir, 'data'))).toBe(false);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('the database', () => {
    it('retries an unreachable PostgreSQL a bounded number of times, one line per try, then exits 1', async () => {
      const closed = await freePort();
      const failure = await failedStart(API, { DATABASE_URL: `postgres://relay@127.0.0.1:${closed}/relay` });
      expect(failure.code).toBe(1);
      expect(failure.stdout).toBe('');
      const lines = failure.stderr.trim().split('\n');
      expect(lines).toHaveLength(5);
      lines
        .slice(0, 4)
        .forEach((line, i) =>
          expect(line).toBe(
            `Database unreachable at PostgreSQL relay@127.0.0.1:${closed}/relay (connect ECONNREFUSED 127.0.0.1:${closed}): attempt ${i + 1} of 5, retrying in 2 s`,
          ),
        );
      expect(lines[4]).toBe(
        `Database unreachable at PostgreSQL relay@127.0.0.1:${closed}/relay (connect ECONNREFUSED 127.0.0.1:${closed}): gave up after 5 attempts`,
      );
    });

    const onPostgres = isPostgresRun() ? it : it.skip;

    onPostgres('stops at once on a role or database that does not exist (no retry can fix them)', async () => {
      const base = new URL(process.env.TEST_DATABASE_URL!);
      const role = new URL(base);
      role.username = 'relay_no_such_role';
      const roleLine = oneLine(await failedStart(API, { DATABASE_URL: role.toString() }));
      expect(roleLine).toMatch(
        /^Database authentication failed at PostgreSQL relay_no_such_role@.*: role "relay_no_such_role" does not exist$/,
      );

      const database = new URL(base);
      database.pathname = '/relay_no_such_database';
      const databaseLine = oneLine(await failedStart(API, { DATABASE_URL: database.toString() }));
      expect(databaseLine).toMatch(
        /^Database not found at PostgreSQL .*\/relay_no_such_database: database "relay_no_such_database" does not exist$/,
      );
    });
  });

  // A custom bootstrap key shows its first 12 characters as its prefix, like a generated one: it
  // needs the entropy of one for that to give little away.
  it.each([
    ['20 characters', 'rly_0123456789abcdefg'],
    ['a repeated pattern', `rly_${'s3cr3t'.repeat(8)}`],
    ['no rly_ prefix', 'aB3dE6gH9jK2mN5pQ8sT1vW4yZ7bC0eFxYz'],
  ])('refuses a RELAY_BOOTSTRAP_KEY of %s, without printing it', async (_name, key) => {
    const failure = await failedStart(API, { RELAY_BOOTSTRAP_KEY: key, DATABASE_URL: 'sqlite::memory:' });
    expect(oneLine(failure)).toMatch(
      /^Invalid configuration: RELAY_BOOTSTRAP_KEY must be rly_ followed by 32 .*\(got a \d+-character value\)$/,
    );
    expect(failure.stderr).not.toContain(key);
  });
});
