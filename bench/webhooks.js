#!/usr/bin/env node
'use strict';
/**
 * Webhook delivery throughput of the real server: a receiver on 127.0.0.1, one endpoint
 * subscribed to `ticket.created`, N tickets created through the API for one customer (each
 * commits exactly one such event), and the time from the first create until every event has
 * arrived, signed and verified.
 *
 *   npm run bench:webhooks -- [--db sqlite|postgres] [--events 2000] [--connections 20] [--pg-url postgres://…] [--slow-ms 1000]
 *
 * With --slow-ms, a second endpoint subscribes too, its receiver answering each request after
 * that long: the first endpoint's figures then show how much a slow endpoint holds up the others
 * (`slow_*` report the slow one; duplicates there mean a claim's lease ran out mid-send).
 *
 * Prints one JSON object (create and delivery times, events per second, duplicates) and exits 1
 * if not every event arrived within the time bound. The server, temp files and PostgreSQL schema
 * are removed on exit.
 */
const { spawn, execFileSync } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const path = require('node:path');
const { fail, onCleanup, runBench, scratchDatabase } = require('./lifecycle');

const ROOT = path.join(__dirname, '..');
const API_ENTRY = path.join(ROOT, 'dist/apps/api/src/main.js');
const ARRIVAL_TIMEOUT_MS = 120_000;

const options = parseArgs(process.argv.slice(2));

runBench('bench:webhooks', main);

async function main() {
  if (!fs.existsSync(API_ENTRY)) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  const { Webhook } = require('standardwebhooks');
  const receiver = await startReceiver();
  const { url: databaseUrl } = await scratchDatabase(options.db, 'relay', options.pgUrl);
  const bootstrapKey = `rly_${randomBytes(24).toString('hex')}`;
  const server = await startServer(databaseUrl, bootstrapKey);
  const api = (method, p, body) =>
    fetch(`${server.url}/api/v1${p}`, {
      method,
      headers: { authorization: `Bearer ${bootstrapKey}`, 'content-type': 'application/json' },
      body: body && JSON.stringify(body),
    }).then(async (response) => {
      if (!response.ok) throw new Error(`${method} ${p}: ${response.status} ${await response.text()}`);
      return response.json();
    });

  const { data: customer } = await api('POST', '/customers', { email: `webhook.bench.${Date.now().toString(36)}@example.com` });
  const { data: endpoint } = await api('POST', '/webhooks', { url: receiver.url, events: ['ticket.created'] });
  const verifier = new Webhook(endpoint.secret);
  receiver.verify = (headers, body) => verifier.verify(body, headers);
  let slow = null;
  if (options.slowMs > 0) {
    slow = await startReceiver(options.slowMs);
    const { data: slowEndpoint } = await api('POST', '/webhooks', { url: slow.url, events: ['ticket.created'] });
    const slowVerifier = new Webhook(slowEndpoint.secret);
    slow.verify = (headers, body) => slowVerifier.verify(body, headers);
  }

  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: options.connections }, async () => {
      while (next < options.events) {
        const n = next++;
        await api('POST', '/tickets', { subject: `Webhook bench ${n}`, customer_id: customer.id });
      }
    }),
  );
  const createdAfter = performance.now() - started;
  await receiver.waitFor(options.events, ARRIVAL_TIMEOUT_MS);
  const deliveredAfter = performance.now() - started;

  const result = {
    db: options.db,
    events: options.events,
    connections: options.connections,
    create_seconds: round(createdAfter / 1000),
    all_delivered_seconds: round(deliveredAfter / 1000),
    delivered_per_second: round(options.events / (deliveredAfter / 1000)),
    last_arrival_after_last_create_ms: Math.round(deliveredAfter - createdAfter),
    requests_received: receiver.requests,
    duplicates: receiver.requests - receiver.ids.size,
    bad_signatures: receiver.badSignatures,
  };
  if (slow) {
    await slow.waitFor(options.events, ARRIVAL_TIMEOUT_MS);
    Object.assign(result, {
      slow_ms: options.slowMs,
      slow_all_delivered_seconds: round((performance.now() - started) / 1000),
      slow_requests_received: slow.requests,
      slow_duplicates: slow.requests - slow.ids.size,
      slow_bad_signatures: slow.badSignatures,
    });
  }
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  return result.bad_signatures === 0 && !result.slow_bad_signatures ? 0 : 1;
}

