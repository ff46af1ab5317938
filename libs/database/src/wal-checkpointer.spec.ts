import { DataSource } from 'typeorm';
import { randomBytes } from 'node:crypto';
import { rm, stat } from 'node:fs/promises';
import { dataSourceOptions } from './database-url';

// A SQLite file opened as the app opens it. The writer does not checkpoint here (autocheckpoint
// off), so the database file only grows once the worker has copied the WAL into it.
describe('WAL checkpoints on a worker thread', () => {
  const file = `/tmp/relay-checkpoint-${randomBytes(6).toString('hex')}.sqlite`;
  afterAll(() => Promise.all(['', '-wal', '-shm'].map((suffix) => rm(`${file}${suffix}`, { force: true }))));

  it('copies committed pages into the database file without the writer', async () => {
    const dataSource = await new DataSource(dataSourceOptions(`sqlite:${file}`)).initialize();
    await dataSource.query('PRAGMA wal_autocheckpoint = 0');
    await dataSource.query('CREATE TABLE blobs (b BLOB)');
    await dataSource.transaction(async (manager) => {
      for (let i = 0; i < 256; i++) await manager.query('INSERT INTO blobs (b) VALUES (?)', [randomBytes(4096)]);
    });
    const before = (await stat(file)).size;
    const deadline = Date.now() + 5000;
    while ((await stat(file)).size < before + 1024 * 1024 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await stat(file)).size).toBeGreaterThanOrEqual(before + 1024 * 1024);
    await dataSource.destroy();
  });
});
