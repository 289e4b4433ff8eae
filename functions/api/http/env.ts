/**
 * The Hono environment shared by every route: per-request variables set by middleware. Types only:
 * the middleware modules and the group routers (router.ts) all import it, and it imports none of them.
 */
import type { Caller } from '#domain/auth/caller.js';
import type { Logger } from '#shared/logging.js';

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
