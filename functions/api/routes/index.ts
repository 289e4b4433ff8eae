/**
 * The API's operations, grouped by the module that serves them. This file is the app's route table:
 * it must stay light (no schemas, no libraries), because the app reads it at cold start and loads each
 * group's module only when one of its operations is first requested. test/hardening/routes.test.ts
 * checks that it lists exactly the operations the modules define and document.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppDeps } from '../app.js';
import type { AppEnv } from '../http/env.js';
import type { RouteGroup } from '../http/lazy-routes.js';

export const ROUTE_GROUPS: readonly RouteGroup<AppDeps, OpenAPIHono<AppEnv>>[] = [
  {
    name: 'health',
    operations: ['GET /health'],
    load: async (deps) => (await import('./health.js')).healthRoutes(deps.healthProbes),
  },
  {
    name: 'auth',
    operations: ['GET /auth/nonce', 'POST /auth/verify', 'POST /auth/logout'],
    load: async (deps) => (await import('./auth.js')).authRoutes(deps.auth, deps.metrics),
  },
  {
    name: 'me',
    operations: ['GET /me', 'POST /me/tokens', 'GET /me/tokens', 'DELETE /me/tokens/{tokenId}'],
    load: async (deps) => (await import('./me.js')).meRoutes(deps.auth),
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
    load: async (deps) => (await import('./models.js')).modelRoutes(deps.catalogue),
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
    load: async (deps) => (await import('./versions.js')).versionRoutes(deps.catalogue, deps.uploads),
  },
  {
    name: 'offers',
    operations: [
      'POST /models/{modelId}/offers',
      'GET /models/{modelId}/offers',
      'GET /models/{modelId}/offers/{offerId}',
      'PATCH /models/{modelId}/offers/{offerId}',
    ],
    load: async (deps) => (await import('./offers.js')).offerRoutes(deps.catalogue),
  },
  {
    name: 'orders',
    operations: ['POST /orders', 'GET /orders/{orderId}', 'GET /me/orders', 'POST /orders/{orderId}/payment'],
    load: async (deps) =>
      (await import('./orders.js')).orderRoutes(deps.purchases, deps.cursors, deps.metrics),
  },
  {
    name: 'licences',
    operations: [
      'GET /me/licences',
      'GET /licences/{licenceId}',
      'POST /licences/verify',
      'POST /licences/{licenceId}/revoke',
      'POST /licences/{licenceId}/transfer',
    ],
    load: async (deps) => (await import('./licences.js')).licenceRoutes(deps.licences, deps.cursors),
  },
  {
    name: 'downloads',
    operations: ['GET /models/{modelId}/versions/{version}/files/{path}/download'],
    load: async (deps) => (await import('./downloads.js')).downloadRoutes(deps.downloads),
  },
  {
    name: 'earnings',
    operations: ['GET /me/earnings', 'GET /models/{modelId}/sales'],
    load: async (deps) => (await import('./earnings.js')).earningsRoutes(deps.earnings, deps.cursors),
  },
  {
    name: 'payouts',
    operations: ['POST /me/payouts', 'GET /me/payouts'],
    load: async (deps) => (await import('./payouts.js')).payoutRoutes(deps.payouts),
  },
  {
    name: 'well-known',
    operations: ['GET /.well-known/model-commons.json'],
    load: async (deps) =>
      (await import('./well-known.js')).wellKnownRoutes(deps.licences, deps.config.chains),
  },
];
