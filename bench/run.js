#!/usr/bin/env node
'use strict';
/**
 * Load benchmark of the real server: for each data size, a fresh database seeded by
 * `seed:demo`, the built API started as its own process, and autocannon against 127.0.0.1.
 *
 *   npm run bench -- [--db sqlite|postgres] [--sizes 10k,100k,1m] [--duration 10] [--warmup 2] [--connections 50]
 *                    [--only list,get] [--pg-url postgres://…] [--api-processes N] [--redis-url redis://…] [--out FILE]
 *
 * `--api-processes N` (PostgreSQL): N API processes on the one database, as deployed; each
 * scenario's connections are split across them, one autocannon per process run at once.
 *
 * Prints one table and writes bench/results/<timestamp>.json. Any non-2xx answer is counted
 * and the row marked: a missing route (404) or a failing one must show, never average away.
 * Everything it starts (server, seed, temp files, PostgreSQL schema) is removed on exit,
 * failure or Ctrl-C, and every step has a time bound.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { fail, runBench, scratchDatabase } = require('./lifecycle');
const { DEFAULT_PG_URL, ensureBuilt, listCombinations, log, prepare, seedDemo, sleep, startServer } = require('./server');

const RSS_POLL_MS = 200;
const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
const UNCACHED_SUFFIX = ' (no page cache)';

const options = parseArgs(process.argv.slice(2));

runBench('bench', main);

async function main() {
  ensureBuilt();
  const startedAt = new Date();
  const rows = [];
  const runs = [];
  for (const size of options.sizes) {
    const database = await scratchDatabase(options.db, `relay-${size.label}`, options.pgUrl);
    log(`[${size.label}] seeding ${size.tickets} tickets on ${options.db}…`);
    const seed = await seedDemo(database.url, size.tickets);
    log(`[${size.label}] seeded in ${seed.elapsed_seconds}s (${seed.conversations} conversations); starting the server…`);
    // The seed leaves gigabytes of dirty pages at 1M: written back before the server starts, not
    // during the first scenarios (at 1M the first listing row once measured 3,200 req/s and the
    // same kind of rows after it 4,300–5,000). PostgreSQL's are in its own buffers: a checkpoint.
    await database.settle();
    const servers = await startServers(database.url);
    const [server] = servers;
    // The listing scenarios again on a second server whose page cache is off: what a page costs
    // when it has to be rendered (after every write, or a page nobody asked for lately).
    let uncached = null;
    try {
      const fixtures = await prepare(server.url, seed.api_key);
      for (const scenario of scenarios(fixtures)) {
        if (options.only && !options.only.includes(scenario.name.split(' ')[0])) continue;
        log(`[${size.label}] ${scenario.name}…`);
        // Stopped before the writes: a second process on an SQLite file is a second writer.
        if (!scenario.uncached && uncached) uncached = await uncached.stop().then(() => null);
        // The cache-less rows run on one process whatever --api-processes says.
        const targets = scenario.uncached ? [(uncached ??= await startServer(database.url, { TICKET_PAGE_CACHE_MB: '0' }))] : servers;
        for (const target of targets) await settle(target.url);
        const teardown = scenario.setup ? await scenario.setup(targets[0].url, seed.admin_api_key) : null;
        const loadBefore = loadAverage();
        const row = {
          size: size.label,
          tickets: size.tickets,
          seed_seconds: seed.elapsed_seconds,
          api_processes: targets.length,
          ...(await measure(targets, seed.api_key, scenario)),
          load_average: [loadBefore, loadAverage()],
        };
        await teardown?.();
        // What the servers logged (warn and up) by then: the first place to look for a flagged row.
        if (row.flagged) row.server_log_tail = targets.map((target) => target.output().slice(-4000)).join('\n');
        rows.push(row);
      }
      const peaks = servers.map((s) => mb(readStatusKb(s.child.pid, 'VmHWM')));
      log(`[${size.label}] server peak RSS over the whole run: ${peaks.join(' + ')} MB`);
      const { api_key: _key, admin_api_key: _admin, ...seeded } = seed;
      runs.push({ size: size.label, tickets: size.tickets, seed: seeded, server_peak_rss_mb: peaks.reduce((a, b) => a + b, 0) });
    } finally {
      await uncached?.stop();
      for (const s of servers) await s.stop();
      await database.drop();
    }
  }
  printTable(rows);
  const file = writeResults(options.out, startedAt, runs, rows);
  log(`\nresults: ${path.relative(process.cwd(), file)}`);
  const flagged = rows.filter((row) => row.flagged);
  if (flagged.length) log(`${flagged.length} scenario(s) had errors or non-2xx answers (marked "!")`);
  return 0;
}

/**
 * The API processes of a run, as deployed (README, Deploying): with more than one, they share
 * the rate limits through Redis (`--redis-url`), and only the first delivers webhooks (the
 * deployment's APIs run WEBHOOK_DELIVERY=off beside a worker).
 */
