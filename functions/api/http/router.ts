/** The router every group of operations is built on (routes/*.ts, and the OpenAPI document). */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './env.js';
import { errorBody, handleError, validationFailed } from './errors.js';
import { inheritRequestVariables } from './lazy-routes.js';
import { signInFirst } from './sign-in-first.js';

/**
 * A router for one group of operations. The app loads it on the first request for one of them
 * (http/lazy-routes.ts) and hands it the request with the variables the app's middleware set. Anonymous
 * callers of its secured operations get 401 before validation; validation failures and errors answer in
 * the standard envelope.
 */
export function createRouter(): OpenAPIHono<AppEnv> {
  const router = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationFailed(result.error, result.target);
    },
  });
  router.use('*', inheritRequestVariables);
  router.use('*', signInFirst(router.openAPIRegistry));
  router.notFound((c) => c.json(errorBody('NOT_FOUND', `No route for ${c.req.method} ${c.req.path}`), 404));
  router.onError((error, c) => handleError(error, c, c.get('logger')));
  return router;
}
