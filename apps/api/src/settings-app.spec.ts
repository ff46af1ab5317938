import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { FastifyInstance } from 'fastify';
import { serveSettingsApp } from './settings-app';

describe('serveSettingsApp', () => {
  let root: string;
  let fastify: FastifyInstance;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'relay-web-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(
      join(root, 'index.html'),
      '<meta name="csp-nonce" content="{{CSP_NONCE}}"><script type="module" src="/app/assets/a.js"></script>',
    );
    writeFileSync(join(root, 'assets', 'a.js'), 'console.log(1)');
    fastify = Fastify();
    expect(serveSettingsApp(fastify, root)).toBe(true);
    await fastify.ready();
  });
  afterAll(async () => {
    await fastify.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('answers every client route with the page, its nonce in the CSP and in the page, never cached', async () => {
    const nonces = new Set<string>();
    for (const url of ['/app', '/app/', '/app/webhooks/wh_1', '/app/invite/abc?x=1']) {
      const response = await fastify.inject({ url });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(response.headers['cache-control']).toBe('no-store');
      const nonce = /'nonce-([^']+)'/.exec(String(response.headers['content-security-policy']))![1];
      expect(response.body).toContain(`content="${nonce}"`);
      nonces.add(nonce);
    }
    expect(nonces.size).toBe(4);
  });

  it('serves hashed assets as immutable files with the same headers, and a missing asset as 404', async () => {
    const asset = await fastify.inject({ url: '/app/assets/a.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(asset.headers['cache-control']).toContain('immutable');
    expect(asset.headers['x-content-type-options']).toBe('nosniff');
    expect(asset.headers['referrer-policy']).toBe('no-referrer');
    expect(String(asset.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
    const missing = await fastify.inject({ url: '/app/assets/b.js' });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).not.toContain('<script');
  });

  it('registers nothing without a build', () => {
    const empty = mkdtempSync(join(tmpdir(), 'relay-web-'));
    expect(serveSettingsApp(Fastify(), empty)).toBe(false);
    rmSync(empty, { recursive: true });
  });
});