async function startServers(databaseUrl) {
  const shared = options.redisUrl ? { REDIS_URL: options.redisUrl } : {};
  const servers = [];
  for (let i = 0; i < options.apiProcesses; i++) {
    servers.push(await startServer(databaseUrl, i === 0 ? shared : { ...shared, WEBHOOK_DELIVERY: 'off' }));
  }
  return servers;
}

// ---------------------------------------------------------------- arguments

function parseArgs(argv) {
  const out = {
    db: 'sqlite',
    sizes: '10k,100k',
    duration: 10,
    warmup: 2,
    connections: 50,
    only: null,
    pgUrl: process.env.BENCH_PG_URL || DEFAULT_PG_URL,
    apiProcesses: 1,
    redisUrl: undefined,
    out: null,
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--db':
        out.db = value();
        break;
      case '--sizes':
        out.sizes = value();
        break;
      case '--duration':
        out.duration = Number(value());
        break;
      case '--warmup':
        out.warmup = Number(value());
        break;
      case '--connections':
        out.connections = Number(value());
        break;
      case '--only':
        out.only = value()
          .split(',')
          .map((s) => s.trim());
        break;
      case '--pg-url':
        out.pgUrl = value();
        break;
      case '--api-processes':
        out.apiProcesses = Number(value());
        break;
      case '--redis-url':
        out.redisUrl = value();
        break;
      case '--out':
        out.out = path.resolve(value());
        break;
      case '--help':
      case '-h':
        process.stdout.write(
          'npm run bench -- [--db sqlite|postgres] [--sizes 10k,100k,1m] [--duration 10] [--warmup 2] [--connections 50] [--only name,…]\n' +
            '                 [--pg-url URL] [--api-processes N] [--redis-url URL] [--out FILE]\n',
        );
        process.exit(0);
        break;
      default:
        fail(`unknown argument ${argv[i]}`);
    }
  }
  if (!['sqlite', 'postgres'].includes(out.db)) fail('--db must be sqlite or postgres');
  if (!Number.isFinite(out.duration) || out.duration < 1 || out.duration > 120) fail('--duration must be 1..120 seconds');
  if (!Number.isFinite(out.warmup) || out.warmup < 0 || out.warmup > 60) fail('--warmup must be 0..60 seconds');
  if (!Number.isInteger(out.connections) || out.connections < 1 || out.connections > 500) fail('--connections must be 1..500');
  if (!Number.isInteger(out.apiProcesses) || out.apiProcesses < 1 || out.apiProcesses > 8) fail('--api-processes must be 1..8');
  // Two processes on one SQLite file are two writers taking turns at one lock: not a deployment.
  if (out.apiProcesses > 1 && out.db !== 'postgres')
    fail('--api-processes is for PostgreSQL only (--db postgres): SQLite runs one process');
  if (out.redisUrl !== undefined && out.db !== 'postgres') fail('--redis-url is for PostgreSQL only (--db postgres)');
  // Processes share their rate limits through Redis when deployed side by side; one alone keeps them in memory.
  out.redisUrl ??= out.apiProcesses > 1 ? process.env.BENCH_REDIS_URL || DEFAULT_REDIS_URL : '';
  out.sizes = out.sizes.split(',').map((label) => {
    const match = /^(\d+)([km]?)$/i.exec(label.trim());
    const tickets = match ? Number(match[1]) * { '': 1, k: 1e3, m: 1e6 }[match[2].toLowerCase()] : NaN;
    if (!Number.isInteger(tickets) || tickets < 1 || tickets > 5e6) fail(`bad size ${label} (use e.g. 10k,100k,1m; at most 5m)`);
    return { label: label.trim().toLowerCase(), tickets };
  });
  return out;
}

