/**
 * Anonymous requests to an operation documented with `security` are answered 401 before request
 * validation runs. Without this, the validators (which run before a handler's `requireCaller`) told
 * anonymous callers 400 INVALID_INPUT with the route's input rules first. The secured set comes from
 * the app's own OpenAPI registry, so the document and the behaviour cannot drift apart
 * (test/hardening/authz-matrix.test.ts checks both directions).
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { UnauthorizedError } from '#domain/errors.js';
import type { AppEnv } from './env.js';

type Registry = OpenAPIHono<AppEnv>['openAPIRegistry'];

interface Matcher {
  method: string;
  pattern: RegExp;
  secured: boolean;
}

function matchers(registry: Registry): Matcher[] {
  const result: Matcher[] = [];
  for (const definition of registry.definitions) {
    if (definition.type !== 'route') continue;
    const { method, path, security } = definition.route;
    const literal = path
      .split(/\{[^}]+\}/)
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('[^/]+');
    result.push({
      method: method.toUpperCase(),
      pattern: new RegExp(`^${literal}$`),
      secured: (security?.length ?? 0) > 0,
    });
  }
  return result;
}

/**
 * Middleware: 401 UNAUTHENTICATED for an anonymous request to a secured operation. Register it after
 * `authenticate`; it reads the registry on first use, once every sub-app has been mounted.
 */
export function signInFirst(registry: Registry): MiddlewareHandler<AppEnv> {
  let routes: Matcher[] | undefined;
  return async (c, next) => {
    if (!c.get('caller')) {
      routes ??= matchers(registry);
      const method = c.req.method === 'HEAD' ? 'GET' : c.req.method;
      const path = c.req.path;
      const matching = routes.filter((route) => route.method === method && route.pattern.test(path));
      // A public operation that also matches (a literal segment beating a parameter) keeps its say.
      if (matching.length > 0 && matching.every((route) => route.secured)) {
        throw new UnauthorizedError('Sign in first', { code: 'UNAUTHENTICATED' });
      }
    }
    await next();
  };
}
