/**
 * createApp(deps): the whole HTTP API as one Hono app. Both entry points (Lambda `handler.ts` and the
 * local `local.ts`) build `deps` in their composition root and serve this same app.
 */
import { swaggerUI } from '@hono/swagger-ui';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import type { Config } from '../../shared/config.js';
import type { AuthService } from '../../shared/domain/auth/auth-service.js';
import type { CatalogueService } from '../../shared/domain/catalogue/catalogue-service.js';
import type { CursorCodec } from '../../shared/domain/catalogue/cursor.js';
import type { UploadService } from '../../shared/domain/catalogue/upload-service.js';
import { PayloadTooLargeError } from '../../shared/domain/errors.js';
import type { PayoutRequestService } from '../../shared/domain/payouts/payout-requests.js';
import type { DownloadService } from '../../shared/domain/purchases/download-service.js';
import type { EarningsService } from '../../shared/domain/purchases/earnings-service.js';
import type { LicenceService } from '../../shared/domain/purchases/licence-service.js';
import type { PurchaseService } from '../../shared/domain/purchases/purchase-service.js';
import type { Logger } from '../../shared/logging.js';
import type { Metrics } from '../../shared/metrics.js';
import type { Clock } from '../../shared/ports/clock.js';
import type { HealthProbe } from '../../shared/ports/health.js';
import { authenticate } from './http/auth.js';
import { type AppEnv, createRouter } from './http/env.js';
import { errorBody, handleError } from './http/errors.js';
import { documentImplicitErrors } from './http/openapi.js';
import { requestContext } from './http/request-context.js';
import { signInFirst } from './http/sign-in-first.js';
import { authRoutes } from './routes/auth.js';
import { downloadRoutes } from './routes/downloads.js';
import { earningsRoutes } from './routes/earnings.js';
import { healthRoutes } from './routes/health.js';
import { licenceRoutes } from './routes/licences.js';
import { meRoutes } from './routes/me.js';
import { modelRoutes } from './routes/models.js';
import { offerRoutes } from './routes/offers.js';
import { orderRoutes } from './routes/orders.js';
import { payoutRoutes } from './routes/payouts.js';
import { versionRoutes } from './routes/versions.js';
import { wellKnownRoutes } from './routes/well-known.js';

export interface AppDeps {
  config: Config;
  logger: Logger;
  clock: Clock;
  /** Business metrics (EMF): sign-ins, orders, settlements. */
  metrics: Metrics;
  healthProbes: readonly HealthProbe[];
  auth: AuthService;
  /** Models, split, versions, offers, browse. */
  catalogue: CatalogueService;
  /** Direct-to-S3 uploads of version files and their verification. */
  uploads: UploadService;
  /** Orders, payment verification and settlement. */
  purchases: PurchaseService;
  licences: LicenceService;
  downloads: DownloadService;
  earnings: EarningsService;
  payouts: PayoutRequestService;
  /** Signs and checks pagination cursors. */
  cursors: CursorCodec;
}

export const API_INFO = {
  title: 'Model Commons API',
  version: '0.1.0',
  description:
    'Publish AI models, sell tokenized licences paid on EVM chains, split revenue exactly. ' +
    'Amounts are decimal strings in base units; lists are `{items, nextCursor}`; errors are `{"error":{"code","message","details"}}`.',
};

export function createApp(deps: AppDeps): OpenAPIHono<AppEnv> {
  const { config, logger } = deps;
  const app = createRouter();

  app.use('*', requestContext(logger));
  app.use(
    '*',
    secureHeaders({
      // The API serves JSON; only /docs renders HTML and it loads its assets from a CDN.
      contentSecurityPolicy: undefined,
      crossOriginResourcePolicy: 'same-site',
    }),
  );
  app.use(
    '*',
    cors({
      origin: (origin) => (config.allowedOrigins.includes(origin) ? origin : null),
      allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
      allowHeaders: ['Authorization', 'Content-Type', 'If-Match', 'X-Request-Id'],
      exposeHeaders: ['ETag', 'X-Request-Id', 'Retry-After'],
      credentials: true,
      maxAge: 600,
    }),
  );
  app.use(
    '*',
    bodyLimit({
      maxSize: config.limits.maxBodyBytes,
      onError: () => {
        throw new PayloadTooLargeError(`The request body exceeds ${config.limits.maxBodyBytes} bytes`);
      },
    }),
  );

  app.use('*', authenticate(deps.auth, [config.publicOrigin, ...config.allowedOrigins]));
  // Anonymous callers of secured operations get 401 before input validation can describe the route.
  app.use('*', signInFirst(app.openAPIRegistry));
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

  app.route('/', healthRoutes(deps.healthProbes));
  app.route('/', authRoutes(deps.auth, deps.metrics));
  app.route('/', meRoutes(deps.auth));
  app.route('/', modelRoutes(deps.catalogue));
  app.route('/', versionRoutes(deps.catalogue, deps.uploads));
  app.route('/', offerRoutes(deps.catalogue));
  app.route('/', orderRoutes(deps.purchases, deps.cursors, deps.metrics));
  app.route('/', licenceRoutes(deps.licences, deps.cursors));
  app.route('/', downloadRoutes(deps.downloads));
  app.route('/', earningsRoutes(deps.earnings, deps.cursors));
  app.route('/', payoutRoutes(deps.payouts));
  app.route('/', wellKnownRoutes(deps.licences, config.chains));

  documentImplicitErrors(app.openAPIRegistry);
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: API_INFO,
    servers: [{ url: config.publicOrigin }],
  });
  app.get('/docs', swaggerUI({ url: '/openapi.json', title: API_INFO.title }));

  app.notFound((c) => c.json(errorBody('NOT_FOUND', `No route for ${c.req.method} ${c.req.path}`), 404));
  app.onError((error, c) => handleError(error, c, c.get('logger') ?? logger));
  return app;
}