function scenarios(f) {
  const rotate = (items) => {
    let i = 0;
    return () => items[i++ % items.length];
  };
  const nextId = rotate(f.ticketIds);
  const listings = [
    { name: 'list', method: 'GET', path: '/api/v1/tickets?limit=50' },
    { name: 'list-open-tag', method: 'GET', path: `/api/v1/tickets?limit=50&status=open&tag=${encodeURIComponent(f.commonTag)}` },
    {
      name: 'list-deep-cursor',
      method: 'GET',
      path: f.cursor ? `/api/v1/tickets?limit=50&cursor=${encodeURIComponent(f.cursor)}` : '/api/v1/tickets?limit=50&cursor=unavailable',
      note: f.cursor ? `page ${f.cursorDepth + 1}` : 'no cursor could be obtained',
    },
    { name: 'search-q', method: 'GET', path: `/api/v1/tickets?limit=50&q=${encodeURIComponent(f.commonWord)}` },
  ];
  return [
    { name: 'health', method: 'GET', path: '/health' },
    { name: 'users-me', method: 'GET', path: '/api/v1/users/me' },
    ...listings,
    ...listings.map((scenario) => ({ ...scenario, name: `${scenario.name}${UNCACHED_SUFFIX}`, uncached: true })),
    { name: 'get-ticket', method: 'GET', path: () => `/api/v1/tickets/${nextId()}` },
    { name: 'create-ticket', method: 'POST', path: '/api/v1/tickets', headers: JSON_HEADERS, body: benchTicket },
    {
      name: 'add-conversation',
      method: 'POST',
      path: () => `/api/v1/tickets/${nextId()}/conversations`,
      headers: JSON_HEADERS,
      body: JSON.stringify({ type: 'note', body: 'Benchmark note: checked the logs, nothing unusual.' }),
    },
    { name: 'analytics-summary', method: 'GET', path: '/api/v1/analytics/summary' },
    ...rotations(f),
    ...slowNeighbours(f, nextId),
    ...automation(),
  ];
}

/**
 * `rotation`: 50 connections over hundreds of distinct listings; `rotation-writes`: the same
 * with one create after every nine reads, so kept pages are rarely still valid.
 */
function rotations(f) {
  const combinations = listCombinations(f);
  let i = 0;
  const nextListing = () => combinations[i++ % combinations.length];
  const note = `${combinations.length} distinct filter/sort/q/limit combinations`;
  const read = { method: 'GET', path: nextListing };
  return [
    { name: 'rotation', method: 'GET', path: nextListing, note },
    {
      name: 'rotation-writes',
      method: 'GET',
      path: '/api/v1/tickets',
      note: `${note}; one POST /tickets after every nine reads`,
      sequence: [...Array(9).fill(read), { method: 'POST', path: '/api/v1/tickets', headers: JSON_HEADERS, body: benchTicket }],
    },
  ];
}

/**
 * `slow-neighbour`: what the cheap requests answer while expensive ones run beside them: a
 * client exporting every ticket and another asking a year's analytics (a new window each time,
 * so the report cache cannot answer), back to back for the whole measurement.
 */
function slowNeighbours(f, nextId) {
  const background = () => {
    let year = 0;
    return [
      '/api/v1/tickets/export?format=ndjson',
      () => {
        const to = new Date(Date.UTC(2027, 0, 1) - 1000 * year++);
        return `/api/v1/analytics/summary?from=${new Date(to.getTime() - 365 * 86_400_000).toISOString()}&to=${to.toISOString()}`;
      },
    ];
  };
  const note = 'while an export of every ticket and a year of analytics run back to back';
  return [
    { name: 'slow-neighbour health', method: 'GET', path: '/health', note, background },
    { name: 'slow-neighbour get-ticket', method: 'GET', path: () => `/api/v1/tickets/${nextId()}`, note, background },
  ];
}

