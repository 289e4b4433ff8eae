/**
 * The API's operations, grouped by the module that serves them. This file is the app's route table:
 * it must stay light (no schemas, no libraries), because the app reads it at cold start and loads each
 * group's module only when one of its operations is first requested. test/hardening/routes.test.ts
 * checks that it lists exactly the operations the modules define and document.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppDeps, Services } from '#api/app-deps.js';
import type { AppEnv } from '#api/http/env.js';
import type { RouteGroup } from '#api/http/lazy-routes.js';
import { livenessHandler, readinessHandler } from './health-handler.js';

type Router = OpenAPIHono<AppEnv>;

/** A group's `load`: its module and the domain services, imported in parallel, then its router. */
function withServices<Module>(
  importModule: () => Promise<Module>,
  build: (module: Module, services: Services, deps: AppDeps) => Router,
): (deps: AppDeps) => Promise<Router> {
  return async (deps) => {
    const [module, services] = await Promise.all([importModule(), deps.services()]);
    return build(module, services, deps);
  };
}

export const ROUTE_GROUPS: readonly RouteGroup<AppDeps, Router>[] = [
  {
    name: 'health',
    operations: ['GET /health', 'GET /health/ready'],
    load: async (deps) => (await import('./health.js')).healthRoutes(deps.healthProbes),
    serve: (deps) => ({
      'GET /health': livenessHandler(),
      'GET /health/ready': readinessHandler(deps.healthProbes),
    }),
  },
  {
    name: 'auth',
    operations: ['GET /auth/nonce', 'POST /auth/verify', 'POST /auth/logout'],
    load: withServices(
      () => import('./auth.js'),
      ({ authRoutes }, { auth }, deps) => authRoutes(auth, deps.metrics),
    ),
  },
  {
    name: 'me',
    operations: ['GET /me', 'POST /me/tokens', 'GET /me/tokens', 'DELETE /me/tokens/{tokenId}'],
    load: withServices(
      () => import('./me.js'),
      ({ meRoutes }, { auth }) => meRoutes(auth),
    ),
  },
  {
    name: 'models',
    operations: [
      'POST /models',
      'GET /models',
      'GET /models/{modelId}',
      'PATCH /models/{modelId}',
      'POST /models/{modelId}/publish',
      'POST /models/{modelId}/delist',
      'GET /me/models',
      'GET /models/{modelId}/split',
      'PUT /models/{modelId}/split',
    ],
    load: withServices(
      () => import('./models.js'),
      ({ modelRoutes }, { catalogue }) => modelRoutes(catalogue),
    ),
  },
  {
    name: 'versions',
    operations: [
      'POST /models/{modelId}/versions',
      'GET /models/{modelId}/versions',
      'GET /models/{modelId}/versions/{version}',
      'POST /models/{modelId}/versions/{version}/publish',
      'POST /models/{modelId}/versions/{version}/files',
      'POST /models/{modelId}/versions/{version}/files/{fileId}/parts',
      'GET /models/{modelId}/versions/{version}/files/{fileId}/parts',
      'POST /models/{modelId}/versions/{version}/files/{fileId}/complete',
      'DELETE /models/{modelId}/versions/{version}/files/{fileId}',
    ],
    load: withServices(
      () => import('./versions.js'),
      ({ versionRoutes }, services) => versionRoutes(services.catalogue, services.uploads),
    ),
  },
  {
    name: 'offers',
    operations: [
      'POST /models/{modelId}/offers',
      'GET /models/{modelId}/offers',
      'GET /models/{modelId}/offers/{offerId}',
      'PATCH /models/{modelId}/offers/{offerId}',
    ],
    load: withServices(
      () => import('./offers.js'),
      ({ offerRoutes }, { catalogue }) => offerRoutes(catalogue),
    ),
  },
  {
    name: 'market',
    operations: [
      'GET /models/{modelId}/market',
      'GET /models/{modelId}/offers/{offerId}/typed-data',
      'PUT /models/{modelId}/offers/{offerId}/signature',
    ],
    load: withServices(
      () => import('./market.js'),
      ({ marketRoutes }, { market }) => marketRoutes(market),
    ),
  },
  {
    name: 'orders',
    operations: ['POST /orders', 'GET /orders/{orderId}', 'GET /me/orders', 'POST /orders/{orderId}/payment'],
    load: withServices(
      () => import('./orders.js'),
      ({ orderRoutes }, services, deps) => orderRoutes(services.purchases, services.cursors, deps.metrics),
    ),
  },
  {
    name: 'licences',
    operations: [
      'GET /me/licences',
      'GET /licences/{licenceId}',
      'POST /licences/verify',
      'POST /licences/{licenceId}/revoke',
      'GET /metadata/{chainId}/{tokenId}',
    ],
    load: withServices(
      () => import('./licences.js'),
      ({ licenceRoutes }, services, deps) =>
        licenceRoutes(services.licences, services.cursors, deps.config.publicOrigin),
    ),
  },
  {
    name: 'downloads',
    operations: ['GET /models/{modelId}/versions/{version}/files/{path}/download'],
    load: withServices(
      () => import('./downloads.js'),
      ({ downloadRoutes }, { downloads }) => downloadRoutes(downloads),
    ),
  },
  {
    name: 'earnings',
    operations: ['GET /me/earnings', 'GET /models/{modelId}/sales'],
    load: withServices(
      () => import('./earnings.js'),
      ({ earningsRoutes }, services) => earningsRoutes(services.earnings, services.cursors),
    ),
  },
  {
    name: 'well-known',
    operations: ['GET /.well-known/model-commons.json'],
    load: withServices(
      () => import('./well-known.js'),
      ({ wellKnownRoutes }, { licences }, deps) => wellKnownRoutes(licences, deps.config.chains),
    ),
  },
];
