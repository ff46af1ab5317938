import { DataSource } from 'typeorm';
import type { RelayConfig } from '@relay/common';
import { dataSourceOptions, TransactionRunner, UnitOfWorkError } from '@relay/database';
import { createTestDatabase, TestDatabase } from '../helpers/test-database';

// The rule that a unit of work never calls TransactionRunner.run again holds on both engines:
// on PostgreSQL the nested call would otherwise open a second transaction on another pooled
// connection, pass, and hide from the PostgreSQL run the hang it is on SQLite.
describe('A nested unit of work', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let tx: TransactionRunner;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await new DataSource({ ...dataSourceOptions(database.url), entities: [] }).initialize();
    const schema = (dataSource.options as { schema?: string }).schema;
    if (schema) await dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await dataSource.query('CREATE TABLE items (id VARCHAR(20) PRIMARY KEY)');
    tx = new TransactionRunner(dataSource, { database: { url: database.url, unitChecks: true } } as RelayConfig);
  });
  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  const ids = async () => (await tx.query<{ id: string }>(dataSource.manager, 'SELECT id FROM items ORDER BY id')).map((row) => row.id);

  it('is refused at once with an error naming the rule, and the outer unit keeps nothing', async () => {
    let inner: unknown;
    await expect(
      tx.run(async (manager) => {
        await tx.query(manager, "INSERT INTO items (id) VALUES ('outer')");
        inner = await tx.run((nested) => tx.query(nested, "INSERT INTO items (id) VALUES ('inner')")).catch((error: unknown) => error);
        throw inner;
      }),
    ).rejects.toThrow(/TransactionRunner\.run was called inside a unit of work/);
    expect(inner).toBeInstanceOf(UnitOfWorkError);
    expect(await ids()).toEqual([]);
  });

  it('leaves units that run side by side, or one after another from a finished unit, alone', async () => {
    let later: Promise<unknown> | undefined;
    await Promise.all(
      ['a', 'b', 'c'].map((id) =>
        tx.run(async (manager) => {
          await tx.query(manager, 'INSERT INTO items (id) VALUES (?)', [id]);
          // Started from the unit's code, run once the unit has finished: not nested.
          if (id === 'a')
            setTimeout(() => (later = tx.run((next) => tx.query(next, "INSERT INTO items (id) VALUES ('later')"))), 10).unref();
        }),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 30));
    await later;
    expect(await ids()).toEqual(['a', 'b', 'c', 'later']);
  });
});
