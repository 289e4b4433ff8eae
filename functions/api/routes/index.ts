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
import { livenessHandler, readinessHandler } from './health-handler.js';

export const ROUTE_GROUPS: readonly RouteGroup<AppDeps, OpenAPIHono<AppEnv>>[] = [
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
    load: async (deps) => {
      const [{ authRoutes }, { auth }] = await Promise.all([import('./auth.js'), deps.services()]);
      return authRoutes(auth, deps.metrics);
    },
  },
  {
    name: 'me',
    operations: ['GET /me', 'POST /me/tokens', 'GET /me/tokens', 'DELETE /me/tokens/{tokenId}'],
    load: async (deps) => {
      const [{ meRoutes }, { auth }] = await Promise.all([import('./me.js'), deps.services()]);
      return meRoutes(auth);
    },
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
    load: async (deps) => {
      const [{ modelRoutes }, { catalogue }] = await Promise.all([import('./models.js'), deps.services()]);
      return modelRoutes(catalogue);
    },
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
    load: async (deps) => {
      const [{ versionRoutes }, services] = await Promise.all([import('./versions.js'), deps.services()]);
      return versionRoutes(services.catalogue, services.uploads);
    },
  },
  {
    name: 'offers',
    operations: [
      'POST /models/{modelId}/offers',
      'GET /models/{modelId}/offers',
      'GET /models/{modelId}/offers/{offerId}',
      'PATCH /models/{modelId}/offers/{offerId}',
    ],
    load: async (deps) => {
      const [{ offerRoutes }, { catalogue }] = await Promise.all([import('./offers.js'), deps.services()]);
      return offerRoutes(catalogue);
    },
  },
  {
    name: 'orders',
    operations: ['POST /orders', 'GET /orders/{orderId}', 'GET /me/orders', 'POST /orders/{orderId}/payment'],
    load: async (deps) => {
      const [{ orderRoutes }, services] = await Promise.all([import('./orders.js'), deps.services()]);
      return orderRoutes(services.purchases, services.cursors, deps.metrics);
    },
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
    load: async (deps) => {
      const [{ licenceRoutes }, services] = await Promise.all([import('./licences.js'), deps.services()]);
      return licenceRoutes(services.licences, services.cursors);
    },
  },
  {
    name: 'downloads',
    operations: ['GET /models/{modelId}/versions/{version}/files/{path}/download'],
    load: async (deps) => {
      const [{ downloadRoutes }, { downloads }] = await Promise.all([
        import('./downloads.js'),
        deps.services(),
      ]);
      return downloadRoutes(downloads);
    },
  },
  {
    name: 'earnings',
    operations: ['GET /me/earnings', 'GET /models/{modelId}/sales'],
    load: async (deps) => {
      const [{ earningsRoutes }, services] = await Promise.all([import('./earnings.js'), deps.services()]);
      return earningsRoutes(services.earnings, services.cursors);
    },
  },
  {
    name: 'payouts',
    operations: ['POST /me/payouts', 'GET /me/payouts'],
    load: async (deps) => {
      const [{ payoutRoutes }, { payouts }] = await Promise.all([import('./payouts.js'), deps.services()]);
      return payoutRoutes(payouts);
    },
  },
  {
    name: 'well-known',
    operations: ['GET /.well-known/model-commons.json'],
    load: async (deps) => {
      const [{ wellKnownRoutes }, { licences }] = await Promise.all([
        import('./well-known.js'),
        deps.services(),
      ]);
      return wellKnownRoutes(licences, deps.config.chains);
    },
  },
];
