'use strict';
// The run/cleanup/exit lifecycle shared by the bench scripts: whatever happens (success,
// failure, Ctrl-C), every server, temp file and schema they registered is removed.

const { execFileSync } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const cleanups = [];
let shuttingDown = false;

/** Registers work to undo on exit, run last-registered first. */
function onCleanup(cleanup) {
  cleanups.push(cleanup);
}

async function shutdown(code) {
  if (shuttingDown) return;
  shuttingDown = true;
  const forced = setTimeout(() => process.exit(code || 1), 20_000);
  forced.unref();
  for (const cleanup of cleanups.reverse()) {
    try {
      await cleanup();
    } catch (error) {
      process.stderr.write(`cleanup: ${error.message}\n`);
    }
  }
  process.exit(code);
}

/** Runs `main` (resolving to an exit code) and cleans up on exit, failure or a signal. */
function runBench(name, main) {
  main().then(
    (code) => shutdown(code),
    (error) => {
      process.stderr.write(`${name} failed: ${error.stack || error.message}\n`);
      shutdown(1);
    },
  );
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      process.stderr.write(`\n${signal}: stopping the server and removing temp data\n`);
      shutdown(130);
    });
  }
}

/**
 * A database of the bench's own, removed on exit: an SQLite file `<name>.sqlite` in a temp dir,
 * or a new `bench_<random>` schema under `pgUrl`. `drop()` removes it earlier; `settle()`, once
 * seeded, writes back what the seed left dirty, so that the first scenarios do not pay for it
 * (and, on PostgreSQL, vacuums and analyses the schema's tables, as autovacuum would soon after).
 */
async function scratchDatabase(kind, name, pgUrl) {
  if (kind === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relay-bench-'));
    const drop = async () => fs.rmSync(dir, { recursive: true, force: true });
    onCleanup(drop);
    return { url: `sqlite:${path.join(dir, `${name}.sqlite`)}`, drop, settle: async () => execFileSync('sync') };
  }
  const { Client } = require('pg');
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  const url = new URL(pgUrl);
  url.searchParams.set('schema', schema);
  let dropped = false;
  const drop = async () => {
    if (dropped) return;
    dropped = true;
    const client = new Client({ connectionString: pgUrl, connectionTimeoutMillis: 5000 });
    await client.connect();
    try {
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    } finally {
      await client.end();
    }
  };
  onCleanup(drop);
  const settle = async () => {
    const client = new Client({ connectionString: pgUrl, connectionTimeoutMillis: 5000 });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT tablename FROM pg_tables WHERE schemaname = $1', [schema]);
      for (const { tablename } of rows) await client.query(`VACUUM (ANALYZE) "${schema}"."${tablename}"`);
      await client.query('CHECKPOINT');
    } finally {
      await client.end();
    }
  };
  return { url: url.toString(), drop, settle };
}

/** A bad command-line argument: the message, exit 2. */
function fail(message) {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

module.exports = { onCleanup, runBench, fail, scratchDatabase };
