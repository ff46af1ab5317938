import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';

/**
 * Installation-wide secrets kept in the database so every instance shares them: created once
 * by whichever process gets there first, read by the rest.
 */
export async function installationSecret(dataSource: DataSource, key: string): Promise<Buffer> {
  const candidate = randomBytes(32).toString('base64');
  const insert =
    dataSource.options.type === 'postgres'
      ? 'INSERT INTO system_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING'
      : 'INSERT OR IGNORE INTO system_settings (key, value) VALUES (?, ?)';
  await dataSource.query(insert, [key, candidate]);
  const param = dataSource.options.type === 'postgres' ? '$1' : '?';
  const rows: { value: string }[] = await dataSource.query(`SELECT value FROM system_settings WHERE key = ${param}`, [key]);
  return Buffer.from(rows[0].value, 'base64');
}
