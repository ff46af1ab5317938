import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readEnvironment } from './env-file';
import { ConfigurationError } from './environment';

describe('readEnvironment', () => {
  let dir: string;
  let cwd: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'relay-env-spec-'));
    writeFileSync(join(dir, '.env'), 'PORT=4000\nHOST=127.0.0.1\n');
    writeFileSync(join(dir, 'other.env'), 'PORT=5000\n');
    cwd = process.cwd();
    process.chdir(dir);
  });
  afterAll(() => {
    process.chdir(cwd);
    rmSync(dir, { recursive: true, force: true });
  });

  it('puts ./.env under the environment, which wins', () => {
    expect(readEnvironment(['node', 'main.js'], { PORT: '3001' })).toMatchObject({ PORT: '3001', HOST: '127.0.0.1' });
  });

  it('reads the file --env-file names instead, in either spelling', () => {
    expect(readEnvironment(['node', 'main.js', '--env-file', 'other.env'], {})).toEqual({ PORT: '5000' });
    expect(readEnvironment(['node', 'main.js', '--env-file=other.env'], {})).toEqual({ PORT: '5000' });
  });

  it('refuses a named file it cannot read, in one line', () => {
    expect(() => readEnvironment(['node', 'main.js', '--env-file', 'missing.env'], {})).toThrow(
      new ConfigurationError('Invalid configuration: --env-file missing.env cannot be read (ENOENT)'),
    );
  });

  it('needs no .env', () => {
    process.chdir(tmpdir());
    try {
      expect(readEnvironment(['node', 'main.js'], { PORT: '1' })).toEqual({ PORT: '1' });
    } finally {
      process.chdir(dir);
    }
  });
});
