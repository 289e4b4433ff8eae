/**
 * The domain services and the repositories behind them, built on the first request that needs one
 * (`AppDeps.services()` from runtime.ts loads this module lazily, lazy.ts, so a cold start serving
 * `/health` never loads the repositories' schemas, siwe or ethers).
 */
import { EvmMarketRegistry } from '#adapters/chain/evm-market-registry.js';
import { EthersSiweVerifier } from '#adapters/chain/siwe-verifier.js';
import { DynamoAuthRepository } from '#adapters/dynamodb/auth-repository.js';
import { DynamoCatalogueRepository } from '#adapters/dynamodb/catalogue-repository.js';
import { DynamoOfferLookup } from '#adapters/dynamodb/offer-lookup.js';
import { DynamoPurchaseRepository } from '#adapters/dynamodb/purchase-repository.js';
import { DynamoRateLimiter } from '#adapters/dynamodb/rate-limiter.js';
import type { Services } from '#api/app-deps.js';
import { AuthService } from '#domain/auth/auth-service.js';
import { CatalogueService } from '#domain/catalogue/catalogue-service.js';
import { CursorCodec } from '#domain/catalogue/cursor.js';
import { UploadService } from '#domain/catalogue/upload-service.js';
import { CreatorMarketService } from '#domain/market/creator-market-service.js';
import type { MarketDeployment } from '#domain/market/signed-offer.js';
import { DownloadService } from '#domain/purchases/download-service.js';
import { EarningsService } from '#domain/purchases/earnings-service.js';
import { LicenceService } from '#domain/purchases/licence-service.js';
import { type CatalogueReader, PurchaseService } from '#domain/purchases/purchase-service.js';
import type { AuthRepository } from '#ports/auth.js';
import type { CatalogueRepository } from '#ports/catalogue-repository.js';
import type { Clock } from '#ports/clock.js';
import type { Config } from '#shared/config.js';
import type { Metrics } from '#shared/metrics.js';
import { buildChainIndexer } from './chain-indexer.js';
import type { Infrastructure } from './runtime.js';

export interface ServiceOptions {
  clock: Clock;
  metrics: Metrics;
  repositories?: { auth?: AuthRepository; catalogue?: CatalogueRepository } | undefined;
}

export function buildServices(config: Config, infra: Infrastructure, options: ServiceOptions): Services {
  const { clock, metrics } = options;
  const auth = new AuthService(
    options.repositories?.auth ?? new DynamoAuthRepository(infra.table),
    new EthersSiweVerifier(infra.chains),
    new DynamoRateLimiter(infra.table),
    clock,
    {
      origin: config.publicOrigin,
      allowedChainIds: config.chains.map((chain) => chain.chainId),
      clockSkewSeconds: 60,
      maxMessageAgeSeconds: config.limits.siweMaxAgeSeconds,
      sessionKeys: config.sessionKeys,
      nonceTtlSeconds: config.limits.nonceTtlSeconds,
      sessionTtlSeconds: config.limits.sessionTtlSeconds,
      maxMessageBytes: 4096,
      maxTokenDays: 365,
      maxTokensPerAccount: 50,
      authRateLimit: config.limits.authRateLimitPerMinute,
      authRateWindowSeconds: 60,
    },
  );
  // Cursors are HMAC-signed with the current session key (rotating it only invalidates open cursors).
  const cursors = new CursorCodec(config.sessionKeys[0]?.secret ?? '');
  const catalogueRepository = options.repositories?.catalogue ?? new DynamoCatalogueRepository(infra.table);
  const markets: MarketDeployment[] = config.chains.flatMap((chain) =>
    chain.market ? [{ chainId: chain.chainId, market: chain.market }] : [],
  );
  const catalogue = new CatalogueService({
    repository: catalogueRepository,
    clock,
    cursors,
    markets,
    artifacts: infra.artifacts,
    currencies: config.chains.flatMap((chain) =>
      chain.currencies.map((currency) => ({
        chainId: chain.chainId,
        currency: currency.address,
        symbol: currency.symbol,
        decimals: currency.decimals,
      })),
    ),
  });
  const uploads = new UploadService({
    repository: catalogueRepository,
    store: infra.artifacts,
    clock,
    limits: config.uploads,
  });
  const purchaseRepository = new DynamoPurchaseRepository(infra.table);
  const offerLookup = new DynamoOfferLookup(infra.table, catalogueRepository);
  const catalogueReader: CatalogueReader = {
    getModel: (modelId) => catalogueRepository.getModel(modelId),
    getVersion: (modelId, version) => catalogueRepository.getVersion(modelId, version),
    findOffer: (offerId) => offerLookup.findOffer(offerId),
  };
  const { licenceSigner } = infra;
  const marketRegistry = new EvmMarketRegistry(infra.chains);
  const purchases = new PurchaseService(
    purchaseRepository,
    catalogueReader,
    clock,
    {
      chains: config.chains,
      orderTtlSeconds: config.purchases.orderTtlSeconds,
      referrers: config.fees.referrers,
      platformRecipient: config.fees.platformRecipient,
    },
    {
      desk: { registry: marketRegistry, signer: licenceSigner },
      // The fast path of POST /orders/{id}/payment: the same indexer the schedule runs.
      indexer: buildChainIndexer(config, { ...infra, licenceSigner }, { clock, metrics }),
    },
  );
  const licences = new LicenceService(
    purchaseRepository,
    catalogueReader,
    licenceSigner,
    clock,
    config.purchases.operators,
    marketRegistry,
  );
  const downloads = new DownloadService(
    purchaseRepository,
    {
      getModel: (modelId) => catalogueRepository.getModel(modelId),
      getVersion: (modelId, version) => catalogueRepository.getVersion(modelId, version),
      getFileByPath: (modelId, version, path) => catalogueRepository.getFileByPath(modelId, version, path),
    },
    infra.artifacts,
    clock,
    {
      urlTtlSeconds: config.purchases.downloadUrlTtlSeconds,
      dailyQuotaPerLicence: config.purchases.downloadDailyQuota,
    },
  );
  const earnings = new EarningsService(purchaseRepository, catalogueReader, {
    deployments: config.chains.flatMap((chain) =>
      chain.market
        ? [
            {
              chainId: chain.chainId,
              market: chain.market,
              currencies: chain.currencies.map((currency) => currency.address),
            },
          ]
        : [],
    ),
    reader: marketRegistry,
  });
  const market = new CreatorMarketService({
    repository: catalogueRepository,
    registry: marketRegistry,
    signatures: marketRegistry,
    clock,
    settings: {
      markets,
      feeBps: config.fees.platformBps + config.fees.referrerBps,
      signatureTtlSeconds: config.market.offerSignatureTtlSeconds,
    },
  });
  return { auth, catalogue, uploads, purchases, licences, downloads, earnings, market, cursors };
}
