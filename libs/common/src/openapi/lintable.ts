import type { OpenAPIObject } from '@nestjs/swagger';
import type { OperationObject, ParameterObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

export const HTTP_METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;

type Json = Record<string, unknown>;

/** Every operation of the document with its path and method. */
export function operationsOf(
  document: OpenAPIObject,
): { path: string; method: (typeof HTTP_METHODS)[number]; operation: OperationObject }[] {
  const found = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (operation) found.push({ path, method, operation });
    }
  }
  return found;
}

/**
 * Reshapes what @nestjs/swagger emits into a document that generators and linters take as it
 * comes (redocly `recommended`, openapi-typescript defaults, hey-api, Postman), for every route
 * present and future:
 * - a relative server, an explicit `security: []` on routes that need no key, a licence, and
 *   no `bearerFormat` (keys are opaque `rly_…`, not JWTs);
 * - no `default` in request bodies: generators read a default as "always present" and make the
 *   field required; the default moves into the description (and is dropped in PATCH bodies,
 *   where leaving a field out means "unchanged");
 * - no single-schema `allOf` wrappers: a bare `$ref`, or the enum inlined when the property
 *   carries its own description;
 * - query arrays declared as the comma lists the server reads (`style: form, explode: false`);
 * - schema names without the `Dto` suffix of the classes they come from.
 */
export function makeLintable(document: OpenAPIObject): OpenAPIObject {
  document.servers = [{ url: '/', description: 'This Relay server (paths carry the /api/v1 prefix)' }];
  document.info.license ??= { name: 'Proprietary' };
  for (const scheme of Object.values(document.components?.securitySchemes ?? {})) delete (scheme as unknown as Json).bearerFormat;
  const schemas = (document.components?.schemas ?? {}) as Record<string, SchemaObject>;
  for (const { method, operation } of operationsOf(document)) {
    operation.security ??= [];
    const sunset = (operation as unknown as Json)['x-sunset'];
    if (sunset) {
      operation.deprecated = true;
      operation.description =
        `${operation.description ?? ''}\n\n**Deprecated**: answers carry \`Deprecation\` and \`Sunset\` headers; it stops answering at ${String(sunset)}.`.trim();
    }
    for (const parameter of (operation.parameters ?? []) as ParameterObject[]) {
      if (parameter.in === 'query' && (parameter.schema as SchemaObject | undefined)?.type === 'array') {
        Object.assign(parameter, { style: 'form', explode: false });
      }
    }
    const body = (operation.requestBody as { content?: Record<string, { schema?: SchemaObject }> } | undefined)?.content;
    for (const media of Object.values(body ?? {})) {
      for (const schema of requestSchemas(media.schema, schemas)) moveDefaults(schema, method === 'patch');
    }
  }
  unwrapSingleAllOf(document, schemas);
  return renameSchemas(document, schemaName);
}

/** `CreateTicketDto` → `CreateTicketRequest`, `ErrorResponseDto` → `ErrorResponse`. */
function schemaName(name: string): string {
  if (name === 'ErrorDto') return 'ErrorObject';
  if (!name.endsWith('Dto')) return name;
  const bare = name.slice(0, -3);
  return /(Response|Detail|Meta|Request)$/.test(bare) ? bare : `${bare}Request`;
}

/** The schema of a request body and the component schemas it refers to, recursively. */
function requestSchemas(root: SchemaObject | undefined, schemas: Record<string, SchemaObject>): SchemaObject[] {
  const found: SchemaObject[] = [];
  const visit = (schema: unknown) => {
    if (!schema || typeof schema !== 'object') return;
    const ref = (schema as { $ref?: string }).$ref;
    if (ref) {
      const target = schemas[ref.replace('#/components/schemas/', '')];
      if (target && !found.includes(target)) {
        found.push(target);
        visit(target);
      }
      return;
    }
    if (!found.includes(schema as SchemaObject)) found.push(schema as SchemaObject);
    const s = schema as SchemaObject;
    for (const child of [...Object.values(s.properties ?? {}), s.items, ...(s.allOf ?? []), ...(s.oneOf ?? []), ...(s.anyOf ?? [])])
      visit(child);
  };
  visit(root);
  return found;
}

function moveDefaults(schema: SchemaObject, isPatch: boolean): void {
  for (const property of Object.values(schema.properties ?? {}) as SchemaObject[]) {
    if (property.default === undefined) continue;
    if (!isPatch) {
      const note = `Default: \`${JSON.stringify(property.default)}\`.`;
      property.description = property.description ? `${property.description} ${note}` : note;
    }
    delete property.default;
  }
}

const WRAPPER_SIBLINGS = ['description', 'example', 'readOnly', 'writeOnly', 'deprecated'];

function unwrapSingleAllOf(document: OpenAPIObject, schemas: Record<string, SchemaObject>): void {
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(visit);
    const schema = node as Json;
    const allOf = schema.allOf as Json[] | undefined;
    if (allOf?.length === 1 && typeof allOf[0].$ref === 'string') {
      const ref = allOf[0].$ref;
      const target = schemas[ref.replace('#/components/schemas/', '')];
      const siblings = Object.keys(schema).filter((key) => key !== 'allOf');
      delete schema.allOf;
      if (siblings.length === 0) {
        schema.$ref = ref;
      } else if (target?.enum && siblings.every((key) => WRAPPER_SIBLINGS.includes(key) || key === 'nullable')) {
        // OpenAPI 3.0 ignores a $ref's siblings, so an enum that needs its own description is inlined.
        Object.assign(schema, { type: target.type, enum: schema.nullable ? [...target.enum, null] : target.enum }, { ...schema });
      } else if (target && siblings.every((key) => WRAPPER_SIBLINGS.includes(key))) {
        // OpenAPI 3.0 ignores a $ref's siblings: the description moves to the schema referred to.
        if (typeof schema.description === 'string') target.description ??= schema.description;
        for (const key of siblings) delete schema[key];
        schema.$ref = ref;
      } else {
        schema.allOf = allOf;
      }
    }
    Object.values(schema).forEach(visit);
  };
  visit(document.paths);
  visit(document.components?.schemas);
}

function renameSchemas(document: OpenAPIObject, rename: (name: string) => string): OpenAPIObject {
  const schemas = document.components?.schemas ?? {};
  const renamed: Record<string, string> = {};
  for (const name of Object.keys(schemas)) if (rename(name) !== name) renamed[name] = rename(name);
  if (Object.keys(renamed).length === 0) return document;
  document.components!.schemas = Object.fromEntries(Object.entries(schemas).map(([name, schema]) => [renamed[name] ?? name, schema]));
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(visit);
    const object = node as Json;
    if (typeof object.$ref === 'string' && object.$ref.startsWith('#/components/schemas/')) {
      const name = object.$ref.slice('#/components/schemas/'.length);
      if (renamed[name]) object.$ref = `#/components/schemas/${renamed[name]}`;
    }
    if (object.mapping && typeof object.mapping === 'object') {
      for (const [key, ref] of Object.entries(object.mapping as Record<string, string>)) {
        const name = ref.slice('#/components/schemas/'.length);
        if (renamed[name]) (object.mapping as Record<string, string>)[key] = `#/components/schemas/${renamed[name]}`;
      }
    }
    Object.values(object).forEach(visit);
  };
  visit(document);
  return document;
}
