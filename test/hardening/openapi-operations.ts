/**
 * Reads the app's own OpenAPI document and turns it into requests, so the hardening suites are
 * generated from the documented contract rather than hand-picked routes: the list of operations,
 * well-formed values for their parameters and bodies (from the schema's examples or constraints),
 * and fast-check arbitraries for valid and mutated bodies.
 */
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import type { Hono } from 'hono';

// biome-ignore lint/suspicious/noExplicitAny: any Hono app built by createApp.
export type AnyApp = Hono<any, any, any>;

/** The slice of JSON Schema (OpenAPI 3.1) our document uses. */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
  maxItems?: number;
  example?: unknown;
  default?: unknown;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: JsonSchema;
}

export interface Operation {
  method: string;
  /** OpenAPI form: /models/{modelId} */
  path: string;
  secured: boolean;
  parameters: Parameter[];
  bodySchema?: JsonSchema;
  /** Documented response statuses, e.g. ['200', '400', '401']. */
  responses: string[];
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OperationObject>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

interface OperationObject {
  security?: unknown[];
  parameters?: Parameter[];
  requestBody?: { content?: { 'application/json'?: { schema?: JsonSchema } } };
  responses?: Record<string, unknown>;
}

export async function fetchDocument(app: AnyApp): Promise<OpenApiDocument> {
  const response = await app.request('/openapi.json');
  if (response.status !== 200) throw new Error(`openapi.json: ${response.status}`);
  return (await response.json()) as OpenApiDocument;
}

/** Every documented operation, in document order. */
export function operationsOf(doc: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      operations.push({
        method: method.toUpperCase(),
        path,
        secured: (operation.security?.length ?? 0) > 0,
        parameters: operation.parameters ?? [],
        bodySchema: operation.requestBody?.content?.['application/json']?.schema,
        responses: Object.keys(operation.responses ?? {}),
      });
    }
  }
  return operations;
}

export const label = (operation: Pick<Operation, 'method' | 'path'>) =>
  `${operation.method} ${operation.path}`;

export function resolve(doc: OpenApiDocument, schema: JsonSchema): JsonSchema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.replace('#/components/schemas/', '');
  const target = doc.components?.schemas?.[name];
  if (!target) throw new Error(`unresolved ${schema.$ref}`);
  return resolve(doc, target);
}

function typesOf(schema: JsonSchema): string[] {
  if (Array.isArray(schema.type)) return schema.type;
  if (schema.type) return [schema.type];
  if (schema.properties) return ['object'];
  return [];
}

function sampleString(schema: JsonSchema): string {
  if (schema.pattern) {
    const [value] = fc.sample(fc.stringMatching(new RegExp(schema.pattern)), { numRuns: 1, seed: 7 });
    return (value as string).slice(0, schema.maxLength ?? Number.POSITIVE_INFINITY);
  }
  if (schema.format === 'uri') return 'https://example.com/terms';
  const length = Math.max(schema.minLength ?? 1, Math.min(8, schema.maxLength ?? 8));
  return `x${randomBytes(8).toString('hex')}`.slice(0, length).padEnd(length, 'x');
}

/**
 * One well-formed value for `schema`: its example when it has one, else the smallest value its
 * constraints allow (required properties only).
 */
export function sampleValue(doc: OpenApiDocument, raw: JsonSchema): unknown {
  const schema = resolve(doc, raw);
  if (schema.example !== undefined) return structuredClone(schema.example);
  if (schema.enum) return schema.enum[0];
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives?.[0]) return sampleValue(doc, alternatives[0]);
  const type = typesOf(schema).find((t) => t !== 'null') ?? 'null';
  switch (type) {
    case 'object':
      return Object.fromEntries(
        (schema.required ?? []).map((key) => [key, sampleValue(doc, schema.properties?.[key] ?? {})]),
      );
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () => sampleValue(doc, schema.items ?? {}));
    case 'string':
      return sampleString(schema);
    case 'integer':
    case 'number':
      return schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 1);
    case 'boolean':
      return true;
    default:
      return null;
  }
}

/** Substitutes path parameters: `values[name]`, else a well-formed value that names nothing real. */
export function fillPath(
  doc: OpenApiDocument,
  operation: Operation,
  values: Record<string, string> = {},
): string {
  return operation.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const parameter = operation.parameters.find((p) => p.in === 'path' && p.name === name);
    const value = values[name] ?? String(sampleValue(doc, parameter?.schema ?? { type: 'string' }));
    return encodeURIComponent(value);
  });
}

