import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Column, DataSource, Entity, PrimaryColumn, QueryFailedError } from 'typeorm';
import { onCommit, TransactionRunner } from './transaction-runner';

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

  it('keeps working after a group and when units arrive one by one', async () => {
    for (const id of ['x', 'y']) await tx.run(insert(id, 3));
    await Promise.all(Array.from({ length: 200 }, (_, i) => tx.run(insert(`k${i}`, i))));
    const [row] = await tx.query<{ count: number }>(dataSource.manager, 'SELECT COUNT(*) AS count FROM items');
    expect(row.count).toBe(202);
  });

  it('rolls back a whole unit when a statement fails, reporting the error as TypeORM does', async () => {
    await expect(tx.run(async (manager) => {
      await insert('dup', 1)(manager);
      await insert('dup', 2)(manager);
    })).rejects.toMatchObject({ name: 'QueryFailedError', driverError: { code: 'SQLITE_CONSTRAINT_PRIMARYKEY' } });
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
    expect(await tx.queryArrays(dataSource.manager, sql, [1])).toEqual({ columns: ['n', 'name'], rows: [[1, 'a'], [2, 'b']] });
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