/**
 * `rules-none`, `rules-100-quiet` and `rules-100`: one client creating tickets, first in a
 * workspace without rules, then with 100 enabled `ticket.created` rules that read the subject,
 * the description, the customer's domain and patterns: none of them matching (what evaluating
 * the rules costs), then three matching and acting (plus what their changes, events and run-log
 * entries cost). One connection, so the p50s differ by what the pass costs a create, not by
 * queueing (issue 18 asks < 5 ms).
 */
function automation() {
  const create = { method: 'POST', path: '/api/v1/tickets', headers: JSON_HEADERS, body: benchTicket, connections: 1 };
  return [
    { ...create, name: 'rules-none', note: 'POST /tickets, one connection, no rules' },
    {
      ...create,
      name: 'rules-100-quiet',
      note: 'POST /tickets, one connection, 100 enabled ticket.created rules (none match)',
      setup: (url, key) => withRules(url, key, false),
    },
    {
      ...create,
      name: 'rules-100',
      note: 'POST /tickets, one connection, 100 enabled ticket.created rules (3 match)',
      setup: (url, key) => withRules(url, key, true),
    },
  ];
}

/** Creates the 100 rules of `rules-100*` with the admin key; what it returns deletes them. */
async function withRules(baseUrl, adminKey, matching) {
  const call = async (method, p, body) => {
    const response = await fetch(`${baseUrl}/api/v1${p}`, {
      method,
      headers: { authorization: `Bearer ${adminKey}`, ...JSON_HEADERS },
      body: body && JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    if (!response.ok) throw new Error(`${method} ${p}: ${response.status} ${await response.text()}`);
    return response.status === 204 ? null : response.json();
  };
  const ids = [];
  for (let i = 0; i < 100; i++) {
    const rule = await call('POST', '/rules', { name: `Bench rule ${i}`, events: ['ticket.created'], ...benchRule(i, matching) });
    ids.push(rule.data.id);
  }
  return async () => {
    for (const id of ids) await call('DELETE', `/rules/${id}`);
  };
}

/** Rule `i` of 100: mostly conditions that read the ticket and do not hold, as real rule sets are. */
function benchRule(i, matching) {
  const tag = { type: 'add_tags', tags: [`rule-${i}`] };
  if (!matching) {
    // The three matching rules' conditions, each made to miss.
    if (i === 0) return { conditions: { all: [{ field: 'ticket.subject', operator: 'starts_with', value: 'Urgent' }] }, actions: [tag] };
    if (i === 50)
      return { conditions: { all: [{ field: 'customer.email_domain', operator: 'eq', value: 'example.org' }] }, actions: [tag] };
    if (i === 99) return { conditions: { all: [{ field: 'conversation.body', operator: 'contains', value: 'outage' }] }, actions: [tag] };
  }
  if (i === 0) return { conditions: { all: [{ field: 'ticket.subject', operator: 'starts_with', value: 'Bench' }] }, actions: [tag] };
  if (i === 50) {
    return {
      conditions: { all: [{ field: 'customer.email_domain', operator: 'eq', value: 'example.com' }] },
      actions: [{ type: 'set_priority', priority: 'low' }],
    };
  }
  if (i === 99) return { conditions: { all: [{ field: 'conversation.body', operator: 'contains', value: 'benchmark' }] }, actions: [tag] };
  const conditions = [
    { all: [{ field: 'customer.email_domain', operator: 'in', value: [`partner${i}.example`, `vip${i}.example`] }] },
    { all: [{ field: 'ticket.subject', operator: 'contains_any', value: [`keyword${i}`, `chargeback${i}`] }] },
    {
      all: [],
      any: [
        { field: 'conversation.body', operator: 'matches', value: `order\\s*#?${i}\\d{3}` },
        { field: 'ticket.subject', operator: 'ends_with', value: `#${i}` },
      ],
    },
    {
      all: [
        { field: 'ticket.priority', operator: 'eq', value: 'urgent' },
        { field: 'ticket.channel', operator: 'in', value: ['email', 'chat'] },
      ],
    },
  ][i % 4];
  return { conditions, actions: [tag] };
}

const JSON_HEADERS = { 'content-type': 'application/json' };
let created = 0;
function benchTicket() {
  const n = created++;
  return JSON.stringify({
    subject: `Bench ticket ${n}`,
    customer_email: `bench.customer${n % 500}@example.com`,
    description: 'Created by the benchmark.',
    channel: 'api',
  });
}

/**
 * Runs each of `paths` (strings or functions giving one) in a loop on its own connection until
 * stopped, reading every body to its end; how many completed and failed is what `stop` returns.
 */
function runBackground(baseUrl, key, paths) {
  const controller = new AbortController();
  const tally = { completed: 0, failed: 0, slowest_ms: 0 };
  const loops = paths.map(async (p) => {
    while (!controller.signal.aborted) {
      const started = Date.now();
      try {
        const response = await fetch(`${baseUrl}${typeof p === 'function' ? p() : p}`, {
          headers: { Authorization: `Bearer ${key}` },
          signal: controller.signal,
        });
        for await (const _chunk of response.body) void _chunk;
        if (response.ok) tally.completed++;
        else tally.failed++;
        tally.slowest_ms = Math.max(tally.slowest_ms, Date.now() - started);
      } catch {
        if (!controller.signal.aborted) tally.failed++;
      }
    }
  });
  return async () => {
    controller.abort();
    await Promise.allSettled(loops);
    return tally;
  };
}

/**
 * Waits until /health answers promptly again. Requests still queued in the server when a slow
 * scenario ends (SQLite work blocks the event loop) would otherwise be billed to the next one.
 */
async function settle(baseUrl) {
  const deadline = Date.now() + 120_000;
  let fast = 0;
  while (fast < 3 && Date.now() < deadline) {
    const started = Date.now();
    try {
      await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(5000) });
      fast = Date.now() - started < 100 ? fast + 1 : 0;
    } catch {
      fast = 0;
    }
    await sleep(100);
  }
}

