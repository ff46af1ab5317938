import type { OpenAPIObject } from '@nestjs/swagger';
import type { OperationObject, ParameterObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { operationsOf } from './lintable';

const SCHEMA = 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json';

interface Request {
  path: string;
  method: string;
  operation: OperationObject;
  /** Collection variables this request's URL needs. */
  needs: string[];
}

const camel = (s: string) => s.replace(/[-_](\w)/g, (_m, c: string) => c.toUpperCase());
const singular = (s: string) => s.replace(/ies$/, 'y').replace(/s$/, '');

/**
 * The collection variable standing for a path parameter: `/tickets/{id}` → `ticketId`,
 * `/tags/{name}` → `tagName`, and a nested one named after both owners, so that two parents'
 * deliveries never share a variable: `/webhooks/{id}/deliveries/{delivery_id}` →
 * `webhookDeliveryId`.
 */
function variableOf(path: string, parameter: string): string {
  const segments = path.split('/');
  const at = segments.indexOf(`{${parameter}}`);
  const [owner = 'record', parent] = segments
    .slice(0, at)
    .reverse()
    .filter((s) => s && !s.startsWith('{') && !s.startsWith('by-') && s !== 'api' && s !== 'v1');
  const resource = camel(singular(owner));
  const name = camel(parameter);
  const capital = (s: string) => `${s[0].toUpperCase()}${s.slice(1)}`;
  if (!name.toLowerCase().startsWith(resource.toLowerCase())) return `${resource}${capital(name)}`;
  return parent && parameter !== 'id' ? `${camel(singular(parent))}${capital(name)}` : name;
}

/** Ids come back as `data.id` from a create, or `data[0].id` from a list; the var of `<path>/{x}`. */
function capturedBy(path: string, method: string, paths: string[]): { variable: string; key: string } | undefined {
  if (method !== 'post' && method !== 'get') return undefined;
  const child = paths.find((p) => p.startsWith(`${path}/{`) && /^\{[^}]+\}$/.test(p.slice(path.length + 1).split('/')[0]));
  if (!child) return undefined;
  // A record is named by `id`, or (team members) by the field the path parameter names.
  const key = child.slice(path.length + 2).split('}')[0];
  return { variable: variableOf(child, key), key };
}

/**
 * Within a tag: creates first, then actions on what exists, reads, updates, actions on ids only
 * a list captures (a delivery to redeliver), and deletes last.
 */
function rank(request: Request, paths: string[], capturedByCreate: Set<string>): number {
  const { path, method, needs } = request;
  if (method === 'delete') return 5;
  if (method === 'put' || method === 'patch') return 3;
  if (method === 'get') return 2;
  if (capturedBy(path, method, paths)) return 0;
  return needs.every((v) => capturedByCreate.has(v)) ? 1 : 4;
}

/**
 * A Postman v2.1 collection generated from the OpenAPI document: `baseUrl` and `apiKey`
 * variables (bearer auth on the collection), one folder per tag, the documented example bodies,
 * and test scripts that check each answer and keep the ids later requests need, ordered so
 * that a fresh server passes every request in one run.
 */
export function toPostmanCollection(document: OpenAPIObject): object {
  // Sign-in and the browser session's own routes need a person's password or cookie, not a key.
  const operations = operationsOf(document).filter(
    ({ operation }) => !(operation as { 'x-browser-session'?: boolean })['x-browser-session'],
  );
  const paths = Object.keys(document.paths);
  const requests: Request[] = operations.map(({ path, method, operation }) => ({
    path,
    method,
    operation,
    needs: ((operation.parameters ?? []) as ParameterObject[]).filter((p) => p.in === 'path').map((p) => variableOf(path, p.name)),
  }));
  const capturedByCreate = new Set(
    requests
      .filter((r) => r.method === 'post')
      .map((r) => capturedBy(r.path, r.method, paths)?.variable)
      .filter(Boolean) as string[],
  );

  const tags = [...new Set(requests.map((r) => r.operation.tags?.[0] ?? 'Other'))];
  const ordered = tags.map((tag) => ({
    tag,
    requests: requests
      .filter((r) => (r.operation.tags?.[0] ?? 'Other') === tag)
      .map((r, index) => ({ r, index }))
      .sort((a, b) => rank(a.r, paths, capturedByCreate) - rank(b.r, paths, capturedByCreate) || a.index - b.index)
      .map(({ r }) => r),
  }));
  const flat = ordered.flatMap((folder) => folder.requests);

  const variables = new Map<string, string>([
    ['baseUrl', 'http://localhost:3000'],
    ['apiKey', ''],
  ]);
  for (const request of requests) {
    for (const parameter of (request.operation.parameters ?? []) as ParameterObject[]) {
      if (parameter.in !== 'path') continue;
      const example = parameter.example ?? (parameter.schema as { example?: unknown } | undefined)?.example;
      const name = variableOf(request.path, parameter.name);
      if (!variables.get(name)) variables.set(name, example === undefined ? '' : String(example));
    }
  }

  const item = ordered.map(({ tag, requests: inFolder }) => ({
    name: tag,
    description: document.tags?.find((t) => t.name === tag)?.description,
    item: inFolder.map((request) => {
      const later = flat.slice(flat.indexOf(request) + 1);
      return toItem(request, paths, document, later, variables);
    }),
  }));

  return {
    info: {
      name: document.info.title,
      description: `${document.info.description}\n\nSet \`baseUrl\` (e.g. http://localhost:3000) and \`apiKey\` (an \`rly_…\` key); run the folders in order. Signing in and the browser session's routes are left out: they need a person's password or session cookie.`,
      version: document.info.version,
      schema: SCHEMA,
    },
    auth: { type: 'bearer', bearer: [{ key: 'token', value: '{{apiKey}}', type: 'string' }] },
    variable: [...variables].map(([key, value]) => ({ key, value, type: 'string' })),
    item,
  };
}

