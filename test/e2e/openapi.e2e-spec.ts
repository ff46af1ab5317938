import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import * as ts from 'typescript';
import { startTestApp, TestApp } from '../helpers/test-app';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');

type Operation = {
  operationId?: string;
  tags?: string[];
  security?: unknown[];
  description?: string;
  'x-required-permissions'?: string[];
  responses: Record<string, { description?: string; content?: Record<string, { schema?: { $ref?: string } }> }>;
};

// The OpenAPI document is what integrators generate clients from: it must be valid and usable.
describe('OpenAPI document', () => {
  let t: TestApp;
  let baseUrl: string;
  let doc: { openapi: string; paths: Record<string, Record<string, Operation>> };
  const dir = join(ROOT, 'test', '.tmp', `openapi-${randomBytes(4).toString('hex')}`);

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    baseUrl = await t.app.getUrl();
    doc = (await t.http.get('/openapi.json').expect(200)).body;
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'openapi.json'), JSON.stringify(doc));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await t.close();
  });

  it('validates against the OpenAPI 3 schema', async () => {
    // The validator is an ES module; run it the way a CI step would.
    const script = `import { Validator } from '@seriousme/openapi-schema-validator';
      const result = await new Validator().validate(process.argv[1]);
      console.log(JSON.stringify(result));`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script, join(dir, 'openapi.json')], { cwd: ROOT });
    const result = JSON.parse(stdout);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.openapi).toMatch(/^3\.0\./);
  });

  it('gives every operation a unique operationId, a tag, and documented errors; bearer security outside /health', () => {
    const ids = new Set<string>();
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const where = `${method.toUpperCase()} ${path}`;
        expect({ where, operationId: op.operationId }).toEqual({ where, operationId: expect.stringMatching(/^[a-z][A-Za-z]+$/) });
        expect(ids.has(op.operationId!)).toBe(false);
        ids.add(op.operationId!);
        expect({ where, tags: op.tags?.length }).toEqual({ where, tags: 1 });
        if (path.startsWith('/health')) continue;
        expect({ where, security: op.security }).toEqual({ where, security: [{ bearer: [] }] });
        expect({ where, has401: Boolean(op.responses['401']) }).toEqual({ where, has401: true });
        const error = op.responses['401'].content?.['application/json']?.schema?.$ref;
        expect(error).toBe('#/components/schemas/ErrorResponseDto');
      }
    }
    expect(ids.size).toBeGreaterThan(5);
  });

  it('documents key management as api_keys:* and the caps on minting keys', () => {
    const keys = doc.paths['/api/v1/api-keys'];
    expect(keys.get['x-required-permissions']).toEqual(['api_keys:read']);
    expect(keys.post['x-required-permissions']).toEqual(['api_keys:write']);
    expect(doc.paths['/api/v1/api-keys/{id}'].delete['x-required-permissions']).toEqual(['api_keys:write']);
    expect(keys.post.responses['409'].description).toContain('100 active keys');
    expect(keys.post.responses['429'].description).toContain('30 keys created by this user in the last hour');
    expect(keys.post.description).toMatch(/expires_at.*not be later than its expiry/);
  });

  it('documents the input rules: date forms, decimal limits, tag names and caps, CSV neutralisation', () => {
    type Parameter = { name: string; in: string; description?: string; schema?: { type?: string; format?: string } };
    const params = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).flatMap(([method, op]) => ((op as { parameters?: Parameter[] }).parameters ?? []).map((p) => ({ where: `${method} ${path} ${p.name}`, ...p }))),
    );
    const dates = params.filter((p) => /(_after|_before)$|^(from|to)$/.test(p.name) && p.in === 'query');
    expect(dates.length).toBeGreaterThanOrEqual(11);
    for (const p of dates) {
      expect({ where: p.where, format: p.schema?.format, forms: p.description?.includes('`2026-01-13`, read as 00:00 UTC') }).toEqual({ where: p.where, format: 'date-time', forms: true });
    }
    for (const p of params.filter((p) => p.name === 'limit')) expect({ where: p.where, type: p.schema?.type }).toEqual({ where: p.where, type: 'integer' });

    const responses = (path: string, method: string) => (doc.paths[path][method] as unknown as { responses: Record<string, { description: string }> }).responses;
    expect(responses('/api/v1/webhooks', 'post')['409'].description).toContain('50 webhook endpoints');
    const text = JSON.stringify(doc);
    expect(text).toContain('never contains `,` or `;`');
    expect(text).toContain('a ticket carries at most 50 tags');
    expect(text).toContain("is written with a leading `'` (OWASP's CSV-injection advice)");
  });

  it('generates a client (openapi-typescript + openapi-fetch) that type-checks and calls /users/me', async () => {
    // Generated with the openapi-typescript CLI, as an integrator would.
    const cli = join(ROOT, 'node_modules', 'openapi-typescript', 'bin', 'cli.js');
    await run(process.execPath, [cli, join(dir, 'openapi.json'), '-o', join(dir, 'schema.d.ts')], { cwd: ROOT });
    const client = `
import createClient from 'openapi-fetch';
import type { paths } from './schema';

type Role = 'admin' | 'agent' | 'viewer';

export async function main(baseUrl: string, key: string): Promise<{ email: string; role: Role; total: number }> {
  const client = createClient<paths>({ baseUrl });
  const headers = { Authorization: \`Bearer \${key}\` };
  const me = await client.GET('/api/v1/users/me', { headers });
  if (!me.data) throw new Error(JSON.stringify(me.error));
  const users = await client.GET('/api/v1/users', { headers, params: { query: { limit: 10, order: 'asc' } } });
  if (!users.data) throw new Error(JSON.stringify(users.error));
  const missing = await client.GET('/api/v1/users/{id}', { headers, params: { path: { id: 'usr_missing' } } });
  const code: string | undefined = missing.error?.error.code;
  if (code !== 'not_found') throw new Error('expected not_found, got ' + code);
  const nextCursor: string | null = users.data.meta.next_cursor;
  void nextCursor;
  return { email: me.data.data.email, role: me.data.data.role, total: users.data.meta.total };
}
`;
    await writeFile(join(dir, 'client.ts'), client);

    const options: ts.CompilerOptions = {
      strict: true,
      noEmit: true,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
      skipLibCheck: true,
      types: [],
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    };
    const program = ts.createProgram([join(dir, 'client.ts')], options);
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(diagnostics).toEqual([]);

    const js = ts.transpileModule(client, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } });
    await writeFile(join(dir, 'client.js'), js.outputText);
    const { stdout } = await run(
      process.execPath,
      ['-e', `require(process.argv[1]).main(process.argv[2], process.argv[3]).then((r) => console.log(JSON.stringify(r)))`, join(dir, 'client.js'), baseUrl, t.adminKey],
      { cwd: ROOT },
    );
    expect(JSON.parse(stdout)).toEqual({ email: 'admin@relay.local', role: 'admin', total: 1 });
  });
});
