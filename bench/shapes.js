#!/usr/bin/env node
'use strict';
/**
 * Query shapes, one at a time: every combination of the documented `/tickets` filters this
 * builds (status × priority × tag(s) × sort/order, a third with a `q` word, some with
 * `team_id`, limits 10–100) is timed alone against the built API with its page cache off, on a
 * database seeded by `seed:demo`. Each shape is asked `--reps` times, the first page and then
 * the pages its cursors lead to, so no two requests are the same. Prints p50/p99 per shape,
 * the slowest shapes and a summary; writes bench/results/shapes-<timestamp>.json.
 *
 *   npm run bench:shapes -- [--size 100k] [--reps 3] [--db sqlite|postgres] [--pg-url URL]
 *                           [--reuse NAME] [--top 10] [--match SUBSTRING]
 *
 * `--reuse NAME` keeps the seeded database (SQLite: $TMPDIR/relay-shapes/NAME.sqlite; PostgreSQL:
 * schema shapes_NAME) and reuses it on the next run with the same NAME, so a change to indexes
 * (the server migrates on start) is measured on the same data without seeding again.
 * DATABASE_URL picks PostgreSQL too (`postgres://…`), as the API does.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { URLSearchParams } = require('node:url');
const { fail, runBench, scratchDatabase } = require('./lifecycle');
const { DEFAULT_PG_URL, ensureBuilt, listCombinations, log, prepare, seedDemo, startServer } = require('./server');

const options = parseArgs(process.argv.slice(2));

runBench('bench:shapes', main);

async function main() {
  ensureBuilt();
  const startedAt = new Date();
  const { url, seed } = await database();
  // No page cache: every request renders its page, as after a write.
  const server = await startServer(url, { TICKET_PAGE_CACHE_MB: '0' });
  try {
    const fixtures = await prepare(server.url, seed.api_key);
    const shapes = shapeList(fixtures).filter((shape) => !options.match || shape.includes(options.match));
    log(`${shapes.length} shapes × ${options.reps} requests, ${seed.tickets} tickets on ${options.db}…`);
    const rows = [];
    for (const shape of shapes) rows.push(await timeShape(server.url, seed.api_key, shape));
    report(rows);
    const file = path.join(__dirname, 'results', `shapes-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const settings = { db: options.db, tickets: seed.tickets, reps: options.reps };
    fs.writeFileSync(
      file,
      `${JSON.stringify({ started_at: startedAt.toISOString(), settings, summary: summary(rows), shapes: rows }, null, 2)}\n`,
    );
    log(`\nresults: ${path.relative(process.cwd(), file)}`);
  } finally {
    await server.stop();
  }
  return 0;
}

/** The seeded database: a scratch one, or the kept one named by --reuse (seeded on first use). */
async function database() {
  if (!options.reuse) {
    const scratch = await scratchDatabase(options.db, `relay-shapes-${options.size.label}`, options.pgUrl);
    log(`seeding ${options.size.tickets} tickets on ${options.db}…`);
    return { url: scratch.url, seed: await seedDemo(scratch.url, options.size.tickets) };
  }
  const dir = path.join(os.tmpdir(), 'relay-shapes');
  fs.mkdirSync(dir, { recursive: true });
  const name = `${options.reuse}-${options.db}-${options.size.label}`;
  const seedFile = path.join(dir, `${name}.json`);
  let url;
  if (options.db === 'sqlite') url = `sqlite:${path.join(dir, `${name}.sqlite`)}`;
  else {
    const pg = new URL(options.pgUrl);
    pg.searchParams.set('schema', `shapes_${name.replace(/\W/g, '_')}`);
    url = pg.toString();
  }
  if (fs.existsSync(seedFile)) return { url, seed: JSON.parse(fs.readFileSync(seedFile, 'utf8')) };
  log(`seeding ${options.size.tickets} tickets on ${options.db} (kept as ${name})…`);
  const seed = { ...(await seedDemo(url, options.size.tickets)), tickets: options.size.tickets };
  fs.writeFileSync(seedFile, JSON.stringify(seed));
  return { url, seed };
}

/**
 * The shapes: the rotation's combinations (bench/run.js) with two tags at once and a team
 * filter added, each distinct.
 */
function shapeList(f) {
  const twoTags = f.otherTags.length ? `${f.commonTag},${f.otherTags[0]}` : f.commonTag;
  const base = listCombinations(f).map((p) => p.replace('/api/v1/tickets?', ''));
  const extra = base
    .filter((_, i) => i % 6 === 0)
    .map((query, i) => {
      const params = new URLSearchParams(query);
      if (i % 2 === 0) params.set('tag', twoTags);
      else params.set('team_id', 'none');
      return params.toString();
    });
  const all = [...new Set([...base, ...extra])];
  // Every n-th, so each filter keeps its share at any --limit.
  const step = Math.max(1, all.length / options.limit);
  return Array.from({ length: Math.min(options.limit, all.length) }, (_, i) => all[Math.floor(i * step)]);
}

