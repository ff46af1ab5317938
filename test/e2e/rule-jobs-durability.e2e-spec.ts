import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ServerProcess, startApiProcess } from '../helpers/processes';
import { createTestDatabase, TestDatabase } from '../helpers/test-database';

const KEY = 'rly_rule_jobs_durability_key_0123456789abcdef';
const CLI = join(__dirname, '..', '..', 'dist', 'apps', 'cli', 'src', 'main.js');
const TICKETS = 10_000;

// Contract §11: a manual run over 10,000 tickets survives a kill -9 of the process running it,
// resumes after its last committed batch, and processes every ticket exactly once.
describe('manual rule runs: durability across a kill -9 (built processes)', () => {
  let database: TestDatabase;
  const processes: ServerProcess[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('file');
  });
  afterAll(async () => {
    await Promise.all(processes.splice(0).map((p) => p.stop('SIGKILL')));
    await database.drop();
  });

  const env = () => ({ DATABASE_URL: database.url, RELAY_BOOTSTRAP_KEY: KEY, RATE_LIMIT_PER_MINUTE: '100000' });
  const api = async () => {
    const server = await startApiProcess(env());
    processes.push(server);
    return server;
  };
  const call = async (server: ServerProcess, method: string, path: string, body?: object) => {
    const res = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: (await res.json()) as { data: Record<string, unknown> & { id: string }; meta?: { total: number } } };
  };

  it('resumes after its last batch and processes each of 10,000 tickets once', async () => {
    // The first start creates the workspace and the admin key; the tickets are bulk-loaded into it while no server runs.
    await (await api()).stop('SIGTERM');
    processes.length = 0;
    await promisify(execFile)(process.execPath, [CLI, 'seed:demo', '--tickets', String(TICKETS), '--customers', '200', '--seed', '7'], {
      env: { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'silent' },
      timeout: 240_000,
    });

    const first = await api();
    const rule = await call(first, 'POST', '/rules', {
      name: 'Sweep',
      events: ['manual'],
      actions: [{ type: 'add_tags', tags: ['swept'] }],
    });
    expect(rule.status).toBe(201);
    const started = await call(first, 'POST', `/rules/${rule.body.data.id}/run`, { filter: {} });
    expect(started.status).toBe(202);
    expect(started.body.data.total).toBe(TICKETS);
    const jobId = started.body.data.id;

    // Killed once some batches have committed and before the last.
    let progress = 0;
    for (let i = 0; i < 6000 && progress < 1000; i++) {
      progress = Number((await call(first, 'GET', `/jobs/${jobId}`)).body.data.processed);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await first.stop('SIGKILL');
    expect(progress).toBeGreaterThanOrEqual(1000);
    expect(progress).toBeLessThan(TICKETS);

    const second = await api();
    let job: Record<string, unknown> = {};
    for (let i = 0; i < 1200 && job.status !== 'succeeded' && job.status !== 'failed'; i++) {
      job = (await call(second, 'GET', `/jobs/${jobId}`)).body.data;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(job).toMatchObject({ status: 'succeeded', total: TICKETS, processed: TICKETS, failed: 0 });
    // Every ticket tagged, and exactly one run-log entry per ticket: none was processed twice.
    expect((await call(second, 'GET', '/tickets?tag=swept&limit=1')).body.meta!.total).toBe(TICKETS);
    expect((await call(second, 'GET', `/rules/${rule.body.data.id}/runs?limit=1`)).body.meta!.total).toBe(TICKETS);
  }, 600_000);
});
