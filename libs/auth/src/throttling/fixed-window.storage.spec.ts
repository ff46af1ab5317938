import { MemoryWindowStorage } from './fixed-window.storage';

describe('MemoryWindowStorage', () => {
  afterEach(() => jest.useRealTimers());

  it('counts hits in a fixed window and blocks past the limit until it resets', async () => {
    jest.useFakeTimers({ now: 1_000_000 });
    const storage = new MemoryWindowStorage();
    for (let i = 1; i <= 3; i++) {
      const record = await storage.increment('k', 60_000, 3);
      expect(record).toMatchObject({ totalHits: i, isBlocked: false, resetAtMs: 1_060_000 });
    }
    jest.setSystemTime(1_030_000);
    const blocked = await storage.increment('k', 60_000, 3);
    expect(blocked).toMatchObject({ totalHits: 4, isBlocked: true, timeToExpire: 30 });

    jest.setSystemTime(1_060_001);
    const fresh = await storage.increment('k', 60_000, 3);
    expect(fresh).toMatchObject({ totalHits: 1, isBlocked: false, resetAtMs: 1_120_001 });
  });

  it('keeps separate budgets per key', async () => {
    const storage = new MemoryWindowStorage();
    await storage.increment('a', 60_000, 1);
    expect((await storage.increment('a', 60_000, 1)).isBlocked).toBe(true);
    expect((await storage.increment('b', 60_000, 1)).isBlocked).toBe(false);
  });

  it('peeks at the current window without counting a hit', async () => {
    const storage = new MemoryWindowStorage();
    expect((await storage.peek('p', 1)).totalHits).toBe(0);
    await storage.increment('p', 60_000, 1);
    await storage.increment('p', 60_000, 1);
    expect(await storage.peek('p', 1)).toMatchObject({ totalHits: 2, isBlocked: true });
    expect((await storage.peek('p', 1)).totalHits).toBe(2);
  });
});
