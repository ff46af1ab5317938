'use strict';
/**
 * What the benchmarks share: the build, a seeded scratch database (`seed:demo`), the built API
 * as its own process, the fixtures read through it, and the documented list filter combinations.
 */
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { URLSearchParams } = require('node:url');
const { onCleanup } = require('./lifecycle');

const ROOT = path.join(__dirname, '..');
const API_ENTRY = path.join(ROOT, 'dist/apps/api/src/main.js');
const CLI_ENTRY = path.join(ROOT, 'dist/apps/cli/src/main.js');
const DEFAULT_PG_URL = 'postgres://postgres@127.0.0.1:5432/test';
const SEED_TIMEOUT_MS = 15 * 60_000;
const START_TIMEOUT_MS = 60_000;
// The server's V8 flags, as `npm start` runs it (package.json), and any of BENCH_SERVER_NODE_FLAGS
// (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`: a profile per server, which NODE_OPTIONS refuses).
const SERVER_NODE_FLAGS = ['--max-old-space-size=256', ...(process.env.BENCH_SERVER_NODE_FLAGS ?? '').split(' ').filter(Boolean)];

// ---------------------------------------------------------------- build, database, seed, server

function ensureBuilt() {
  if (fs.existsSync(API_ENTRY) && fs.existsSync(CLI_ENTRY)) return;
  log('dist/ is missing: npm run build…');
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit', timeout: 10 * 60_000 });
}

function seedDemo(databaseUrl, tickets) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_ENTRY, 'seed:demo', '--tickets', String(tickets)], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const kill = () => child.exitCode === null && child.kill('SIGKILL');
    onCleanup(async () => kill());
    const timer = setTimeout(() => {
      kill();
      reject(new Error(`seed:demo --tickets ${tickets} took longer than ${SEED_TIMEOUT_MS / 60_000} minutes`));
    }, SEED_TIMEOUT_MS);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`seed:demo exited with ${code}: ${stderr.trim()}`));
      try {
        resolve(JSON.parse(stdout.trim().split('\n').pop()));
      } catch {
        reject(new Error(`seed:demo printed no JSON: ${stdout}`));
      }
    });
  });
}

async function startServer(databaseUrl, env = {}) {
  const port = await freePort();
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, API_ENTRY], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      RATE_LIMIT_PER_MINUTE: '1000000',
      LOG_LEVEL: 'warn',
      REDIS_URL: '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output = (output + chunk).slice(-20_000)));
  child.stderr.on('data', (chunk) => (output = (output + chunk).slice(-20_000)));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(killer);
  };
  onCleanup(stop);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early (${child.exitCode}):\n${output}`);
    try {
      if ((await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) })).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not answer /health within ${START_TIMEOUT_MS / 1000}s:\n${output}`);
    await sleep(100);
  }
  return { url, child, stop, output: () => output };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------- scenarios

/** Ids, a common tag, a common word and a deep cursor, read through the API like a client would. */
async function prepare(baseUrl, key) {
  const get = async (p) => {
    const response = await fetch(`${baseUrl}${p}`, { headers: { Authorization: `Bearer ${key}` }, signal: AbortSignal.timeout(30_000) });
    return response.ok ? response.json() : null;
  };
  const page = await get('/api/v1/tickets?limit=100');
  const ticketIds = page ? page.data.map((t) => t.id) : [];
  const tags = await get('/api/v1/tags?limit=100');
  const commonTag = tags && tags.data.length ? tags.data.reduce((a, b) => (b.ticket_count > a.ticket_count ? b : a)).name : 'billing';
  const otherTags = tags ? tags.data.map((t) => t.name).filter((name) => name !== commonTag) : [];
  let cursor = null;
  let depth = 0;
  for (let next = page; next && next.meta && next.meta.next_cursor && depth < 20; depth++) {
    cursor = next.meta.next_cursor;
    next = await get(`/api/v1/tickets?limit=50&cursor=${encodeURIComponent(cursor)}`);
  }
  return {
    ticketIds: ticketIds.length ? ticketIds : ['tkt_missing'],
    commonTag,
    otherTags,
    commonWord: 'refund',
    cursor,
    cursorDepth: depth,
  };
}

const STATUS_SETS = ['', 'open', 'open,pending', 'resolved', 'pending', 'closed,resolved'];
const PRIORITY_SETS = ['', 'normal', 'high,urgent', 'low'];
const SORTS = ['created_at:desc', 'created_at:asc', 'updated_at:desc', 'updated_at:asc'];
const LIMITS = [10, 25, 50, 100];

/**
 * The documented list filters in the combinations an integrator's saved views, BI sync and portal
 * send, each distinct: status × priority × tag × sort/order, a third with a `q` word, limits
 * 10–100. Rotated so that no two requests in a row ask the same page: the page cache rarely helps.
 */
function listCombinations(f) {
  const tags = ['', f.commonTag, ...f.otherTags.slice(0, 2)];
  const words = [f.commonWord, 'order', 'login'];
  const paths = [];
  let n = 0;
  for (const status of STATUS_SETS)
    for (const priority of PRIORITY_SETS)
      for (const tag of tags)
        for (const sort of SORTS) {
          const [by, order] = sort.split(':');
          const params = new URLSearchParams();
          if (status) params.set('status', status);
          if (priority) params.set('priority', priority);
          if (tag) params.set('tag', tag);
          if (n % 3 === 0) params.set('q', words[(n / 3) % words.length]);
          params.set('sort', by);
          params.set('order', order);
          params.set('limit', String(LIMITS[n % LIMITS.length]));
          paths.push(`/api/v1/tickets?${params}`);
          n++;
        }
  return paths;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (message) => process.stderr.write(`${message}\n`);

module.exports = { DEFAULT_PG_URL, ensureBuilt, seedDemo, startServer, prepare, listCombinations, log, sleep };
