/**
 * createApp(deps): the whole HTTP API as one Hono app. Both entry points (Lambda `handler.ts` and the
 * local `local.ts`) get `deps` from the one composition root (functions/runtime/runtime.ts) and serve
 * this same app. The app itself is the cross-cutting middleware plus the route table (routes/index.ts);
 * each group of routes, with its schemas and libraries, loads on its first request (http/lazy-routes.ts)
 * so a cold start stays small (why and by how much: functions/runtime/lazy.ts).
 */
import { Hono } from 'hono';
import { LinearRouter } from 'hono/router/linear-router';
import { secureHeaders } from 'hono/secure-headers';
import { lazyRetrying } from '#shared/lazy-retrying.js';
import type { AppDeps } from './app-deps.js';
import { authenticate } from './http/auth.js';
import { limitRequestBody } from './http/body-limit.js';
import { corsHeaders } from './http/cors.js';
import { DOCS_ASSETS_BASE, DOCS_ASSETS_ROUTE, serveDocsAsset } from './http/docs-assets.js';
import type { AppEnv } from './http/env.js';
import { errorBody, handleError } from './http/errors.js';
import { mountLazily, RouteGroupLoader } from './http/lazy-routes.js';
import { requestContext } from './http/request-context.js';
import { ROUTE_GROUPS } from './routes/index.js';

export function createApp(deps: AppDeps): Hono<AppEnv> {
  const { config, logger } = deps;
  // The route table is rebuilt at every cold start; LinearRouter needs no build step on the first
  // request (the default RegExpRouter compiles all routes then), which bench/cold-start.ts measured.
  const app = new Hono<AppEnv>({ router: new LinearRouter() });

  app.use('*', requestContext(logger));
  app.use(
    '*',
    secureHeaders({
      // The API serves JSON; only /docs renders HTML, with Swagger UI's files served from here.
      contentSecurityPolicy: undefined,
      crossOriginResourcePolicy: 'same-site',
    }),
  );
  app.use(
    '*',
    corsHeaders({
      allowedOrigins: config.allowedOrigins,
      allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
      allowHeaders: ['Authorization', 'Content-Type', 'If-Match', 'X-Request-Id'],
      exposeHeaders: ['ETag', 'X-Request-Id', 'Retry-After'],
      credentials: true,
      maxAgeSeconds: 600,
    }),
  );
  app.use('*', limitRequestBody(config.limits.maxBodyBytes));

  app.use(
    '*',
    authenticate(async () => (await deps.services()).auth, [config.publicOrigin, ...config.allowedOrigins]),
  );

  const routes = new RouteGroupLoader(ROUTE_GROUPS, deps);
  mountLazily(app, routes);

  const document = lazyRetrying(async () => {
    const [{ buildOpenApiDocument }, routers] = await Promise.all([
      import('./openapi-document.js'),
      routes.all(),
    ]);
    return buildOpenApiDocument(config, routers);
  });
  app.get('/openapi.json', async (c) => c.json(await document()));
  app.get('/docs', async (c, next) => {
    const [{ swaggerUI }, { API_INFO }] = await Promise.all([
      import('@hono/swagger-ui'),
      import('./openapi-document.js'),
    ]);
    // Swagger UI's files come from this API (http/docs-assets.ts), never from a CDN: the page works
    // offline and runs no code from another host.
    return swaggerUI<AppEnv>({ url: '/openapi.json', title: API_INFO.title, baseUrl: DOCS_ASSETS_BASE })(
      c,
      next,
    );
  });
  app.get(DOCS_ASSETS_ROUTE, serveDocsAsset);

  app.notFound((c) => c.json(errorBody('NOT_FOUND', `No route for ${c.req.method} ${c.req.path}`), 404));
  app.onError((error, c) => handleError(error, c, c.get('logger') ?? logger));
  return app;
}
