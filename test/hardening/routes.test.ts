/**
 * Route inventory: what the app serves must be exactly what /openapi.json documents, so an
 * undocumented, forgotten or debug route fails the build instead of shipping unseen.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { ROUTE_GROUPS } from '#api/routes/index.js';
import { json } from '#test/helpers/http.js';
import { testApp } from '#test/helpers/stack.js';
import { fetchDocument, type JsonSchema, label, operationsOf } from './openapi-operations.js';

const { app, deps, close } = testApp();
afterAll(close);

/**
 * Served but deliberately not operations of the API: the document itself, the Swagger UI page that
 * renders it and that page's own files. Everything else must be documented.
 */
const META_ROUTES = new Set(['GET /openapi.json', 'GET /docs', 'GET /docs/assets/swagger-ui-dist/{file}']);

/** `:param` (Hono) → `{param}` (OpenAPI), dropping any inline regex such as `:path{.+}`. */
const toOpenApiPath = (path: string) => path.replace(/:(\w+)(\{[^}]*\})?/g, '{$1}');

/**
 * The handlers the app serves. `app.use()` middleware is registered as method ALL on a wildcard
 * path; an ALL handler on a concrete path (app.all('/debug', …)) is a real route and is kept.
 */
function servedRoutes(): Set<string> {
  const served = new Set<string>();
  for (const route of app.routes) {
    const isMiddleware = route.method === 'ALL' && route.path.endsWith('*');
    if (!isMiddleware) served.add(`${route.method} ${toOpenApiPath(route.path)}`);
  }
  return served;
}

describe('route inventory', () => {
  it('serves exactly the documented operations plus the meta routes', async () => {
    const documented = new Set(operationsOf(await fetchDocument(app)).map(label));
    const served = servedRoutes();

    const undocumented = [...served].filter((route) => !documented.has(route) && !META_ROUTES.has(route));
    const unserved = [...documented].filter((route) => !served.has(route));
    expect({ undocumented, unserved }).toEqual({ undocumented: [], unserved: [] });
    for (const meta of META_ROUTES) expect(served.has(meta)).toBe(true);
  });

  it('lists each operation under the group whose module serves it (the lazy route table cannot drift)', async () => {
    const misplaced: string[] = [];
    for (const group of ROUTE_GROUPS) {
      const router = await group.load(deps);
      const defined = new Set(
        router.routes
          .filter((route) => !(route.method === 'ALL' && route.path.endsWith('*')))
          .map((route) => `${route.method} ${toOpenApiPath(route.path)}`),
      );
      const listed = new Set(group.operations);
      for (const operation of defined)
        if (!listed.has(operation)) misplaced.push(`${group.name} serves ${operation}`);
      for (const operation of listed)
        if (!defined.has(operation)) misplaced.push(`${group.name} lacks ${operation}`);
    }
    expect(misplaced).toEqual([]);
  });

  it('serves light handlers only for operations their group lists (health: both, without loading its module)', () => {
    const light = ROUTE_GROUPS.flatMap((group) =>
      Object.keys(group.serve?.(deps) ?? {}).map((operation) => [group, operation] as const),
    );
    expect(light.map(([, operation]) => operation).sort()).toEqual(['GET /health', 'GET /health/ready']);
    for (const [group, operation] of light) expect(group.operations).toContain(operation);
  });

  it('documents a sensible number of operations (guards against an empty walk passing vacuously)', async () => {
    expect(operationsOf(await fetchDocument(app)).length).toBeGreaterThanOrEqual(40);
    expect(servedRoutes().size).toBeGreaterThanOrEqual(40);
  });

  it('has no wildcard or catch-all handlers other than middleware', () => {
    const catchAll = app.routes.filter((route) => route.path.includes('*') && route.method !== 'ALL');
    expect(catchAll.map((route) => `${route.method} ${route.path}`)).toEqual([]);
  });

  it.each([
    '/debug',
    '/admin',
    '/env',
    '/.env',
    '/metrics',
    '/internal/health',
    '/health/details',
    '/config',
    '/graphql',
    '/test',
  ])('answers 404 NOT_FOUND for the debug-style path %s', async (path) => {
    const response = await app.request(path);
    expect(response.status).toBe(404);
    expect((await json(response)).error.code).toBe('NOT_FOUND');
  });

  it('writes every schema pattern as a plain JSON Schema regex (no /flags a client would take literally)', async () => {
    const doc = await fetchDocument(app);
    const broken: string[] = [];
    const walk = (node: unknown, where: string) => {
      if (Array.isArray(node)) {
        for (const [i, child] of node.entries()) walk(child, `${where}[${i}]`);
      } else if (node !== null && typeof node === 'object') {
        const schema = node as JsonSchema & Record<string, unknown>;
        if (typeof schema.pattern === 'string' && /\/[dgimsuvy]+$/.test(schema.pattern)) {
          broken.push(`${where}: ${schema.pattern}`);
        }
        for (const [key, child] of Object.entries(schema)) walk(child, `${where}.${key}`);
      }
    };
    walk(doc, '$');
    expect(broken).toEqual([]);
  });

  it('gives examples that satisfy their own patterns', async () => {
    const doc = await fetchDocument(app);
    const mismatches: string[] = [];
    for (const [name, schema] of Object.entries(doc.components?.schemas ?? {})) {
      const example = schema.example;
      if (example === null || typeof example !== 'object') continue;
      for (const [key, property] of Object.entries(schema.properties ?? {})) {
        const value = (example as Record<string, unknown>)[key];
        if (typeof value === 'string' && property.pattern && !new RegExp(property.pattern).test(value)) {
          mismatches.push(`${name}.${key} = ${JSON.stringify(value)} !~ ${property.pattern}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});
