/**
 * Reads the app's own OpenAPI document and turns it into requests, so the hardening suites are
 * generated from the documented contract rather than hand-picked routes: the list of operations,
 * well-formed values for their parameters and bodies (from the schema's examples or constraints),
 * fast-check arbitraries for valid and mutated bodies, and the check that a response keeps the
 * contract (documented status, body valid against its schema, nothing internal in it).
 */
import { randomBytes } from 'node:crypto';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import fc from 'fast-check';
import type { Hono } from 'hono';
import { keyPrefixes } from '#shared/table-layout.js';

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
  allOf?: JsonSchema[];
  additionalProperties?: boolean | JsonSchema;
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
  /** The JSON body schema documented for each status; undefined for a status without a body (204). */
  responseSchemas: Record<string, JsonSchema | undefined>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OperationObject>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

interface OperationObject {
  security?: unknown[];
  parameters?: Parameter[];
  requestBody?: { content?: { 'application/json'?: { schema?: JsonSchema } } };
  responses?: Record<string, { content?: { 'application/json'?: { schema?: JsonSchema } } }>;
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
        responseSchemas: Object.fromEntries(
          Object.entries(operation.responses ?? {}).map(([status, response]) => [
            status,
            response.content?.['application/json']?.schema,
          ]),
        ),
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

// ---------------------------------------------------------------------------------------------
// The response contract: a documented status, a body valid against the schema documented for it,
// and nothing internal anywhere in the body or the headers.

/** The id under which the validator holds the document's component schemas. */
const COMPONENTS_ID = 'openapi-components';

/**
 * A copy of `schema` ready for the validator: `$ref`s rebased onto its copy of the components, and
 * every object that lists its properties closed (`additionalProperties: false` unless the document
 * says otherwise). JSON Schema leaves objects open, but a field the document does not name is exactly
 * how a storage key or a hash would leak, so here it is a mismatch.
 */
function forValidation(schema: JsonSchema): JsonSchema {
  // Closing each member of an allOf would reject every value that needs both; teach this first.
  if (schema.allOf) throw new Error('allOf in the document: forValidation cannot close its objects yet');
  const copy: JsonSchema = { ...schema };
  if (copy.$ref) copy.$ref = copy.$ref.replace('#/components/schemas/', `${COMPONENTS_ID}#/$defs/`);
  if (copy.properties) {
    copy.properties = Object.fromEntries(
      Object.entries(copy.properties).map(([name, property]) => [name, forValidation(property)]),
    );
    copy.additionalProperties ??= false;
  }
  if (typeof copy.additionalProperties === 'object')
    copy.additionalProperties = forValidation(copy.additionalProperties);
  if (copy.items) copy.items = forValidation(copy.items);
  if (copy.anyOf) copy.anyOf = copy.anyOf.map(forValidation);
  if (copy.oneOf) copy.oneOf = copy.oneOf.map(forValidation);
  return copy;
}

/** Storage attribute and secret names (shared/table-layout.ts, auth-repository.ts, upload-service.ts). */
const INTERNAL_FIELD_NAMES =
  /"(pk|sk|gsi1pk|gsi1sk|gsi2pk|gsi2sk|ttl|entity|secretHash|tokenHash|idHash|credentialId|storageKey|s3Key|objectKey|artifactKey)"\s*:/;

/** Sort keys shaped `<ISO timestamp>#<id>` (newest-first indexes); whole, so random text cannot match. */
const TIMESTAMP_SORT_KEY = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z#/;

/** Object keys of version files (`artifacts/<modelId>/<fileId>`, upload-service.ts). */
const ARTIFACT_KEY = /(^|[^\w-])artifacts\/[^\s"/?#]+\/[^\s"?#]+/;

/**
 * Every `PREFIX#` our DynamoDB adapters build keys from, read from the table layout they build every
 * key through (shared/table-layout.ts), so a new entity is covered the day it is declared (`MODEL#`,
 * `ORDER#`, `SESSION#`, ...).
 */
function tableKeyPrefixes(): RegExp {
  const prefixes = new Set(keyPrefixes());
  if (prefixes.size < 10) throw new Error(`found only ${prefixes.size} table key prefixes`);
  return new RegExp(`(^|[^A-Za-z0-9_])(${[...prefixes].sort().join('|')})#`);
}

/** A presigned S3 URL: it names its object by design (that is how the client reaches it). */
function isPresignedUrl(value: string): boolean {
  return /^https?:\/\//.test(value) && value.includes('X-Amz-Signature=');
}

/**
 * The readable text hidden in `value`'s base64url segments (an opaque-looking cursor or token is
 * often base64url JSON): decoded segments that are printable ASCII, the rest dropped.
 */
function decodedSegments(value: string): string[] {
  const decoded: string[] = [];
  for (const segment of value.split(/[.\s:]/)) {
    if (!/^[A-Za-z0-9_-]{16,}={0,2}$/.test(segment)) continue;
    const text = Buffer.from(segment, 'base64url').toString('latin1');
    if (/^[\x20-\x7e]+$/.test(text)) decoded.push(text);
  }
  return decoded;
}

function stringsIn(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) for (const item of value) stringsIn(item, into);
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      into.push(key);
      stringsIn(item, into);
    }
  }
  return into;
}

