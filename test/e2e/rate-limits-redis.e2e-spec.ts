import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { RedisWindowStorage } from '@relay/auth';
import { json } from '../helpers/http';
import { createTestDatabase, TestDatabase } from '../helpers/test-database';
import { ServerProcess, startApiProcess } from '../helpers/processes';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

// Contract §4: with REDIS_URL, every API process shares one budget per key.
describe('rate limits shared through Redis by two API processes', () => {
  let database: TestDatabase;
  const servers: ServerProcess[] = [];
  const key = `rly_${randomBytes(20).toString('hex')}`;

  beforeAll(async () => {
    const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect(); // fails the suite loudly if Redis is not running
    await redis.quit();
    database = await createTestDatabase('file');
    const env = { DATABASE_URL: database.url, REDIS_URL, RATE_LIMIT_PER_MINUTE: '10', RELAY_BOOTSTRAP_KEY: key };
    // One after the other: the first migrates and bootstraps, the second finds it done.
    servers.push(await startApiProcess(env));
    servers.push(await startApiProcess(env));
  }, 60_000);

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await database?.drop();
  });

  it('gives one key 10 requests a minute in total across both processes', async () => {
    const statuses: number[] = [];
    const remaining: number[] = [];
    for (let i = 0; i < 14; i++) {
      const server = servers[i % 2];
      const res = await fetch(`${server.url}/api/v1/users/me`, { headers: { Authorization: `Bearer ${key}` } });
      statuses.push(res.status);
      remaining.push(Number(res.headers.get('x-ratelimit-remaining')));
      if (res.status === 429) {
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
        expect((await json(res)).error.code).toBe('rate_limited');
      }
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    expect(statuses.slice(10)).toEqual([429, 429, 429, 429]);
    expect(remaining.slice(0, 10)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
  });

  it('reports Redis in readiness', async () => {
    const res = await fetch(`${servers[0].url}/health/ready`);
    const body = await json(res);
    expect(body.data.details.redis.status).toBe('up');
  });

  it('peeks at a window without counting a hit (the failed sign-in budget reads it before checking a password)', async () => {
    const storage = new RedisWindowStorage(REDIS_URL);
    // No offline queue: until connected, the storage fails open (counts nothing).
    await new Promise((resolve) => storage.redis.once('ready', resolve));
    try {
      const subject = `peek:${randomBytes(8).toString('hex')}`;
      expect((await storage.peek(subject, 2)).totalHits).toBe(0);
      for (let i = 0; i < 3; i++) await storage.increment(subject, 60_000, 2);
      const seen = await storage.peek(subject, 2);
      expect(seen).toMatchObject({ totalHits: 3, isBlocked: true });
      expect(seen.timeToExpire).toBeGreaterThan(0);
      expect((await storage.peek(subject, 2)).totalHits).toBe(3);
    } finally {
      await storage.onModuleDestroy();
    }
  });
});
