import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import { startTestApp, TestApp } from '../helpers/test-app';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');

type Operation = {
  operationId?: string;
  tags?: string[];
  description?: string;
  security?: unknown[];
  'x-codeSamples'?: { label: string }[];
  'x-required-permissions'?: string[];
  responses: Record<string, unknown>;
};
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

// The OpenAPI document is what integrators generate clients from: it must be valid and usable.
describe('OpenAPI document', () => {
  let t: TestApp;
  let doc: { openapi: string; servers: unknown[]; info: Json; components: Json; paths: Record<string, Record<string, Operation>> };
  const dir = join(ROOT, 'test', '.tmp', `openapi-${randomBytes(4).toString('hex')}`);

  beforeAll(async () => {
    t = await startTestApp();
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

  it('gives every operation a unique operationId, a tag, a description, code samples and documented errors; bearer security outside /health and sign-in', () => {
    const ids = new Set<string>();
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const where = `${method.toUpperCase()} ${path}`;
        expect({ where, operationId: op.operationId }).toEqual({ where, operationId: expect.stringMatching(/^[a-z][A-Za-z]+$/) });
        expect(ids.has(op.operationId!)).toBe(false);
        ids.add(op.operationId!);
        expect({ where, tags: op.tags?.length }).toEqual({ where, tags: 1 });
        expect({ where, description: op.description }).toEqual({ where, description: expect.stringMatching(/\S{3}/) });
        expect({ where, samples: op['x-codeSamples']?.map((s) => s.label) }).toEqual({ where, samples: ['curl', 'TypeScript'] });
        // Health checks, and signing in (x-no-key: still rate limited per IP), need no key.
        if (path.startsWith('/health') || (op as { 'x-no-key'?: boolean })['x-no-key']) {
          expect({ where, security: op.security }).toEqual({ where, security: [] });
          continue;
        }
        expect({ where, security: op.security }).toEqual({ where, security: [{ bearer: [] }] });
        expect({ where, unauthorized: op.responses['401'] }).toEqual({
          where,
          unauthorized: { $ref: '#/components/responses/Unauthorized' },
        });
      }
    }
    expect(ids.size).toBeGreaterThan(5);
    const keyless = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([, op]) => (op as { 'x-no-key'?: boolean })['x-no-key'])
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    expect(keyless.sort()).toEqual(['POST /api/v1/auth/invites/{token}', 'POST /api/v1/auth/sessions']);
  });

  it('documents key management as api_keys:* and the caps on minting keys', () => {
    const keys = doc.paths['/api/v1/api-keys'];
    expect(keys.get['x-required-permissions']).toEqual(['api_keys:read']);
    expect(keys.post['x-required-permissions']).toEqual(['api_keys:write']);
    expect(doc.paths['/api/v1/api-keys/{id}'].delete['x-required-permissions']).toEqual(['api_keys:write']);
    const responses = keys.post.responses as Json;
    expect(responses['409'].description).toContain('100 active keys');
    expect(responses['429'].description).toContain('30 keys created by this user in the last hour');
    expect(keys.post.description).toMatch(/expires_at.*not be later than its expiry/);
  });

  it('documents the input rules: date forms, decimal limits, tag names and caps, CSV neutralisation', () => {
    type Parameter = { name: string; in: string; description?: string; schema?: { type?: string; format?: string } };
    const params = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).flatMap(([method, op]) =>
        ((op as { parameters?: Parameter[] }).parameters ?? []).map((p) => ({ where: `${method} ${path} ${p.name}`, ...p })),
      ),
    );
    const dates = params.filter((p) => /(_after|_before)$|^(from|to)$/.test(p.name) && p.in === 'query');
    expect(dates.length).toBeGreaterThanOrEqual(11);
    for (const p of dates) {
      expect({ where: p.where, format: p.schema?.format, forms: p.description?.includes('`2026-01-13`, read as 00:00 UTC') }).toEqual({
        where: p.where,
        format: 'date-time',
        forms: true,
      });
    }
    for (const p of params.filter((p) => p.name === 'limit'))
      expect({ where: p.where, type: p.schema?.type }).toEqual({ where: p.where, type: 'integer' });

    const responses = (path: string, method: string) =>
      (doc.paths[path][method] as unknown as { responses: Record<string, { description: string }> }).responses;
    expect(responses('/api/v1/webhooks', 'post')['409'].description).toContain('50 webhook endpoints');
    const text = JSON.stringify(doc);
    expect(text).toContain('never contains `,` or `;`');
    expect(text).toContain('a ticket carries at most 50 tags');
    expect(text).toContain("is written with a leading `'` (OWASP's CSV-injection advice)");
  });

  it('renders the code samples in /docs', async () => {
    const init = (await t.http.get('/docs/swagger-ui-init.js').expect(200)).text;
    expect(init).toContain('wrapComponents');
    expect(init).toContain("get?.('x-codeSamples')");
  });

  it('passes `redocly lint --extends recommended` with no errors', async () => {
    const cli = join(ROOT, 'node_modules', '@redocly', 'cli', 'bin', 'cli.js');
    const { stdout } = await run(
      process.execPath,
      [cli, 'lint', '--extends', 'recommended', '--format', 'json', join(dir, 'openapi.json')],
      { cwd: ROOT },
    ).catch((error: { stdout: string }) => ({ stdout: error.stdout }));
    const problems = (JSON.parse(stdout) as { problems: { severity: string; ruleId: string; message: string }[] }).problems;
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('shares what generators would otherwise repeat: headers and error responses in components, names without Dto', () => {
    expect(Object.keys(doc.components.headers).sort()).toEqual([
      'ETag',
      'Retry-After',
      'X-RateLimit-Limit',
      'X-RateLimit-Remaining',
      'X-RateLimit-Reset',
      'X-Request-Id',
    ]);
    expect(JSON.stringify(doc.paths).includes('"X-RateLimit-Limit":{"description"')).toBe(false);
    expect(Object.keys(doc.components.schemas).filter((name) => /Dto$/.test(name))).toEqual([]);
    // A single-schema allOf stays only where OpenAPI 3.0 needs it: to make a $ref nullable.
    const wrappers: string[] = [];
    const visit = (node: unknown, at: string): void => {
      if (!node || typeof node !== 'object') return;
      const schema = node as Json;
      if (Array.isArray(schema.allOf) && schema.allOf.length === 1 && schema.allOf[0].$ref && schema.nullable !== true) wrappers.push(at);
      for (const [key, child] of Object.entries(schema)) visit(child, `${at}/${key}`);
    };
    visit(doc, '#');
    expect(wrappers).toEqual([]);
    expect(doc.servers).toEqual([expect.objectContaining({ url: '/' })]);
    expect(doc.info.license).toEqual(expect.objectContaining({ name: expect.any(String) }));
    expect(doc.components.securitySchemes.bearer).toEqual({ type: 'http', scheme: 'bearer', description: expect.any(String) });
  });

  it('gives each error status its own example, in the code the server answers with', () => {
    const codes: Record<string, string> = {
      BadRequest: 'validation_failed',
      Unauthorized: 'unauthorized',
      Forbidden: 'forbidden',
      NotFound: 'not_found',
      Conflict: 'conflict',
      IdempotencyMismatch: 'idempotency_mismatch',
      RateLimited: 'rate_limited',
      InternalError: 'internal_error',
      Unavailable: 'unavailable',
    };
    for (const [name, code] of Object.entries(codes)) {
      const example = doc.components.responses[name]?.content?.['application/json']?.example as { error: { code: string } } | undefined;
      expect({ name, code: example?.error.code }).toEqual({ name, code });
    }
  });

  it('keeps request defaults out of required fields and declares comma lists as the server reads them', () => {
    const body = doc.components.schemas.CreateTicketRequest as {
      properties: Record<string, { default?: unknown; description?: string }>;
      required: string[];
    };
    expect(body.required).toEqual(['subject']);
    expect(body.properties.priority).toEqual(
      expect.objectContaining({ enum: ['low', 'normal', 'high', 'urgent'], description: expect.stringContaining('Default: `"normal"`') }),
    );
    expect(JSON.stringify(doc.components.schemas.UpdateTicketRequest)).not.toContain('Default');
    const status = (
      doc.paths['/api/v1/tickets'].get as unknown as { parameters: { name: string; style?: string; explode?: boolean }[] }
    ).parameters.find((p) => p.name === 'status');
    expect(status).toEqual(expect.objectContaining({ style: 'form', explode: false }));
  });

  it('documents POST /tickets with an example that succeeds as sent', async () => {
    const example = (doc.paths['/api/v1/tickets'].post as unknown as { requestBody: { content: Record<string, { example: object }> } })
      .requestBody.content['application/json'].example;
    const created = await t.http.post('/api/v1/tickets').set('Authorization', `Bearer ${t.adminKey}`).send(example);
    expect(created.status).toBe(201);
    expect(created.body.data).toEqual(
      expect.objectContaining(
        example instanceof Object && 'subject' in example ? { subject: (example as { subject: string }).subject } : {},
      ),
    );
  });

  it('types webhook payloads per event type, discriminated by type', () => {
    const event = doc.components.schemas.WebhookEvent as {
      oneOf: { $ref: string }[];
      discriminator: { propertyName: string; mapping: Record<string, string> };
    };
    expect(event.discriminator.propertyName).toBe('type');
    expect(Object.keys(event.discriminator.mapping)).toEqual(expect.arrayContaining(['ticket.created', 'customer.updated', 'ping']));
    const created = doc.components.schemas.TicketCreatedEvent as { properties: { data: { $ref: string }; type: { enum: string[] } } };
    expect(created.properties.data).toEqual({ $ref: '#/components/schemas/TicketResponse' });
    expect(created.properties.type.enum).toEqual(['ticket.created']);
    const callback = (
      doc.paths['/api/v1/webhooks'].post as unknown as {
        callbacks: Record<string, Record<string, { post: { requestBody: { content: Record<string, { schema: unknown }> } } }>>;
      }
    ).callbacks;
    expect(callback.event['{$request.body#/url}'].post.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/WebhookEvent',
    });
  });
});
