import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export const APP_PATH = '/app';
const NONCE_PLACEHOLDER = '{{CSP_NONCE}}';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

/**
 * Contract §13: the page may load only its own files; the component library writes its theme
 * variables into <style> elements, which carry this response's nonce (no 'unsafe-inline').
 */
export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data:",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "object-src 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/** Where `npm run build` writes the Settings app (dist/web), from the built or the source tree. */
function findWebRoot(): string | undefined {
  return [join(__dirname, '..', '..', '..', 'web'), join(__dirname, '..', '..', '..', 'dist', 'web')].find(isBuilt);
}

const isBuilt = (dir: string) => existsSync(join(dir, 'index.html'));

function readTree(root: string, dir = root, files = new Map<string, Buffer>()): Map<string, Buffer> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) readTree(root, path, files);
    else files.set(relative(root, path).split(sep).join('/'), readFileSync(path));
  }
  return files;
}

/**
 * Serves the Settings app (apps/web, built into dist/web) at /app from memory: its hashed assets
 * as immutable files, and index.html for every other path under /app (the app routes in the
 * browser). Without a build the routes are not registered and /app answers the API's 404.
 */
export function serveSettingsApp(fastify: FastifyInstance, webRoot = findWebRoot()): boolean {
  if (!webRoot || !isBuilt(webRoot)) return false;
  const files = readTree(webRoot);
  const index = files.get('index.html')!.toString('utf8');
  const secure = (reply: FastifyReply, nonce: string) =>
    reply
      .header('Content-Security-Policy', contentSecurityPolicy(nonce))
      .header('X-Content-Type-Options', 'nosniff')
      .header('Referrer-Policy', 'no-referrer')
      .header('X-Frame-Options', 'DENY')
      .header('Cross-Origin-Opener-Policy', 'same-origin');

  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    // Asset names are plain ASCII: the path is compared as sent, never decoded.
    const path = new URL(request.url, 'http://relay').pathname.slice(APP_PATH.length + 1);
    const nonce = randomBytes(16).toString('base64');
    secure(reply, nonce);
    const file = files.get(path);
    if (file && path !== 'index.html') {
      const immutable = path.startsWith('assets/');
      return reply
        .header('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
        .type(TYPES[extname(path)] ?? 'application/octet-stream')
        .send(file);
    }
    // A missing asset is a 404, never the page: a stale tab must not run HTML as a script.
    if (path.startsWith('assets/')) return reply.code(404).type('text/plain; charset=utf-8').send('Not found');
    return reply.header('Cache-Control', 'no-store').type(TYPES['.html']).send(index.replaceAll(NONCE_PLACEHOLDER, nonce));
  };
  fastify.get(APP_PATH, handler);
  fastify.get(`${APP_PATH}/*`, handler);
  return true;
}
