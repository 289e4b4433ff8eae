/** The Hono environment shared by every route: per-request variables set by middleware. */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Caller } from '../../../shared/domain/auth/caller.js';
import type { Logger } from '../../../shared/logging.js';
import { validationFailed } from './errors.js';

export interface AppVariables {
  requestId: string;
  logger: Logger;
  /** Set by the authenticate middleware when the request carries a valid credential. */
  caller?: Caller;
}

export interface AppEnv {
  Variables: AppVariables;
}

/** A router whose request-validation failures answer in the standard error envelope. */
export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationFailed(result.error, result.target);
    },
  });
}
