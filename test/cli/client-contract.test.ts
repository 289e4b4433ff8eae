/**
 * The hand-written client against the contract: every route it calls must exist in the served
 * OpenAPI document, so a renamed or removed route fails here rather than in a user's terminal.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { CLIENT_ROUTES } from '../../cli/client/api-client.js';
import { testApp } from '../helpers/stack.js';

const ctx = testApp();
afterAll(() => ctx.close());

/** `/models/{modelId}` and `/models/{id}` are the same route. */
const shape = (path: string) => path.replace(/\{[^}]+\}/g, '{}');

describe('API client contract', async () => {
  const document = (await (await ctx.app.request('/openapi.json')).json()) as {
    paths: Record<string, Record<string, unknown>>;
  };
  const served = new Set(
    Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${shape(path)}`),
    ),
  );

  it.each(CLIENT_ROUTES.map(([method, path]) => ({ method, path })))(
    '$method $path is served',
    ({ method, path }) => {
      const key = `${method} ${shape(path)}`;
      expect(served.has(key), `${key} is not in /openapi.json`).toBe(true);
    },
  );
});