function parseArgs(argv) {
  const out = {
    db: 'sqlite',
    events: 2000,
    connections: 20,
    slowMs: 0,
    pgUrl: process.env.BENCH_PG_URL || 'postgres://postgres@127.0.0.1:5432/test',
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    if (flag === '--db') out.db = value();
    else if (flag === '--events') out.events = Number(value());
    else if (flag === '--connections') out.connections = Number(value());
    else if (flag === '--pg-url') out.pgUrl = value();
    else if (flag === '--slow-ms') out.slowMs = Number(value());
    else {
      process.stderr.write(
        'npm run bench:webhooks -- [--db sqlite|postgres] [--events 2000] [--connections 20] [--pg-url URL] [--slow-ms MS]\n',
      );
      process.exit(2);
    }
  }
  if (!['sqlite', 'postgres'].includes(out.db)) fail('--db must be sqlite or postgres');
  if (!Number.isInteger(out.events) || out.events < 1 || out.events > 1e6) fail('--events must be 1..1000000');
  if (!Number.isInteger(out.connections) || out.connections < 1 || out.connections > 500) fail('--connections must be 1..500');
  if (!Number.isInteger(out.slowMs) || out.slowMs < 0 || out.slowMs > 9000) fail('--slow-ms must be 0..9000');
  return out;
}

/** Counts every request, dedupes by webhook-id and checks each signature; answers after `delayMs`. */
function startReceiver(delayMs = 0) {
  const receiver = { requests: 0, ids: new Set(), badSignatures: 0, verify: null, waiters: [] };
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      receiver.requests++;
      try {
        receiver.verify(req.headers, Buffer.concat(chunks).toString('utf8'));
      } catch {
        receiver.badSignatures++;
      }
      receiver.ids.add(req.headers['webhook-id']);
      const answer = () => {
        res.writeHead(204).end();
        receiver.waiters.splice(0).forEach((wake) => wake());
      };
      if (delayMs > 0) setTimeout(answer, delayMs);
      else answer();
    });
  });
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      onCleanup(() => new Promise((done) => (server.closeAllConnections(), server.close(() => done()))));
      receiver.url = `http://127.0.0.1:${server.address().port}/hooks`;
      receiver.waitFor = (count, timeoutMs) =>
        new Promise((done, reject) => {
          const timer = setTimeout(
            () => reject(new Error(`only ${receiver.ids.size} of ${count} events arrived within ${timeoutMs / 1000} s`)),
            timeoutMs,
          );
          const check = () => {
            if (receiver.ids.size >= count) {
              clearTimeout(timer);
              done();
            } else receiver.waiters.push(check);
          };
          check();
        });
      resolve(receiver);
    });
  });
}

async function startServer(databaseUrl, bootstrapKey) {
  const port = await new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port: free } = probe.address();
      probe.close(() => resolve(free));
    });
  });
  const child = spawn(process.execPath, [API_ENTRY], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      RELAY_BOOTSTRAP_KEY: bootstrapKey,
      RATE_LIMIT_PER_MINUTE: '1000000',
      WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
      LOG_LEVEL: 'warn',
      REDIS_URL: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output = (output + chunk).slice(-20_000)));
  child.stderr.on('data', (chunk) => (output = (output + chunk).slice(-20_000)));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  onCleanup(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(killer);
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early (${child.exitCode}):\n${output}`);
    try {
      if ((await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) })).ok) return { url };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not answer /health within 60 s:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function round(value) {
  return Math.round(value * 100) / 100;
}
