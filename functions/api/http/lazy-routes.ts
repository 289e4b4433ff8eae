/**
 * Lazily loaded route groups. The app registers every operation's method and path up front (from the
 * light manifest in routes/index.ts) but imports a group's module, with its schemas and the libraries
 * only it needs, on the first request for one of its operations. A cold start therefore pays for the
 * routes it serves, not for the whole API (bench/cold-start.ts measures it).
 */
import type { Handler, Hono, MiddlewareHandler } from 'hono';
import { lazyRetrying } from '#shared/lazy-retrying.js';
import type { AppEnv, AppVariables } from './env.js';

/** Serves one group's requests; in practice an OpenAPIHono router from `createRouter()`. */
export interface GroupRouter {
  fetch(request: Request, env?: unknown): Response | Promise<Response>;
}

export interface RouteGroup<Deps, Router extends GroupRouter = GroupRouter> {
  /** For logs and errors. */
  name: string;
  /** The group's operations as in the OpenAPI document, e.g. `GET /models/{modelId}`. */
  operations: readonly string[];
  /** Imports the group's module and builds its router. */
  load(deps: Deps): Promise<Router>;
  /**
   * Light handlers, by operation, that serve without loading the group's module (the health checks,
   * so a cold start's first request loads no schemas). `load` still provides the documented router.
   */
  serve?(deps: Deps): Partial<Record<string, Handler<AppEnv>>>;
}

/** Builds each group's router once, on first use; a failed import is retried by the next caller. */
export class RouteGroupLoader<Deps, Router extends GroupRouter> {
  private readonly routers = new Map<RouteGroup<Deps, Router>, () => Promise<Router>>();

  constructor(
    readonly groups: readonly RouteGroup<Deps, Router>[],
    readonly deps: Deps,
  ) {}

  router(group: RouteGroup<Deps, Router>): Promise<Router> {
    let router = this.routers.get(group);
    if (!router) {
      router = lazyRetrying(() => group.load(this.deps));
      this.routers.set(group, router);
    }
    return router();
  }

  /** Every group's router (the OpenAPI document needs them all). */
  all(): Promise<Router[]> {
    return Promise.all(this.groups.map((group) => this.router(group)));
  }
}

/** Where the app's per-request variables travel to the group router (inside Hono's `env`). */
const INHERITED = Symbol('model-commons.inherited-variables');
type Inherited = Pick<AppVariables, 'requestId' | 'logger' | 'caller' | 'foreignCookie'>;

/** `GET /models/{modelId}` → `['GET', '/models/:modelId']`. */
export function honoRoute(operation: string): [method: string, path: string] {
  const [method, path] = operation.split(' ');
  if (!method || !path?.startsWith('/')) throw new Error(`Malformed operation "${operation}"`);
  return [method, path.replace(/\{([^}]+)\}/g, ':$1')];
}

/** Registers every operation of each group on `app`; each group's module loads on its first request. */
export function mountLazily<Deps, Router extends GroupRouter>(
  app: Hono<AppEnv>,
  loader: RouteGroupLoader<Deps, Router>,
): void {
  for (const group of loader.groups) {
    const light = group.serve?.(loader.deps);
    const dispatch: Handler<AppEnv> = async (c) => {
      const router = await loader.router(group);
      const inherited: Inherited = {
        requestId: c.get('requestId'),
        logger: c.get('logger'),
        caller: c.get('caller'),
        foreignCookie: c.get('foreignCookie'),
      };
      // The group router sees the same request (body limit included) and the same bindings
      // (Lambda event or Node socket), plus the variables set by the app's middleware.
      return router.fetch(c.req.raw, { ...(c.env as object | undefined), [INHERITED]: inherited });
    };
    for (const operation of group.operations) {
      const [method, path] = honoRoute(operation);
      app.on(method, path, light?.[operation] ?? dispatch);
    }
  }
}

/** Group-router middleware: takes over the variables the app's middleware set for this request. */
export const inheritRequestVariables: MiddlewareHandler<AppEnv> = async (c, next) => {
  const inherited = (c.env as { [INHERITED]?: Inherited } | undefined)?.[INHERITED];
  if (inherited) {
    c.set('requestId', inherited.requestId);
    c.set('logger', inherited.logger);
    if (inherited.caller) c.set('caller', inherited.caller);
    if (inherited.foreignCookie) c.set('foreignCookie', true);
  }
  await next();
};
