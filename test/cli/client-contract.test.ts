/**
 * The typed client against the contract: its types (cli/client/openapi.ts) must be what
 * `npm run generate:client` makes of the served OpenAPI document today, and every route it calls
 * must exist in that document, so a changed, renamed or removed route fails here rather than in a
 * user's terminal.
 */
import { readFile } from 'node:fs/promises';
import type { OpenAPI3 } from 'openapi-typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { CLIENT_ROUTES } from '#cli/client/api-client.js';
import { CLIENT_TYPES_PATH, clientTypesSource } from '#scripts/generate-client.js';
import { testApp } from '#test/helpers/stack.js';

const ctx = testApp();
afterAll(() => ctx.close());

/** `/models/{modelId}` and `/models/{id}` are the same route. */
const shape = (path: string) => path.replace(/\{[^}]+\}/g, '{}');

describe('API client contract', async () => {
  const document = (await (await ctx.app.request('/openapi.json')).json()) as OpenAPI3 & {
    paths: Record<string, Record<string, unknown>>;
  };
  const served = new Set(
    Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${shape(path)}`),
    ),
  );

  it('has its checked-in types generated from the served document', async () => {
    const fresh = await clientTypesSource(document);
    const checkedIn = await readFile(CLIENT_TYPES_PATH, 'utf8');
    expect(checkedIn === fresh, 'cli/client/openapi.ts is stale: run npm run generate:client').toBe(true);
  });

  it.each(CLIENT_ROUTES.map(([method, path]) => ({ method, path })))(
    '$method $path is served',
    ({ method, path }) => {
      const key = `${method} ${shape(path)}`;
      expect(served.has(key), `${key} is not in /openapi.json`).toBe(true);
    },
  );
});