/** Required headers (If-Match) with their example values, overridable. */
export function requiredHeaders(
  doc: OpenApiDocument,
  operation: Operation,
  values: Record<string, string> = {},
): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const parameter of operation.parameters) {
    if (parameter.in !== 'header') continue;
    headers[parameter.name] = values[parameter.name] ?? String(sampleValue(doc, parameter.schema));
  }
  return headers;
}

/** A request for `operation` with well-formed parameters and body; `credentials` are extra headers. */
export function wellFormedRequest(
  doc: OpenApiDocument,
  operation: Operation,
  credentials: Record<string, string> = {},
  pathValues: Record<string, string> = {},
  body?: unknown,
): [string, RequestInit] {
  const headers: Record<string, string> = { ...requiredHeaders(doc, operation), ...credentials };
  const init: RequestInit = { method: operation.method, headers };
  const payload = body ?? (operation.bodySchema ? sampleValue(doc, operation.bodySchema) : undefined);
  if (payload !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(payload);
  }
  return [fillPath(doc, operation, pathValues), init];
}

// ---------------------------------------------------------------------------------------------
// fast-check arbitraries from the schema (valid values) and mutations of them.

const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.string(),
  fc.constantFrom(-1, 0, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 1.5),
  fc.constantFrom('', ' ', '\u0000', '0x', '../../etc/passwd', '"; DROP TABLE', 'ß'.repeat(300)),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
);

/** Values that satisfy `schema` as far as JSON Schema can say (zod refinements may still refuse). */
export function validArbitrary(doc: OpenApiDocument, raw: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  const schema = resolve(doc, raw);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((s) => validArbitrary(doc, s, depth + 1)));
  const options: fc.Arbitrary<unknown>[] = [];
  if (schema.example !== undefined) options.push(fc.constant(structuredClone(schema.example)));
  for (const type of typesOf(schema)) {
    switch (type) {
      case 'object': {
        const properties = schema.properties ?? {};
        const record: Record<string, fc.Arbitrary<unknown>> = {};
        for (const [key, value] of Object.entries(properties))
          record[key] = validArbitrary(doc, value, depth + 1);
        options.push(fc.record(record, { requiredKeys: schema.required ?? [] }));
        break;
      }
      case 'array':
        options.push(
          fc.array(validArbitrary(doc, schema.items ?? {}, depth + 1), {
            minLength: schema.minItems ?? 0,
            maxLength: Math.min(schema.maxItems ?? 4, 4),
          }),
        );
        break;
      case 'string':
        options.push(
          schema.pattern
            ? fc
                .stringMatching(new RegExp(schema.pattern))
                .filter((s) => s.length <= (schema.maxLength ?? 1e9))
            : fc.string({
                minLength: schema.minLength ?? 0,
                maxLength: Math.min(schema.maxLength ?? 40, 40),
              }),
        );
        break;
      case 'integer': {
        const min =
          schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : -1e6);
        options.push(fc.integer({ min, max: Math.max(min, schema.maximum ?? min + 1e6) }));
        break;
      }
      case 'number':
        options.push(fc.double({ noNaN: true, noDefaultInfinity: true }));
        break;
      case 'boolean':
        options.push(fc.boolean());
        break;
      case 'null':
        options.push(fc.constant(null));
        break;
    }
  }
  return options.length > 0 ? fc.oneof(...options) : anyJson;
}

/** A valid value with one thing broken: a field dropped, retyped, overlong, or an unknown field added. */
export function mutatedArbitrary(doc: OpenApiDocument, schema: JsonSchema): fc.Arbitrary<unknown> {
  return fc
    .tuple(
      validArbitrary(doc, schema),
      fc.nat(),
      anyJson,
      fc.constantFrom('drop', 'retype', 'huge', 'extra', 'whole'),
    )
    .map(([value, pick, replacement, how]) => mutate(value, pick, replacement, how));
}

function mutate(value: unknown, pick: number, replacement: unknown, how: string): unknown {
  if (how === 'whole' || value === null || typeof value !== 'object') return replacement;
  const target = structuredClone(value) as Record<string, unknown>;
  // Walk down to a random nested object so deep fields get broken too.
  let node: Record<string, unknown> = target;
  for (let step = 0; step < 3; step++) {
    const nested = Object.values(node).filter(
      (v): v is Record<string, unknown> => v !== null && typeof v === 'object',
    );
    if (nested.length === 0 || (pick >> step) % 2 === 0) break;
    node = nested[pick % nested.length] as Record<string, unknown>;
  }
  const keys = Object.keys(node);
  const key = keys.length > 0 ? (keys[pick % keys.length] as string) : 'k';
  if (how === 'drop') delete node[key];
  else if (how === 'retype') node[key] = replacement;
  else if (how === 'huge') node[key] = 'A'.repeat(20_000);
  else node[`__extra${pick % 7}`] = replacement;
  return target;
}