function toItem(request: Request, paths: string[], document: OpenAPIObject, later: Request[], variables: Map<string, string>): object {
  const { path, method, operation } = request;
  let urlPath = path;
  for (const parameter of (operation.parameters ?? []) as ParameterObject[]) {
    if (parameter.in === 'path') urlPath = urlPath.replace(`{${parameter.name}}`, `{{${variableOf(path, parameter.name)}}}`);
  }
  const prerequest: string[] = [];
  // A delete of something later requests still use removes a fresh copy instead.
  const ownVar = method === 'delete' && path.endsWith('}') ? request.needs[request.needs.length - 1] : undefined;
  const parent = path.slice(0, path.lastIndexOf('/'));
  const create = document.paths[parent]?.post;
  const createExample = (create?.requestBody as { content?: Record<string, { example?: unknown }> } | undefined)?.content?.[
    'application/json'
  ]?.example;
  if (ownVar && createExample !== undefined && later.some((r) => r.needs.includes(ownVar))) {
    const throwaway = `${ownVar}ToDelete`;
    variables.set(throwaway, '');
    urlPath = urlPath.replace(`{{${ownVar}}}`, `{{${throwaway}}}`);
    prerequest.push(
      'pm.sendRequest({',
      `  url: pm.variables.replaceIn('{{baseUrl}}${parent.replace(/\{(\w+)\}/g, (_m, p: string) => `{{${variableOf(parent, p)}}}`)}'),`,
      "  method: 'POST',",
      "  header: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + pm.variables.get('apiKey') },",
      // A copy of a record with a unique name (a team, a rule) needs a name of its own.
      `  body: { mode: 'raw', raw: pm.variables.replaceIn(${JSON.stringify(JSON.stringify(uniquelyNamed(createExample)))}) },`,
      `}, (error, response) => pm.collectionVariables.set('${throwaway}', response.json().data.id));`,
    );
  }
  const captured = capturedBy(path, method, paths);
  const test = [
    "pm.test('answers 2xx', () => pm.expect(pm.response.code).to.be.within(200, 299));",
    ...(captured
      ? [
          "const body = pm.response.headers.get('Content-Type')?.includes('json') ? pm.response.json() : {};",
          'const record = Array.isArray(body.data) ? body.data[0] : body.data;',
          `const captured = record && (record.id ?? record.${captured.key});`,
          `if (captured && (${method === 'post'} || !pm.collectionVariables.get('${captured.variable}'))) pm.collectionVariables.set('${captured.variable}', captured);`,
        ]
      : []),
  ];
  const body = withVariables(
    (operation.requestBody as { content?: Record<string, { example?: unknown }> } | undefined)?.content?.['application/json']?.example,
    variables,
    path,
  );
  const isPublic = !operation.security?.length;
  return {
    name: operation.summary ?? operation.operationId,
    request: {
      method: method.toUpperCase(),
      ...(isPublic ? { auth: { type: 'noauth' } } : {}),
      header: body === undefined ? [] : [{ key: 'Content-Type', value: 'application/json' }],
      url: { raw: `{{baseUrl}}${urlPath}`, host: ['{{baseUrl}}'], path: urlPath.split('/').filter(Boolean) },
      ...(body === undefined ? {} : { body: { mode: 'raw', raw: JSON.stringify(body, null, 2), options: { raw: { language: 'json' } } } }),
      description: operation.description,
    },
    event: [
      ...(prerequest.length ? [{ listen: 'prerequest', script: { type: 'text/javascript', exec: prerequest } }] : []),
      { listen: 'test', script: { type: 'text/javascript', exec: test } },
    ],
  };
}

/**
 * A placeholder id in an example body (`"ticket_id": "tkt_…"`) becomes the variable holding a
 * real one; placeholders in a list (`PUT /rules/order {"ids": ["rul_…"]}`) become the path's
 * resource's (`ruleId`), or the one a field names (`"user_ids"` → `userId`).
 */
function withVariables(example: unknown, variables: Map<string, string>, path: string): unknown {
  if (!example || typeof example !== 'object' || Array.isArray(example)) return example;
  const placeholder = (value: unknown, variable: string) =>
    typeof value === 'string' && value.includes('…') && variables.has(variable) ? `{{${variable}}}` : value;
  const owner = path.split('/').find((s) => s && s !== 'api' && s !== 'v1') ?? 'record';
  const ownId = `${camel(singular(owner))}Id`;
  return Object.fromEntries(
    Object.entries(example).map(([field, value]) => [
      field,
      Array.isArray(value)
        ? value.map((item) => placeholder(item, field.endsWith('_ids') ? camel(field.slice(0, -1)) : ownId))
        : placeholder(value, camel(field)),
    ]),
  );
}

/** The example with `{{$timestamp}}` after its `name`, when it has one. */
function uniquelyNamed(example: unknown): unknown {
  if (!example || typeof example !== 'object' || Array.isArray(example) || !('name' in example)) return example;
  return { ...example, name: `${String((example as { name: unknown }).name)} {{$timestamp}}` };
}