/** The shape asked `reps` times along its cursors; the times of the requests that were answered. */
async function timeShape(baseUrl, key, query) {
  const times = [];
  let cursor = null;
  let total = null;
  const errors = [];
  for (let rep = 0; rep < options.reps; rep++) {
    const started = process.hrtime.bigint();
    const url = `${baseUrl}/api/v1/tickets?${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const response = await fetch(url, { headers: { Authorization: `Bearer ${key}` }, signal: AbortSignal.timeout(60_000) });
    const body = await response.json();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (!response.ok) {
      errors.push(response.status);
      continue;
    }
    total = body.meta.total;
    // The next request continues the listing; at its end it starts over (a first page again).
    cursor = body.meta.next_cursor;
  }
  return { shape: query, p50_ms: round(percentile(times, 0.5)), p99_ms: round(percentile(times, 0.99)), total, errors };
}

function report(rows) {
  const slowest = [...rows].sort((a, b) => b.p99_ms - a.p99_ms).slice(0, options.top);
  const width = Math.max(...slowest.map((r) => r.shape.length));
  process.stdout.write(
    `\nslowest ${slowest.length} shapes (ms)\n${'shape'.padEnd(width)}  ${'p50'.padStart(7)}  ${'p99'.padStart(7)}  total\n`,
  );
  for (const r of slowest)
    process.stdout.write(
      `${r.shape.padEnd(width)}  ${String(r.p50_ms).padStart(7)}  ${String(r.p99_ms).padStart(7)}  ${r.total}${r.errors.length ? `  errors ${r.errors}` : ''}\n`,
    );
  const s = summary(rows);
  process.stdout.write(
    `\n${s.shapes} shapes: p99 per shape — median ${s.median_p99_ms} ms, p90 ${s.p90_p99_ms} ms, max ${s.max_p99_ms} ms; ` +
      `${s.over_50ms} over 50 ms, ${s.over_100ms} over 100 ms; ${s.errors} errors\n`,
  );
}

function summary(rows) {
  const p99s = rows.map((r) => r.p99_ms);
  return {
    shapes: rows.length,
    median_p99_ms: round(percentile(p99s, 0.5)),
    p90_p99_ms: round(percentile(p99s, 0.9)),
    max_p99_ms: round(Math.max(...p99s)),
    over_50ms: p99s.filter((t) => t > 50).length,
    over_100ms: p99s.filter((t) => t > 100).length,
    errors: rows.reduce((n, r) => n + r.errors.length, 0),
  };
}

function parseArgs(argv) {
  const out = {
    db: process.env.DATABASE_URL?.startsWith('postgres') ? 'postgres' : 'sqlite',
    size: '100k',
    reps: 3,
    limit: 160,
    top: 10,
    reuse: null,
    match: null,
    pgUrl: process.env.DATABASE_URL?.startsWith('postgres') ? process.env.DATABASE_URL : process.env.BENCH_PG_URL || DEFAULT_PG_URL,
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    if (flag === '--db') out.db = value();
    else if (flag === '--size') out.size = value();
    else if (flag === '--reps') out.reps = Number(value());
    else if (flag === '--shapes') out.limit = Number(value());
    else if (flag === '--top') out.top = Number(value());
    else if (flag === '--reuse') out.reuse = value();
    else if (flag === '--match') out.match = value();
    else if (flag === '--pg-url') out.pgUrl = value();
    else fail(`unknown argument ${argv[i]} (see the comment at the top of bench/shapes.js)`);
  }
  if (!['sqlite', 'postgres'].includes(out.db)) fail('--db must be sqlite or postgres');
  if (!Number.isInteger(out.reps) || out.reps < 1 || out.reps > 100) fail('--reps must be 1..100');
  if (!Number.isInteger(out.limit) || out.limit < 1) fail('--shapes must be a positive integer');
  if (out.reuse !== null && !/^\w+$/.test(out.reuse)) fail('--reuse takes a name of letters, digits and _');
  const match = /^(\d+)([km]?)$/i.exec(out.size.trim());
  const tickets = match ? Number(match[1]) * { '': 1, k: 1e3, m: 1e6 }[match[2].toLowerCase()] : NaN;
  if (!Number.isInteger(tickets) || tickets < 1 || tickets > 5e6) fail(`bad --size ${out.size} (e.g. 10k, 100k, 1m)`);
  out.size = { label: out.size.trim().toLowerCase(), tickets };
  return out;
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

const round = (n) => Math.round(n * 10) / 10;
