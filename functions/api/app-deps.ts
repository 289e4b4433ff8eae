/**
 * What the app needs (`AppDeps`) and the domain services behind its routes (`Services`): the contract
 * between the HTTP layer (app.ts, routes/) and the composition root that fills it
 * (functions/runtime/runtime.ts). Types only, so app.ts and the route table both import it and
 * neither imports the other.
 */

import type { AuthService } from '#domain/auth/auth-service.js';
import type { CatalogueService } from '#domain/catalogue/catalogue-service.js';
import type { CursorCodec } from '#domain/catalogue/cursor.js';
import type { UploadService } from '#domain/catalogue/upload-service.js';
import type { CreatorMarketService } from '#domain/market/creator-market-service.js';
import type { DownloadService } from '#domain/purchases/download-service.js';
import type { EarningsService } from '#domain/purchases/earnings-service.js';
import type { LicenceService } from '#domain/purchases/licence-service.js';
import type { PurchaseService } from '#domain/purchases/purchase-service.js';
import type { Clock } from '#ports/clock.js';
import type { HealthProbe } from '#ports/health.js';
import type { Config, SecretField } from '#shared/config.js';
import type { Logger } from '#shared/logging.js';
import type { Metrics } from '#shared/metrics.js';

/**
 * What the app needs at cold start. The domain services (and the repositories, schemas and libraries
 * behind them) are built on first use: a cold start that serves `/health` never loads them.
 */
export interface AppDeps {
  /** The configuration without secrets; the services get the whole of it when they are built. */
  config: Omit<Config, SecretField>;
  logger: Logger;
  clock: Clock;
  /** Business metrics (EMF): sign-ins, orders, settlements. */
  metrics: Metrics;
  healthProbes: readonly HealthProbe[];
  /** The domain services, built once on the first call; a failed build is retried by the next call. */
  services(): Promise<Services>;
}

/** The domain services behind the routes (functions/runtime/services.ts builds them). */
export interface Services {
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
  /** The creator's side of on-chain sales: model registration status, offer typed data and signatures. */
  market: CreatorMarketService;
  /** Signs and checks pagination cursors. */
  cursors: CursorCodec;
}
