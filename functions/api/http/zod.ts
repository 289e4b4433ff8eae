/**
 * zod with `.openapi()`, for every schema the routes document. Import `z` from here, not from
 * `@hono/zod-openapi`: that package re-exports zod's own `z` and adds `.openapi()` as a side effect
 * of loading, and in the split bundle esbuild links a re-exported `z` straight to zod's chunk, so
 * nothing made the side effect run before a schema module did (`GET /models` answered 500 in the
 * deployed bundle). Here `z` is the result of the call that extends it: whatever uses it imports
 * this module's chunk, which ESM evaluates first. The extension is idempotent.
 */
import { extendZodWithOpenApi } from '@hono/zod-openapi';
import { z as zod } from 'zod';

function withOpenApi(base: typeof zod): typeof zod {
  extendZodWithOpenApi(base);
  return base;
}

export const z = withOpenApi(zod);
