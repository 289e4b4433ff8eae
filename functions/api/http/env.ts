/** The Hono environment shared by every route: per-request variables set by middleware. */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Caller } from '../../../shared/domain/auth/caller.js';
import type { Logger } from '../../../shared/logging.js';
import { errorBody, handleError, validationFailed } from './errors.js';
import { inheritRequestVariables } from './lazy-routes.js';
import { signInFirst } from './sign-in-first.js';

export interface AppVariables {
  requestId: string;
  logger: Logger;
  /** Set by the authenticate middleware when the request carries a valid credential. */
  caller?: Caller;
  /**
   * True when the caller was signed in by the session cookie on a request a foreign page made (an
   * Origin we do not trust, or `Sec-Fetch-Site: cross-site`). Safe methods pass the authenticate
   * middleware anyway; a GET that changes state refuses them (auth.ts, `refuseForeignCookie`).
   */
  foreignCookie?: boolean;
}

export interface AppEnv {
  Variables: AppVariables;
}

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
