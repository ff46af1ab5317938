import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { json } from '../helpers/http';
import { createTestDatabase, TestDatabase } from '../helpers/test-database';
import { ServerProcess, startApiProcess } from '../helpers/processes';

const run = promisify(execFile);
const CLI = join(__dirname, '..', '..', 'dist', 'apps', 'cli', 'src', 'main.js');

// Contract §3: the admin CLI, on the same database as a running server.
describe('CLI', () => {
  let database: TestDatabase;
  let server: ServerProcess;
  const relay = async (...args: string[]) => {
    const { stdout } = await run(process.execPath, [CLI, ...args], { env: { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'silent' } });
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    return JSON.parse(lines[0]);
  };
  const relayFails = async (...args: string[]) => {
    try {
      await run(process.execPath, [CLI, ...args], { env: { ...process.env, DATABASE_URL: database.url } });
    } catch (error) {
      return error as { code: number; stderr: string; stdout: string };
    }
    throw new Error('expected the command to fail');
  };

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
    const user = await relay('user:create', '--workspace-id', ws.workspace_id, '--email', 'viewer@team.example', '--name', 'Vee', '--role', 'viewer');
    expect(user).toMatchObject({ workspace_id: ws.workspace_id, role: 'viewer', email: 'viewer@team.example' });
    const key = await relay('api-key:create', '--email', 'viewer@team.example', '--name', 'BI export');
    expect(key).toMatchObject({ workspace_id: ws.workspace_id, user_id: user.user_id, api_key: expect.stringMatching(/^rly_/) });
    const me = await json(await api('/users/me', key.api_key));
    expect(me.data).toMatchObject({ id: user.user_id, role: 'viewer' });
    const keys = await json(await api('/api-keys', key.api_key));
    expect(keys.data.map((k: { name: string }) => k.name)).toEqual(['BI export']);
  });

  it('fails with a message on stderr and a non-zero exit', async () => {
    const missing = await relayFails('api-key:create', '--email', 'nobody@nowhere.example');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no user with email nobody@nowhere.example/);
    expect(missing.stdout).toBe('');
    const badRole = await relayFails('user:create', '--workspace-id', 'ws_x', '--email', 'a@b.example', '--name', 'A', '--role', 'boss');
    expect(badRole.stderr).toMatch(/--role must be one of/);
  });
});
