import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Column, DataSource, Entity, PrimaryColumn, QueryFailedError } from 'typeorm';
import { batched, onCommit, TransactionRunner, UnitOfWorkError } from './transaction-runner';

@Entity('things')
class Thing {
  @PrimaryColumn({ type: 'varchar' }) id!: string;
  @Column({ type: 'integer' }) n!: number;
  @Column({ type: 'boolean' }) done!: boolean;
  @Column({ type: 'simple-json', nullable: true }) tags!: string[] | null;
}

// Group commit on a real in-memory SQLite database: units queued together share one commit,
// yet each one succeeds or fails on its own.
describe('TransactionRunner on SQLite', () => {
  let dataSource: DataSource;
  let tx: TransactionRunner;

  beforeAll(async () => {
    dataSource = await new DataSource({ type: 'better-sqlite3', database: ':memory:', entities: [Thing] }).initialize();
    await dataSource.query('CREATE TABLE items (id TEXT PRIMARY KEY, n INTEGER NOT NULL)');
    await dataSource.query('CREATE TABLE things (id TEXT PRIMARY KEY, n INTEGER NOT NULL, done BOOLEAN NOT NULL, tags TEXT)');
    tx = new TransactionRunner(dataSource);
  });
  afterAll(() => dataSource.destroy());
  beforeEach(() => dataSource.query('DELETE FROM items'));

  const insert = (id: string, n: number) => (manager: Parameters<Parameters<TransactionRunner['run']>[0]>[0]) =>
    tx.query(manager, 'INSERT INTO items (id, n) VALUES (?, ?)', [id, n]);

  it('rolls back only the unit that failed; the others of its group commit and run their hooks', async () => {
    const committed: string[] = [];
    const results = await Promise.allSettled(
      ['a', 'b', 'c', 'd'].map((id) =>
        tx.run(async (manager) => {
          await insert(id, 1)(manager);
          onCommit(manager, () => committed.push(id));
          if (id === 'b') throw new Error('b fails after writing');
          if (id === 'c') await insert('a', 2)(manager); // duplicate key: c fails too
          return id;
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect(await tx.query(dataSource.manager, 'SELECT id, n FROM items ORDER BY id')).toEqual([
      { id: 'a', n: 1 },
      { id: 'd', n: 1 },
    ]);
    expect(committed.sort()).toEqual(['a', 'd']);
  });

  it('writes what a unit batched once, at its end, in its transaction; a failed unit drops its batch', async () => {
    const flushes: string[][] = [];
    const kind = {};
    const batch = (id: string) => (manager: Parameters<Parameters<TransactionRunner['run']>[0]>[0]) =>
      batched<string>(manager, kind, async (unit, ids) => {
        flushes.push([...ids]);
        for (const item of ids) await insert(item, 5)(unit);
      }).push(id);
    const results = await Promise.allSettled([
      tx.run(async (manager) => {
        batch('p1')(manager);
        batch('p2')(manager);
        // Not written yet: the unit's reads never depend on its batch.
        expect(await tx.query(manager, "SELECT id FROM items WHERE id LIKE 'p%'")).toEqual([]);
      }),
      tx.run(async (manager) => {
        batch('q1')(manager);
        throw new Error('q fails before its end');
      }),
      tx.run(async (manager) => batch('r1')(manager)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(flushes).toEqual([['p1', 'p2'], ['r1']]);
    expect(await tx.query(dataSource.manager, 'SELECT id FROM items ORDER BY id')).toEqual([{ id: 'p1' }, { id: 'p2' }, { id: 'r1' }]);
    expect(() => batched(dataSource.manager, kind, async () => undefined)).toThrow(/TransactionRunner.run/);
  });

  it('keeps working after a group and when units arrive one by one', async () => {
    for (const id of ['x', 'y']) await tx.run(insert(id, 3));
    await Promise.all(Array.from({ length: 200 }, (_, i) => tx.run(insert(`k${i}`, i))));
    const [row] = await tx.query<{ count: number }>(dataSource.manager, 'SELECT COUNT(*) AS count FROM items');
    expect(row.count).toBe(202);
  });

  it('rolls back a whole unit when a statement fails, reporting the error as TypeORM does', async () => {
    await expect(
      tx.run(async (manager) => {
        await insert('dup', 1)(manager);
        await insert('dup', 2)(manager);
      }),
    ).rejects.toMatchObject({ name: 'QueryFailedError', driverError: { code: 'SQLITE_CONSTRAINT_PRIMARYKEY' } });
    expect(await tx.query(dataSource.manager, 'SELECT id FROM items')).toEqual([]);
  });

  it('inserts, selects and updates entities with values converted as TypeORM converts them', async () => {
    const thing = Object.assign(new Thing(), { id: 't1', n: 1, done: false, tags: ['a', 'b'] });
    await tx.run((manager) => tx.insert(manager, Thing, thing));
    thing.n = 2;
    thing.done = true;
    await tx.run((manager) => tx.update(manager, Thing, thing, ['n', 'done']));
    const [read] = await tx.select(dataSource.manager, Thing, 'id = ?', ['t1']);
    expect(read).toBeInstanceOf(Thing);
    expect(read).toEqual({ id: 't1', n: 2, done: true, tags: ['a', 'b'] });
    expect(await dataSource.manager.findOneBy(Thing, { id: 't1' })).toEqual(read);
  });
  it('returns rows as arrays in select-list order, with their column names', async () => {
    await tx.run(async (manager) => {
      await insert('b', 2)(manager);
      await insert('a', 1)(manager);
    });
    const sql = 'SELECT n, id AS name FROM items WHERE n >= ? ORDER BY n';
    expect(await tx.queryArrays(dataSource.manager, sql, [1])).toEqual({
      columns: ['n', 'name'],
      rows: [
        [1, 'a'],
        [2, 'b'],
      ],
    });
    // The object-row statement of the same text is another statement: neither changes the other's shape.
    expect(await tx.query(dataSource.manager, sql, [2])).toEqual([{ n: 2, name: 'b' }]);
    expect(await tx.queryArrays(dataSource.manager, sql, [3])).toEqual({ columns: ['n', 'name'], rows: [] });
    await expect(tx.queryArrays(dataSource.manager, 'SELECT nope FROM items')).rejects.toBeInstanceOf(QueryFailedError);
  });

  it('keeps savepoint journals in memory only while a group runs', async () => {
    const tempStore = async () => (await tx.query<{ temp_store: number }>(dataSource.manager, 'PRAGMA temp_store'))[0].temp_store;
    const during = await tx.run(() => tempStore());
    expect({ during, after: await tempStore() }).toEqual({ during: 2, after: 0 });
  });
});

// The rules a unit of work must keep, enforced while it runs: a breach fails at once with an
// error naming the rule, instead of hanging the process or letting a rolled-back row be read.
describe('TransactionRunner rules on SQLite', () => {
  let dataSource: DataSource;
  let tx: TransactionRunner;
  let groupEnd: ((manager: Manager) => Promise<void>) | null;
  let groups: number;

  type Manager = Parameters<Parameters<TransactionRunner['run']>[0]>[0];
  const insert = (manager: Manager, id: string) => tx.query(manager, 'INSERT INTO items (id, n) VALUES (?, 1)', [id]);
  const ids = async () => (await tx.query<{ id: string }>(dataSource.manager, 'SELECT id FROM items ORDER BY id')).map((row) => row.id);
  /** Runs units queued together and reports which group (counted at each commit) each landed in. */
  const grouped = (work: (manager: Manager) => Promise<unknown>) =>
    tx.run(async (manager) => {
      await work(manager);
      return groups;
    });

  beforeAll(async () => {
    dataSource = await new DataSource({ type: 'better-sqlite3', database: ':memory:', entities: [] }).initialize();
    await dataSource.query('PRAGMA foreign_keys = ON');
    await dataSource.query('CREATE TABLE items (id TEXT PRIMARY KEY, n INTEGER NOT NULL)');
    await dataSource.query('CREATE TABLE parents (id TEXT PRIMARY KEY)');
    await dataSource.query(
      'CREATE TABLE children (id TEXT PRIMARY KEY, parent_id TEXT NOT NULL REFERENCES parents (id) DEFERRABLE INITIALLY DEFERRED)',
    );
    tx = new TransactionRunner(dataSource);
    tx.beforeGroupCommit(async (manager) => {
      groups++;
      if (groupEnd) await groupEnd(manager);
    });
  });
  afterAll(() => dataSource.destroy());
  beforeEach(async () => {
    groupEnd = null;
    groups = 0;
    await dataSource.query('DELETE FROM items');
  });

  it('refuses a nested run at once; the outer unit rolls back and later writes go on', async () => {
    let inner: unknown;
    await expect(
      tx.run(async (manager) => {
        await insert(manager, 'outer');
        inner = await tx.run((nested) => insert(nested, 'inner')).catch((error: unknown) => error);
        throw inner;
      }),
    ).rejects.toThrow(/TransactionRunner\.run was called inside a unit of work/);
    expect(inner).toBeInstanceOf(UnitOfWorkError);
    await tx.run((manager) => insert(manager, 'after'));
    expect(await ids()).toEqual(['after']);
  });

  it('fails a unit that awaits a timer before the timer fires, and no read ever sees its row', async () => {
    let resumed = false;
    const timer = new Promise((resolve) => setTimeout(resolve, 20));
    const results = await Promise.allSettled([
      tx.run((manager) => insert(manager, 'before')),
      tx.run(async (manager) => {
        await insert(manager, 'slow');
        await timer;
        resumed = true;
        await insert(manager, 'slow-2');
      }),
      tx.run((manager) => insert(manager, 'after')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(UnitOfWorkError);
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/awaited real I\/O .* while its SQLite group was open/);
    expect(resumed).toBe(false); // failed before the timer fired, not after
    const seenMeanwhile = await ids();
    await timer;
    await new Promise((resolve) => setImmediate(resolve));
    // The unit resumed after its group had ended: its late write is refused, not committed alone.
    expect(resumed).toBe(true);
    expect({ seenMeanwhile, after: await ids() }).toEqual({ seenMeanwhile: ['after', 'before'], after: ['after', 'before'] });
  });

  it('fails the whole group when its closing hook fails, and goes on with the next group', async () => {
    groupEnd = async () => {
      groupEnd = null;
      throw new Error('hook failed');
    };
    const results = await Promise.allSettled(['a', 'b'].map((id) => tx.run((manager) => insert(manager, id))));
    expect(results.map((r) => r.status === 'rejected' && String(r.reason))).toEqual(['Error: hook failed', 'Error: hook failed']);
    await tx.run((manager) => insert(manager, 'c'));
    expect(await ids()).toEqual(['c']);
  });

  it('fails a group hook that awaits I/O like a unit, rolling the group back', async () => {
    groupEnd = async () => {
      groupEnd = null;
      await new Promise((resolve) => setTimeout(resolve, 5));
    };
    await expect(tx.run((manager) => insert(manager, 'a'))).rejects.toBeInstanceOf(UnitOfWorkError);
    expect(await ids()).toEqual([]);
  });

  it('fails every unit of a group whose commit fails, keeping none of their rows', async () => {
    // A deferred foreign key is checked at COMMIT only, after every savepoint was released.
    const results = await Promise.allSettled([
      tx.run((manager) => insert(manager, 'innocent')),
      tx.run((manager) => tx.query(manager, "INSERT INTO children (id, parent_id) VALUES ('c1', 'missing')")),
    ]);
    expect(results.map((r) => r.status === 'rejected' && (r.reason as { driverError?: { code?: string } }).driverError?.code)).toEqual([
      'SQLITE_CONSTRAINT_FOREIGNKEY',
      'SQLITE_CONSTRAINT_FOREIGNKEY',
    ]);
    expect(await ids()).toEqual([]);
    expect(await tx.query(dataSource.manager, 'SELECT id FROM children')).toEqual([]);
    await tx.run((manager) => insert(manager, 'next'));
    expect(await ids()).toEqual(['next']);
  });

  it('closes a group at 64 units', async () => {
    // The clock stands still: only the unit count can close a group, however loaded the machine.
    const clock = jest.spyOn(Date, 'now').mockReturnValue(Date.now());
    const landed = await Promise.all(Array.from({ length: 130 }, (_, i) => grouped((manager) => insert(manager, `u${i}`))));
    const sizes = [...landed.reduce((count, group) => count.set(group, (count.get(group) ?? 0) + 1), new Map<number, number>()).values()];
    clock.mockRestore();
    expect(sizes).toEqual([64, 64, 2]);
  });

  it('closes a group once it has run for 25 ms, even with fewer units', async () => {
    // Each unit computes (no I/O) for 10 ms: a group takes at most three before its time is up.
    const busy = () => {
      const until = Date.now() + 10;
      while (Date.now() < until);
    };
    const landed = await Promise.all(Array.from({ length: 6 }, () => grouped(async () => busy())));
    const sizes = [...landed.reduce((count, group) => count.set(group, (count.get(group) ?? 0) + 1), new Map<number, number>()).values()];
    expect(sizes.length).toBeGreaterThanOrEqual(2);
    for (const size of sizes) expect(size).toBeLessThanOrEqual(3);
  });

  it('says whether a read saw only committed data', async () => {
    const outside = await tx.settledRead(() => ids());
    let inside: { value: string[]; settled: boolean } | undefined;
    await tx.run(async (manager) => {
      await insert(manager, 'x');
      inside = await tx.settledRead(() => ids());
    });
    expect({ outside, inside }).toEqual({ outside: { value: [], settled: true }, inside: { value: ['x'], settled: false } });
  });
});

// Two processes on one database file: another connection commits between a group's first read
// and its first write. A deferred BEGIN would then fail the group with SQLITE_BUSY (snapshot).
describe('TransactionRunner on an SQLite file shared with another connection', () => {
  let dir: string;
  let dataSource: DataSource;
  let other: DataSource;
  let tx: TransactionRunner;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'relay-tx-'));
    const file = join(dir, 'db.sqlite');
    dataSource = await new DataSource({ type: 'better-sqlite3', database: file, enableWAL: true, entities: [] }).initialize();
    await dataSource.query('CREATE TABLE items (id TEXT PRIMARY KEY, n INTEGER NOT NULL)');
    // No busy wait: a write that would have to wait for the lock fails at once.
    other = await new DataSource({ type: 'better-sqlite3', database: file, timeout: 0 }).initialize();
    tx = new TransactionRunner(dataSource);
  });
  afterAll(async () => {
    await other.destroy();
    await dataSource.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('holds the write lock from its first read, so it never fails halfway', async () => {
    let otherWrite: string | undefined;
    await tx.run(async (manager) => {
      await tx.query(manager, 'SELECT COUNT(*) AS n FROM items');
      try {
        await other.query("INSERT INTO items (id, n) VALUES ('other', 1)");
        otherWrite = 'committed';
      } catch (error) {
        otherWrite = (error as { driverError?: { code?: string } }).driverError?.code;
      }
      await tx.query(manager, "INSERT INTO items (id, n) VALUES ('mine', 2)");
    });
    expect(otherWrite).toBe('SQLITE_BUSY');
    expect(await other.query('SELECT id FROM items ORDER BY id')).toEqual([{ id: 'mine' }]);
  });
});
