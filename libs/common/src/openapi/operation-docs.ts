import type { OpenAPIObject } from '@nestjs/swagger';
import type { OperationObject, ParameterObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { operationsOf } from './lintable';

type Schemas = Record<string, SchemaObject>;
interface CodeSample {
  lang: string;
  label: string;
  source: string;
}

/**
 * What every operation shows a reader: a description (the summary, then who may call it), a
 * request-body example that succeeds as sent, and `x-codeSamples` in curl and TypeScript
 * (openapi-fetch over types generated from this document) that /docs renders.
 */
export function documentOperations(document: OpenAPIObject): OpenAPIObject {
  const schemas = (document.components?.schemas ?? {}) as Schemas;
  for (const { path, method, operation } of operationsOf(document)) {
    operation.description = describe(operation);
    const json = (
      operation.requestBody as
        | { content?: Record<string, { schema?: SchemaObject; example?: unknown; examples?: Record<string, { value: unknown }> }> }
        | undefined
    )?.content?.['application/json'];
    // A body example given whole (`@ApiBody({ examples })`, when one built from the properties
    // would not succeed) becomes the example, the only one the docs and Postman read.
    if (json?.examples) {
      json.example = Object.values(json.examples)[0]?.value;
      delete json.examples;
    }
    if (json && json.example === undefined) json.example = exampleOf(json.schema, schemas);
    (operation as unknown as Record<string, unknown>)['x-codeSamples'] = codeSamples(path, method, operation, json?.example);
  }
  return document;
}

function describe(operation: OperationObject): string {
  const permissions = (operation as unknown as Record<string, unknown>)['x-required-permissions'] as string[] | undefined;
  const who =
    permissions === undefined
      ? 'No API key needed.'
      : permissions.length
        ? `Requires the ${permissions.map((p) => `\`${p}\``).join(', ')} permission${permissions.length > 1 ? 's' : ''}.`
        : 'Any valid API key.';
  const summary = operation.summary ? `${operation.summary.replace(/\.$/, '')}.` : '';
  return [summary, operation.description, who].filter(Boolean).join('\n\n');
}

/**
 * An example body: the required properties and those with an example of their own, leaving out
 * placeholder ids (`cus_…`) that cannot succeed as sent and alternatives the schema says to give
 * only one of.
 */
export function exampleOf(schema: SchemaObject | undefined, schemas: Schemas): unknown {
  // A property's own example wins over its referenced schema's (an enum's first value).
  if (schema?.example !== undefined) return schema.example;
  const resolved = resolve(schema, schemas);
  if (!resolved) return undefined;
  if (resolved.example !== undefined) return resolved.example;
  if (resolved.enum) return resolved.enum[0];
  if (resolved.type === 'array') {
    const item = exampleOf(resolved.items as SchemaObject, schemas);
    return item === undefined ? [] : [item];
  }
  if (resolved.type !== 'object' && !resolved.properties) return placeholder(resolved);
  const example: Record<string, unknown> = {};
  const required = new Set(resolved.required ?? []);
  for (const [name, property] of Object.entries(resolved.properties ?? {}) as [string, SchemaObject][]) {
    const own = resolve(property, schemas);
    const hasExample = own?.example !== undefined && !String(own.example).includes('…');
    if (!required.has(name) && !hasExample) continue;
    const value = exampleOf(property, schemas);
    if (value !== undefined && (required.has(name) || !String(value).includes('…'))) example[name] = value;
  }
  return example;
}

function resolve(schema: SchemaObject | { $ref?: string } | undefined, schemas: Schemas): SchemaObject | undefined {
  const wrapped = (schema as SchemaObject | undefined)?.allOf;
  const ref =
    (schema as { $ref?: string } | undefined)?.$ref ?? (wrapped?.length === 1 ? (wrapped[0] as { $ref?: string }).$ref : undefined);
  return ref ? schemas[ref.replace('#/components/schemas/', '')] : (schema as SchemaObject | undefined);
}

function placeholder(schema: SchemaObject): unknown {
  switch (schema.type) {
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    default:
      return schema.format === 'date-time' ? '2026-01-01T00:00:00Z' : 'Example text';
  }
}

const shellVar = (name: string) => `$${name.toUpperCase()}`;

function codeSamples(path: string, method: string, operation: OperationObject, body: unknown): CodeSample[] {
  const isPublic = (operation as unknown as Record<string, unknown>)['x-required-permissions'] === undefined;
  const url = `$RELAY_URL${path.replace(/\{(\w+)\}/g, (_m, name: string) => shellVar(name))}`;
  const curl = [
    `curl -sS${method === 'get' ? '' : ` -X ${method.toUpperCase()}`} "${url}"`,
    ...(isPublic ? [] : ['  -H "Authorization: Bearer $RELAY_API_KEY"']),
    ...(body === undefined ? [] : ['  -H "Content-Type: application/json"', `  -d '${JSON.stringify(body).replace(/'/g, "'\\''")}'`]),
  ].join(' \\\n');

  const pathParams = ((operation.parameters ?? []) as ParameterObject[]).filter((p) => p.in === 'path').map((p) => p.name);
  const options = [
    ...(pathParams.length
      ? [`params: { path: { ${pathParams.map((name) => `${name}: process.env.${name.toUpperCase()}!`).join(', ')} } }`]
      : []),
    ...(body === undefined ? [] : [`body: ${JSON.stringify(body)}`]),
  ];
  const ts = [
    "import createClient from 'openapi-fetch';",
    "import type { paths } from './relay'; // npx openapi-typescript $RELAY_URL/openapi.json -o relay.d.ts",
    '',
    'const relay = createClient<paths>({',
    '  baseUrl: process.env.RELAY_URL,',
    ...(isPublic ? [] : ['  headers: { Authorization: `Bearer ${process.env.RELAY_API_KEY}` },']),
    '});',
    `const { data, error } = await relay.${method.toUpperCase()}('${path}'${options.length ? `, { ${options.join(', ')} }` : ''});`,
    // Health checks answer their own shape, not the API's error envelope.
    isPublic
      ? 'if (error) throw new Error(JSON.stringify(error));'
      : 'if (error) throw new Error(`${error.error.code}: ${error.error.message}`);',
    'console.log(data);',
  ].join('\n');
  return [
    { lang: 'shell', label: 'curl', source: curl },
    { lang: 'typescript', label: 'TypeScript', source: ts },
  ];
}

/**
 * A Swagger UI plugin (serialised into the /docs page, so it must stay self-contained) that shows
 * each operation's `x-codeSamples` under it.
 */
export function codeSamplesPlugin(system: { React: { createElement: (...args: unknown[]) => unknown } }): object {
  const h = system.React.createElement;
  return {
    wrapComponents: {
      operation: (Original: unknown) => (props: { operation?: { get?: (key: string) => unknown } }) => {
        const op = props.operation;
        let samples =
          op?.get?.('x-codeSamples') ?? (op?.get?.('op') as { get?: (key: string) => unknown } | undefined)?.get?.('x-codeSamples');
        if (samples && typeof (samples as { toJS?: () => unknown }).toJS === 'function')
          samples = (samples as { toJS: () => unknown }).toJS();
        const list = Array.isArray(samples) && op?.get?.('isShown') !== false ? (samples as CodeSample[]) : [];
        return h(
          'div',
          null,
          h(Original, props),
          list.length
            ? h(
                'div',
                { className: 'opblock-section', style: { padding: '0 20px 10px' } },
                ...list.map((s) => h('div', { key: s.label }, h('h4', null, s.label), h('pre', { className: 'microlight' }, s.source))),
              )
            : null,
        );
      },
    },
  };
}