/**
 * One autocannon run per server at once (the scenario's connections split across them, the
 * first ones taking the remainder), bounded in time, with every server's RSS sampled all along.
 */
async function measure(servers, key, scenario) {
  const total = scenario.connections ?? options.connections;
  const shares = servers
    .map((server, i) => ({ server, connections: Math.floor(total / servers.length) + (i < total % servers.length ? 1 : 0) }))
    .filter((share) => share.connections > 0);
  let peakRss = 0;
  const sampleRss = () => (peakRss = Math.max(peakRss, sum(shares.map(({ server }) => readStatusKb(server.child.pid, 'VmRSS')))));
  sampleRss();
  const poller = setInterval(sampleRss, RSS_POLL_MS);
  const stopBackground = scenario.background ? runBackground(servers[0].url, key, scenario.background()) : null;
  let results;
  try {
    results = await Promise.all(shares.map(({ server, connections }) => cannon(server.url, key, scenario, connections)));
  } finally {
    clearInterval(poller);
  }
  const background = stopBackground ? await stopBackground() : null;
  const resolve = (v) => (typeof v === 'function' ? v() : v);
  const statuses = {};
  for (const result of results)
    for (const [code, { count }] of Object.entries(result.statusCodeStats || {})) statuses[code] = (statuses[code] ?? 0) + count;
  const warmups = results.map((result) => result.warmup ?? { non2xx: 0, errors: 0 });
  const counted = (field) => sum(results.map((result) => result[field]));
  // autocannon counts timeouts among errors.
  const bad = counted('non2xx') + counted('errors') + sum(warmups.map((w) => w.non2xx + w.errors));
  return {
    scenario: scenario.name,
    method: scenario.method,
    path: typeof scenario.path === 'string' ? scenario.path : resolve(scenario.path).replace(/tkt_\w+/, '{id}'),
    note: scenario.note || null,
    requests: sum(results.map((result) => result.requests.total ?? result.totalCompletedRequests)),
    req_per_sec: round(sum(results.map((result) => result.requests.average))),
    // Over several processes, each percentile is the highest of theirs: the combined one is never above it.
    latency_p50_ms: Math.max(...results.map((result) => result.latency.p50)),
    latency_p99_ms: Math.max(...results.map((result) => result.latency.p99)),
    non2xx: counted('non2xx'),
    errors: counted('errors'),
    timeouts: counted('timeouts'),
    warmup_non2xx: sum(warmups.map((w) => w.non2xx)),
    warmup_errors: sum(warmups.map((w) => w.errors)),
    status_codes: statuses,
    peak_rss_mb: mb(peakRss),
    ...(background ? { background } : {}),
    flagged: bad > 0,
  };
}

