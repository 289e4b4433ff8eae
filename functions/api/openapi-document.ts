/**
 * The OpenAPI 3.1 document, assembled from every route group's router on the first request for
 * `/openapi.json` (loading all groups is what serving the document needs; no other route does).
 */
import type { Config } from '#shared/config.js';
import { documentImplicitErrors } from './http/openapi.js';
import { createRouter } from './http/router.js';

export const API_INFO = {
  title: 'Model Commons API',
  version: '0.1.0',
  description:
    'Publish AI models, sell tokenized licences paid on EVM chains, split revenue exactly. ' +
    'Amounts are decimal strings in base units; lists are `{items, nextCursor}`; errors are `{"error":{"code","message","details"}}`.',
};

type Router = ReturnType<typeof createRouter>;

export function buildOpenApiDocument(config: Pick<Config, 'publicOrigin'>, routers: readonly Router[]) {
  const app = createRouter();
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'A session token from POST /auth/verify, or an API token (mct_…) from POST /me/tokens',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'cookieAuth', {
    type: 'apiKey',
    in: 'cookie',
    name: 'mc_session',
    description: 'The HttpOnly session cookie; state-changing requests must also send an allowed Origin',
  });
  for (const router of routers) app.route('/', router);
  documentImplicitErrors(app.openAPIRegistry);
  return app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: API_INFO,
    servers: [{ url: config.publicOrigin }],
  });
}