/** What a response looked like; the body already read as text. */
export interface ObservedResponse {
  status: number;
  headers: Headers;
  text: string;
}

/**
 * The documented responses as validators (ajv, JSON Schema 2020-12 as OpenAPI 3.1 uses), each
 * compiled once per (operation, status) on first use, plus the internal-value watch. One per
 * document: see `contractOf`.
 */
export class ResponseContract {
  private readonly ajv = new Ajv2020({ strict: true, allErrors: true });
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly secrets = new Set<string>();
  private readonly tableKey = tableKeyPrefixes();

  constructor(doc: OpenApiDocument) {
    formats.default(this.ajv);
    // An OpenAPI annotation, not JSON Schema: strict mode would refuse it.
    this.ajv.addKeyword('example');
    const components = doc.components?.schemas ?? {};
    this.ajv.addSchema({
      $id: COMPONENTS_ID,
      $defs: Object.fromEntries(Object.entries(components).map(([name, s]) => [name, forValidation(s)])),
    });
  }

  /** Adds a value no response may ever contain, e.g. the stored hash of a credential. */
  neverShow(value: string): void {
    this.secrets.add(value);
  }

  /** Why `response` breaks `operation`'s documented contract (`kind: detail`), or undefined. */
  violation(operation: Operation, response: ObservedResponse): string | undefined {
    const status = String(response.status);
    if (response.status >= 500) return `server error: ${response.text.slice(0, 200)}`;
    if (!operation.responses.includes(status)) return `undocumented status: ${response.text.slice(0, 200)}`;
    const schema = operation.responseSchemas[status];
    let body: unknown;
    if (schema) {
      const contentType = response.headers.get('content-type') ?? '';
      if (!/^application\/json(;|$)/.test(contentType)) return `not JSON: content-type ${contentType}`;
      try {
        body = JSON.parse(response.text);
      } catch {
        return `not JSON: ${response.text.slice(0, 200)}`;
      }
    } else if (response.text !== '') {
      return `body on a status documented without one: ${response.text.slice(0, 200)}`;
    }
    const leak = this.leak(response, body);
    if (leak) return `internal value: ${leak}`;
    if (!schema) return undefined;
    const validate = this.validatorFor(operation, status, schema);
    if (validate(body)) return undefined;
    return `body does not match the schema: ${this.describe(validate.errors)}`;
  }

  private validatorFor(operation: Operation, status: string, schema: JsonSchema): ValidateFunction {
    const key = `${label(operation)} ${status}`;
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(forValidation(schema));
      this.validators.set(key, validate);
    }
    return validate;
  }

  private describe(errors: ErrorObject[] | null | undefined): string {
    return this.ajv.errorsText(errors, { dataVar: 'body', separator: '; ' });
  }

  /** The first internal thing in the headers or body, described; undefined when there is none. */
  private leak(response: ObservedResponse, body: unknown): string | undefined {
    const values = [...response.headers.values()];
    values.push(...(body === undefined ? [response.text] : stringsIn(body)));
    const texts = [response.text, ...values.flatMap((value) => decodedSegments(value))];
    for (const text of texts) {
      const name = INTERNAL_FIELD_NAMES.exec(text);
      if (name) return `field ${name[1]} in ${text.slice(0, 120)}`;
    }
    for (const value of [...values, ...texts.slice(1)]) {
      if (this.tableKey.test(value)) return `table key in ${value.slice(0, 120)}`;
      if (TIMESTAMP_SORT_KEY.test(value)) return `sort key in ${value.slice(0, 120)}`;
      if (ARTIFACT_KEY.test(value) && !isPresignedUrl(value)) return `S3 key in ${value.slice(0, 120)}`;
      for (const secret of this.secrets)
        if (value.includes(secret)) return `secret hash in ${value.slice(0, 120)}`;
    }
    return undefined;
  }
}

const contracts = new WeakMap<OpenApiDocument, ResponseContract>();

/** The (cached) response contract of `doc`. */
export function contractOf(doc: OpenApiDocument): ResponseContract {
  let contract = contracts.get(doc);
  if (!contract) {
    contract = new ResponseContract(doc);
    contracts.set(doc, contract);
  }
  return contract;
}

/**
 * Reads `response` and throws unless it keeps `operation`'s documented contract (status, body
 * schema, no internals); returns the parsed body (undefined when empty) for further assertions.
 */
export async function expectDocumented(
  doc: OpenApiDocument,
  operation: Operation,
  response: Response,
): Promise<unknown> {
  const text = await response.text();
  const violation = contractOf(doc).violation(operation, {
    status: response.status,
    headers: response.headers,
    text,
  });
  if (violation) throw new Error(`${label(operation)} → ${response.status}: ${violation}`);
  return text === '' ? undefined : JSON.parse(text);
}
