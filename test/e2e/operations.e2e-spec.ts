import { version } from '../../package.json';
import { json } from '../helpers/http';
import { createTestDatabase, isPostgresRun, TestDatabase } from '../helpers/test-database';
import { ServerProcess, startApiProcess, startServerCommand } from '../helpers/processes';
import { TcpProxy } from '../helpers/tcp-proxy';

const REDIS = new URL(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');

function jsonLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line));
}

async function gone(pid: number, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    try {
      process.kill(pid, 0);
    } catch {
      return true; // ESRCH: no such process
    }
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// What an operator runs and reads: `npm start`, its first lines, a supervisor's SIGTERM.
describe('npm start', () => {
  let database: TestDatabase;
  let server: ServerProcess | undefined;
  let nodePid: number | undefined;

  beforeAll(async () => {
    database = await createTestDatabase('file');
  });
  afterAll(async () => {
    // Should the test fail, leave nothing running behind it.
    if (server?.child.exitCode === null) server.child.kill('SIGKILL');
    if (nodePid && !(await gone(nodePid, 0))) process.kill(nodePid, 'SIGKILL');
    await database.drop();
  });

  it('says where it listens in a few lines, keeps the bootstrap key out of the log, and stops with the npm process', async () => {
    server = await startServerCommand({ DATABASE_URL: database.url, LOG_LEVEL: 'info', HOST: '127.0.0.1' }, 'npm', ['start', '--silent']);
    const lines = jsonLines(server.output());
    const messages = lines.map((line) => line.msg as string);
    expect(messages).toContain(`Relay ${version} listening on http://127.0.0.1:${server.port} (API under /api/v1, docs at /docs)`);
    const url = new URL(database.url);
    expect(messages).toContain(
      isPostgresRun()
        ? `database: PostgreSQL ${url.username}@${url.hostname}:${url.port || 5432}${url.pathname} (schema ${url.searchParams.get('schema')})`
        : `database: SQLite ${database.url.slice('sqlite:'.length)}`,
    );
    expect(messages).toContain('Redis: not configured (rate limits counted in this process)');
    expect(messages.some((message) => message.startsWith('webhook delivery: in this process'))).toBe(true);
    // One line per fact: no module, controller or route lines at info.
    expect(lines.length).toBeLessThanOrEqual(10);
    expect(lines.filter((line) => ['InstanceLoader', 'RoutesResolver', 'RouterExplorer'].includes(line.context as string))).toEqual([]);

    // The generated admin key: once, on stderr, outside any JSON line; and it works.
    const key = /^Relay admin API key: (rly_\S+)$/m.exec(server.stderr())?.[1];
    expect(key).toBeDefined();
    expect(lines.filter((line) => JSON.stringify(line).includes(key!))).toEqual([]);
    expect((await fetch(`${server.url}/api/v1/users/me`, { headers: { Authorization: `Bearer ${key}` } })).status).toBe(200);

    // A supervisor signals the process it started (npm): the server itself must stop too.
    nodePid = lines[0].pid as number;
    expect(nodePid).not.toBe(server.child.pid);
    await server.stop('SIGTERM');
    expect(await gone(nodePid, 15_000)).toBe(true);
    expect(server.output()).toContain('SIGTERM received: draining');
  }, 90_000);
});

// The README's promise: without Redis, rate limiting fails open; the API keeps serving and stays ready.
describe('Redis outage', () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  let server: ServerProcess;
  const key = 'rly_redis_outage_test_key_0123456789';
  const me = () => fetch(`${server.url}/api/v1/users/me`, { headers: { Authorization: `Bearer ${key}` } });
  const ready = async () => {
    const res = await fetch(`${server.url}/health/ready`);
    return { status: res.status, body: await json(res) };
  };
  const outageLines = () =>
    server
      .output()
      .split('\n')
      .filter((line) => line.includes('Redis unreachable'));

  beforeAll(async () => {
    database = await createTestDatabase('file');
    proxy = await TcpProxy.start({ host: REDIS.hostname, port: Number(REDIS.port || 6379) });
    server = await startApiProcess({
      DATABASE_URL: database.url,
      REDIS_URL: `redis://127.0.0.1:${proxy.port}`,
      RELAY_BOOTSTRAP_KEY: key,
      LOG_LEVEL: 'info',
    });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    await proxy?.cut();
    await database?.drop();
  });

  it('keeps serving and stays ready, reporting Redis down once in the logs and in /health/ready', async () => {
    expect((await me()).status).toBe(200);
    expect((await ready()).body.data.details.redis).toEqual({ status: 'up' });

    await proxy.cut();
    for (let i = 0; i < 5; i++) expect((await me()).status).toBe(200);
    const during = await ready();
    expect(during.status).toBe(200);
    expect(during.body.data.details.database.status).toBe('up');
    expect(during.body.data.details.redis).toMatchObject({ status: 'down', rate_limits: 'not enforced', message: expect.any(String) });
    // Once when the outage starts, not per request or per reconnection attempt.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(outageLines()).toHaveLength(1);

    await proxy.restore();
    const deadline = Date.now() + 20_000;
    while (!server.output().includes('Redis reachable again') && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 200));
    expect(server.output()).toContain('Redis reachable again: rate limits enforced');
    expect((await ready()).body.data.details.redis).toEqual({ status: 'up' });
    const limited = await me();
    expect(limited.status).toBe(200);
    expect(limited.headers.get('x-ratelimit-limit')).toBe('100');
  }, 60_000);
});
