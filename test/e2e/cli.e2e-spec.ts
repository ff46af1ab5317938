import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { version } from '../../package.json';
import { json } from '../helpers/http';
import { createTestDatabase, isPostgresRun, TestDatabase } from '../helpers/test-database';
import { ServerProcess, startApiProcess } from '../helpers/processes';

const run = promisify(execFile);
const CLI = join(__dirname, '..', '..', 'dist', 'apps', 'cli', 'src', 'main.js');

// Contract §3: the admin CLI, on the same database as a running server.
describe('CLI', () => {
  let database: TestDatabase;
  let server: ServerProcess;
  const relay = (...args: string[]) => relayOn({}, ...args);
  const relayOn = async (env: Record<string, string>, ...args: string[]) => {
    const { stdout } = await run(process.execPath, [CLI, ...args], {
      env: { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'silent', ...env },
    });
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    return JSON.parse(lines[0]);
  };
  const relayFails = async (args: string[], env: Record<string, string> = {}) => {
    try {
      await run(process.execPath, [CLI, ...args], { env: { ...process.env, DATABASE_URL: database.url, ...env } });
    } catch (error) {
      return error as { code: number; stderr: string; stdout: string };
    }
    throw new Error('expected the command to fail');
  };
  /** Exit 1, nothing on stdout, exactly one line on stderr. */
  const failureLine = async (args: string[], env: Record<string, string> = {}) => {
    const failure = await relayFails(args, env);
    expect(failure.code).toBe(1);
    expect(failure.stdout).toBe('');
    const lines = failure.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    return lines[0];
  };
  // Where the answer must not depend on the database, give it one that cannot be reached.
  const UNREACHABLE = { DATABASE_URL: 'postgres://relay@127.0.0.1:1/relay' };
  const relayText = (...args: string[]) => run(process.execPath, [CLI, ...args], { env: { ...process.env, ...UNREACHABLE } });

  beforeAll(async () => {
    database = await createTestDatabase('file');
    server = await startApiProcess({ DATABASE_URL: database.url, RELAY_BOOTSTRAP_KEY: 'rly_cli_test_bootstrap_key_0123456789' });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  const api = (path: string, key: string) => fetch(`${server.url}/api/v1${path}`, { headers: { Authorization: `Bearer ${key}` } });

  it('creates an isolated (sandbox) workspace whose key works against the server', async () => {
    const created = await relay('workspace:create', '--name', 'Sandbox Co', '--admin-email', 'Boss@Sandbox.example', '--sandbox');
    expect(created).toEqual({
      workspace_id: expect.stringMatching(/^ws_/),
      sandbox: true,
      user_id: expect.stringMatching(/^usr_/),
      api_key_id: expect.stringMatching(/^key_/),
      api_key: expect.stringMatching(/^rly_/),
    });
    const workspace = await json(await api('/workspace', created.api_key));
    expect(workspace.data).toMatchObject({ id: created.workspace_id, name: 'Sandbox Co', sandbox: true });
    const users = await json(await api('/users', created.api_key));
    expect(users.data.map((u: { email: string }) => u.email)).toEqual(['boss@sandbox.example']);
    // The Default workspace's admin cannot see the sandbox's users.
    const fromDefault = await api(`/users/${created.user_id}`, 'rly_cli_test_bootstrap_key_0123456789');
    expect(fromDefault.status).toBe(404);
  });

  it('adds users and mints keys that act with the user’s role', async () => {
    const ws = await relay('workspace:create', '--name', 'Team', '--admin-email', 'lead@team.example');
    const user = await relay(
      'user:create',
      '--workspace-id',
      ws.workspace_id,
      '--email',
      'viewer@team.example',
      '--name',
      'Vee',
      '--role',
      'viewer',
    );
    expect(user).toMatchObject({ workspace_id: ws.workspace_id, role: 'viewer', email: 'viewer@team.example' });
    const key = await relay('api-key:create', '--email', 'viewer@team.example', '--name', 'BI export');
    expect(key).toMatchObject({ workspace_id: ws.workspace_id, user_id: user.user_id, api_key: expect.stringMatching(/^rly_/) });
    const me = await json(await api('/users/me', key.api_key));
    expect(me.data).toMatchObject({ id: user.user_id, role: 'viewer' });
    const keys = await json(await api('/api-keys', key.api_key));
    expect(keys.data.map((k: { name: string }) => k.name)).toEqual(['BI export']);
  });

  it('sets a password read from standard input, with which the user signs in', async () => {
    const ws = await relay('workspace:create', '--name', 'Passwords', '--admin-email', 'owner@passwords.example');
    const withStdin = async (input: string, ...args: string[]) => {
      const running = run(process.execPath, [CLI, ...args], { env: { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'silent' } });
      running.child.stdin!.end(input);
      try {
        return { code: 0, ...(await running) };
      } catch (error) {
        return error as { code: number; stdout: string; stderr: string };
      }
    };
    const password = 'correct horse battery staple';
    const set = await withStdin(`${password}\n`, 'user:set-password', '--email', 'owner@passwords.example');
    expect(JSON.parse(set.stdout)).toEqual({
      workspace_id: ws.workspace_id,
      user_id: ws.user_id,
      email: 'owner@passwords.example',
      password_set: true,
    });
    const signIn = (secret: string) =>
      fetch(`${server.url}/api/v1/auth/sessions`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: 'owner@passwords.example', password: secret }),
      });
    expect((await signIn(password)).status).toBe(201);
    expect((await signIn(`${password}\n`)).status).toBe(401);

    const short = await withStdin('short', 'user:set-password', '--email', 'owner@passwords.example');
    expect(short.code).toBe(1);
    expect(short.stdout).toBe('');
    expect(short.stderr.trim().split('\n')).toEqual([expect.stringContaining('password must be 12 to 256 characters')]);
    expect((await signIn(password)).status).toBe(201);
  });

  it('fails with a message on stderr and a non-zero exit', async () => {
    expect(await failureLine(['api-key:create', '--email', 'nobody@nowhere.example'])).toBe(
      'error: no user with email nobody@nowhere.example',
    );
    const badRole = await failureLine(
      ['user:create', '--workspace-id', 'ws_x', '--email', 'a@b.example', '--name', 'A', '--role', 'boss'],
      UNREACHABLE,
    );
    expect(badRole).toBe('error: --role must be one of the following values: viewer, agent, admin');
  });

  it('says a domain error in words', async () => {
    const line = await failureLine([
      'user:create',
      '--workspace-id',
      'ws_nope',
      '--email',
      'a@b.example',
      '--name',
      'A',
      '--role',
      'agent',
    ]);
    expect(line).toBe('error: workspace ws_nope not found');
  });

  it('validates as the API does, before connecting to anything', async () => {
    expect(await failureLine(['workspace:create', '--name', 'X', '--admin-email', 'notanemail'], UNREACHABLE)).toBe(
      "error: option '--admin-email <email>' argument 'notanemail' is invalid. must be an email address.",
    );
    expect(
      await failureLine(['user:create', '--workspace-id', 'ws_x', '--email', 'a@b.example', '--name', ' ', '--role', 'agent'], UNREACHABLE),
    ).toBe("error: option '--name <name>' argument ' ' is invalid. must not be empty.");
    expect(await failureLine(['seed:demo', '--tickets', 'lots'], UNREACHABLE)).toMatch(
      /^error: option '--tickets <count>' argument 'lots' is invalid\. must be a whole number/,
    );
    // The API's DTO refuses this name (POST /users answers 400 for it), and so does the CLI.
    expect(
      await failureLine(
        ['user:create', '--workspace-id', 'ws_x', '--email', 'a@b.example', '--name', 'n'.repeat(201), '--role', 'agent'],
        UNREACHABLE,
      ),
    ).toBe('error: --name must be shorter than or equal to 200 characters');
  });

  it("reports a bad DATABASE_URL in the server's one line", async () => {
    expect(await failureLine(['api-key:create', '--email', 'a@b.example'], { DATABASE_URL: 'mysql://db/relay' })).toBe(
      'Invalid configuration: DATABASE_URL must be sqlite:<path>, sqlite::memory: or postgres://user@host:port/db (got "mysql://db/relay")',
    );
  });

  it('prints help and its version like the tools people know, without touching the database', async () => {
    const help = await relayText('--help');
    expect(help.stdout).toMatch(/^Usage: relay \[options\] \[command\]/);
    for (const command of [
      'workspace:create',
      'user:create',
      'api-key:create',
      'seed:demo',
      'migration:run',
      'migration:revert',
      'db:backup',
    ]) {
      expect(help.stdout).toContain(`  ${command} [options]`);
    }
    expect(help.stderr).toBe('');
    // No arguments: the same help, successfully.
    expect((await relayText()).stdout).toBe(help.stdout);
    expect((await relayText('--version')).stdout).toBe(`${version}\n`);
    expect((await relayText('-V')).stdout).toBe(`${version}\n`);
  });

  it('describes every option of every command', async () => {
    for (const command of ['workspace:create', 'user:create', 'api-key:create', 'seed:demo', 'db:backup']) {
      const { stdout } = await relayText(command, '--help');
      expect(stdout).toMatch(new RegExp(`^Usage: relay ${command} \\[options\\]`));
      const options = stdout
        .slice(stdout.indexOf('Options:'))
        .split('\n')
        .slice(1)
        .filter((line) => /^\s+-/.test(line));
      expect(options.length).toBeGreaterThan(1);
      // Each option line has its flags, then a description after at least two spaces.
      for (const line of options) expect(line).toMatch(/^\s+-\S.*?\S {2,}\S/);
    }
  });

  it('reports an unknown command or option once', async () => {
    expect(await failureLine(['bogus'], UNREACHABLE)).toBe("error: unknown command 'bogus'");
    expect(await failureLine(['workspace:create', '--name', 'X', '--admin-email', 'a@b.example', '--colour', 'red'], UNREACHABLE)).toBe(
      "error: unknown option '--colour'",
    );
    expect(await failureLine(['workspace:create', '--name', 'X'], UNREACHABLE)).toBe(
      "error: required option '--admin-email <email>' not specified",
    );
  });

  it('backs up the live SQLite database (PostgreSQL: points to pg_dump)', async () => {
    if (isPostgresRun()) {
      expect(await failureLine(['db:backup', '--to', '/tmp/never.sqlite'])).toBe(
        'error: db:backup copies a SQLite database; back up PostgreSQL with pg_dump',
      );
      return;
    }
    const backupFile = `${database.url.slice('sqlite:'.length)}.backup`;
    try {
      const backup = await relay('db:backup', '--to', backupFile);
      expect(backup).toMatchObject({ backup: backupFile, pages: expect.any(Number) });
      const copy = new Database(backupFile, { readonly: true });
      try {
        const keys = copy
          .prepare("SELECT w.name FROM workspaces w JOIN api_keys k ON k.workspace_id = w.id WHERE k.name = 'Admin key'")
          .all() as { name: string }[];
        expect(keys.map((row) => row.name)).toContain('Default');
      } finally {
        copy.close();
      }
      expect(await failureLine(['db:backup', '--to', backupFile])).toBe(`error: ${backupFile} already exists; choose a new file`);
    } finally {
      rmSync(backupFile, { force: true });
    }
  });

  it('applies and reverts migrations on request', async () => {
    const fresh = await createTestDatabase('file');
    const on = { DATABASE_URL: fresh.url };
    try {
      const applied = (await relayOn(on, 'migration:run')).applied as string[];
      expect(applied.length).toBeGreaterThan(1);
      expect(await relayOn(on, 'migration:revert')).toEqual({ reverted: applied[applied.length - 1] });
      expect(await relayOn(on, 'migration:run')).toEqual({ applied: [applied[applied.length - 1]] });
      expect(await relayOn(on, 'migration:run')).toEqual({ applied: [] });
    } finally {
      await fresh.drop();
    }
  });
});