/** One autocannon against one server with `connections` of the scenario's connections. */
async function cannon(url, key, scenario, connections) {
  const autocannon = require('autocannon');
  const headers = { authorization: `Bearer ${key}`, ...(scenario.headers || {}) };
  const resolve = (v) => (typeof v === 'function' ? v() : v);
  const instance = autocannon({
    url,
    connections,
    duration: options.duration,
    // The same load first, not sampled: a scenario's first second runs its code cold (V8 has not
    // compiled it yet, SQLite has not read its pages) and would weigh on a 10 s sample's p99.
    // Its errors still flag the row.
    ...(options.warmup ? { warmup: { duration: options.warmup } } : {}),
    timeout: 10,
    method: scenario.method,
    headers,
    // Path and body per request: some scenarios rotate ids or vary the body; a sequence is
    // repeated in order by every connection.
    requests: (scenario.sequence ?? [scenario]).map((step) => ({
      method: step.method,
      setupRequest: (req) => ({
        ...req,
        method: step.method,
        headers: { ...headers, ...(step.headers || {}) },
        path: resolve(step.path),
        body: resolve(step.body),
      }),
    })),
  });
  const hardStop = setTimeout(() => instance.stop(), (options.warmup + options.duration + 30) * 1000);
  try {
    return await instance;
  } finally {
    clearTimeout(hardStop);
  }
}

// ---------------------------------------------------------------- output

function printTable(rows) {
  const header = ['', 'scenario', 'size', 'req/s', 'p50 ms', 'p99 ms', 'timeouts', 'errors/non-2xx', 'peak RSS MB', 'APIs', 'load'];
  const lines = rows.map((r) => [
    r.flagged ? '!' : '',
    r.scenario,
    r.size,
    String(r.req_per_sec),
    String(r.latency_p50_ms),
    String(r.latency_p99_ms),
    String(r.timeouts),
    r.flagged ? problems(r) : '0',
    String(r.peak_rss_mb),
    String(r.api_processes),
    r.load_average.join('→'),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const format = (cells) => cells.map((c, i) => (i >= 3 && i !== 7 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ');
  process.stdout.write(`\n${format(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n`);
  for (const line of lines) process.stdout.write(`${format(line)}\n`);
}

/** "12 timeouts, 404×3000": what went wrong, by kind. */
function problems(row) {
  const parts = [];
  if (row.timeouts) parts.push(`${row.timeouts} timeouts`);
  if (row.errors > row.timeouts) parts.push(`${row.errors - row.timeouts} errors`);
  for (const [code, n] of Object.entries(row.status_codes)) if (!code.startsWith('2')) parts.push(`${code}×${n}`);
  if (row.warmup_non2xx || row.warmup_errors) parts.push(`warm-up: ${row.warmup_non2xx} non-2xx, ${row.warmup_errors} errors`);
  return parts.join(', ');
}

function writeResults(out, startedAt, runs, rows) {
  const file = out ?? path.join(__dirname, 'results', `${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const machine = {
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    cpus: os.cpus().length,
    cpu_model: os.cpus()[0]?.model,
    memory_gb: round(os.totalmem() / 2 ** 30),
  };
  const settings = {
    db: options.db,
    sizes: options.sizes.map((s) => s.label),
    duration_seconds: options.duration,
    warmup_seconds: options.warmup,
    connections: options.connections,
    api_processes: options.apiProcesses,
    redis: Boolean(options.redisUrl),
  };
  fs.writeFileSync(file, `${JSON.stringify({ started_at: startedAt.toISOString(), machine, settings, runs, results: rows }, null, 2)}\n`);
  return file;
}

// ---------------------------------------------------------------- helpers

/** A field of /proc/<pid>/status in kB (VmRSS now, VmHWM peak since start); 0 once gone. */
function readStatusKb(pid, field) {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** The machine's 1-minute load average (`uptime`'s first figure): it is shared, and this says how busy it was. */
const loadAverage = () => round(os.loadavg()[0]);
const sum = (values) => values.reduce((a, b) => a + b, 0);
const mb = (kb) => Math.round(kb / 102.4) / 10;
const round = (n) => Math.round(n * 10) / 10;
