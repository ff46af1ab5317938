import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { TransactionRunner, valueListSql } from '@relay/database';
import { startTestApp, TestApp } from '../helpers/test-app';
import { isPostgresRun } from '../helpers/test-database';

// The reports sort durations in memory from one JSON array the database aggregates: on the
// real engine, that array must hold exactly the values the database itself orders (nulls left
// out, integers up to 2^53 unrounded), so percentiles picked from it are those of the
// database's ranks. Read as the reports read them (`sortedLists`: on a SQLite file, sorted by
// the read worker).
describe('analytics value lists', () => {
  let t: TestApp;
  let db: DataSource;
  let tx: TransactionRunner;
  const postgres = isPostgresRun();

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    tx = t.app.get(TransactionRunner);
  });
  afterAll(() => t.close());

  /** The values as rows of one statement; the `$n` / `?` placeholders of the engine. */
  const valuesTable = (values: (number | null)[]) => {
    const rows = values.map((_, i) => (postgres ? `($${i + 1}::bigint)` : '(?)')).join(', ');
    return `WITH d(v) AS (VALUES ${rows})`;
  };

  it('hands over exactly the values the database orders', async () => {
    const value = fc.oneof(fc.maxSafeInteger(), fc.integer({ min: -5, max: 5 }), fc.constant(null));
    await fc.assert(
      fc.asyncProperty(fc.array(value, { minLength: 1, maxLength: 40 }), async (values) => {
        const params = values.map((v) => (v === null ? null : postgres ? String(v) : v));
        const [row] = await tx.read<{ list: Float64Array }>(
          `${valuesTable(values)} SELECT ${valueListSql(postgres, 'v')} AS list FROM d`,
          params,
          {
            sortedLists: ['list'],
          },
        );
        const ordered: { v: number | string }[] = await db.query(
          `${valuesTable(values)} SELECT v FROM d WHERE v IS NOT NULL ORDER BY v`,
          params,
        );
        expect(row.list).toBeInstanceOf(Float64Array);
        expect([...row.list]).toEqual(ordered.map((r) => Number(r.v)));
      }),
      { numRuns: 60 },
    );
  });
});
