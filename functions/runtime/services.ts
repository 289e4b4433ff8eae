/**
 * The domain services and the repositories behind them, built on the first request that needs one
 * (`AppDeps.services()` from runtime.ts loads this module lazily, lazy.ts, so a cold start serving
 * `/health` never loads the repositories' schemas, siwe or ethers).
 */
import { EvmMarketRegistry } from '#adapters/chain/evm-market-registry.js';
import { EvmPaymentVerifier } from '#adapters/chain/evm-payment-verifier.js';
import { EthersSiweVerifier } from '#adapters/chain/siwe-verifier.js';
import { DynamoAuthRepository } from '#adapters/dynamodb/auth-repository.js';
import { DynamoCatalogueRepository } from '#adapters/dynamodb/catalogue-repository.js';
import { DynamoLedgerRepository } from '#adapters/dynamodb/ledger-repository.js';
import { DynamoOfferLookup } from '#adapters/dynamodb/offer-lookup.js';
import { DynamoPurchaseRepository } from '#adapters/dynamodb/purchase-repository.js';
import { DynamoRateLimiter } from '#adapters/dynamodb/rate-limiter.js';
import type { Services } from '#api/app-deps.js';
import type { Address } from '#domain/address.js';
import { AuthService } from '#domain/auth/auth-service.js';
import { CatalogueService } from '#domain/catalogue/catalogue-service.js';
import { CursorCodec } from '#domain/catalogue/cursor.js';
import { UploadService } from '#domain/catalogue/upload-service.js';
import { CreatorMarketService } from '#domain/market/creator-market-service.js';
import type { MarketDeployment } from '#domain/market/signed-offer.js';
import { PayoutRequestService } from '#domain/payouts/payout-requests.js';
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
  /** PLATFORM_FEE_RECIPIENT, or locally the first chain's pay-to address (runtime.ts resolves it). */
  platformRecipient: Address;
  repositories?: { auth?: AuthRepository; catalogue?: CatalogueRepository } | undefined;
}

export function buildServices(config: Config, infra: Infrastructure, options: ServiceOptions): Services {
  const { clock, metrics, platformRecipient } = options;
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
  const ledger = new DynamoLedgerRepository(infra.table);
  const purchaseRepository = new DynamoPurchaseRepository(infra.table, ledger);
  const offerLookup = new DynamoOfferLookup(infra.table, catalogueRepository);
  const catalogueReader: CatalogueReader = {
    getModel: (modelId) => catalogueRepository.getModel(modelId),
    getVersion: (modelId, version) => catalogueRepository.getVersion(modelId, version),
    findOffer: (offerId) => offerLookup.findOffer(offerId),
  };
  const { licenceSigner } = infra;
  const paymentVerifier = new EvmPaymentVerifier(infra.chains, config.chains);
  const marketRegistry = new EvmMarketRegistry(infra.chains);
  const purchases = new PurchaseService(
    purchaseRepository,
    catalogueReader,
    paymentVerifier,
    infra.chains,
    licenceSigner,
    clock,
    {
      chains: config.chains,
      orderTtlSeconds: config.purchases.orderTtlSeconds,
      platformFeeBps: config.fees.platformBps,
      referrerFeeBps: config.fees.referrerBps,
      referrers: config.fees.referrers,
      platformRecipient,
    },
    metrics,
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
  const earnings = new EarningsService(purchaseRepository, ledger, catalogueReader, {
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
  const payouts = new PayoutRequestService(ledger, ledger, config.chains, clock);
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
  return { auth, catalogue, uploads, purchases, licences, downloads, earnings, payouts, market, cursors };
}
