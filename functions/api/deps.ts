/**
 * The composition root: builds SDK clients and adapters once per process and wires them into the
 * app's dependencies. Lambda (`handler.ts`), the local server (`local.ts`) and tests all call this,
 * so there is exactly one place that decides which implementation backs each port.
 */

import { EvmChainGateway } from '../../shared/adapters/chain/evm-chain-gateway.js';
import { EvmPaymentVerifier } from '../../shared/adapters/chain/evm-payment-verifier.js';
import { EthersSiweVerifier } from '../../shared/adapters/chain/siwe-verifier.js';
import { DynamoAuthRepository } from '../../shared/adapters/dynamodb/auth-repository.js';
import { DynamoCatalogueRepository } from '../../shared/adapters/dynamodb/catalogue-repository.js';
import { createDynamoClients } from '../../shared/adapters/dynamodb/clients.js';
import { DynamoTable } from '../../shared/adapters/dynamodb/dynamo-table.js';
import { DynamoLedgerRepository } from '../../shared/adapters/dynamodb/ledger-repository.js';
import { DynamoOfferLookup } from '../../shared/adapters/dynamodb/offer-lookup.js';
import { DynamoPurchaseRepository } from '../../shared/adapters/dynamodb/purchase-repository.js';
import { DynamoRateLimiter } from '../../shared/adapters/dynamodb/rate-limiter.js';
import { PrivateKeyLicenceSigner } from '../../shared/adapters/keys/private-key-licence-signer.js';
import { LOCAL_STAND_IN_CREDENTIALS } from '../../shared/adapters/local-credentials.js';
import { createS3Client } from '../../shared/adapters/s3/clients.js';
import { S3ArtifactStore } from '../../shared/adapters/s3/s3-artifact-store.js';
import { type Config, ConfigError } from '../../shared/config.js';
import { AuthService } from '../../shared/domain/auth/auth-service.js';
import { CatalogueService } from '../../shared/domain/catalogue/catalogue-service.js';
import { CursorCodec } from '../../shared/domain/catalogue/cursor.js';
import { UploadService } from '../../shared/domain/catalogue/upload-service.js';
import { DependencyError } from '../../shared/domain/errors.js';
import { PayoutRequestService } from '../../shared/domain/payouts/payout-requests.js';
import { DownloadService } from '../../shared/domain/purchases/download-service.js';
import { EarningsService } from '../../shared/domain/purchases/earnings-service.js';
import { LicenceService } from '../../shared/domain/purchases/licence-service.js';
import { type CatalogueReader, PurchaseService } from '../../shared/domain/purchases/purchase-service.js';
import { createLogger, type Logger } from '../../shared/logging.js';
import { createMetrics, type Metrics, noMetrics, stageDimensions } from '../../shared/metrics.js';
import type { AuthRepository } from '../../shared/ports/auth.js';
import type { CatalogueRepository } from '../../shared/ports/catalogue-repository.js';
import { type Clock, systemClock } from '../../shared/ports/clock.js';
import type { AppDeps } from './app.js';

export interface Infrastructure {
  table: DynamoTable;
  artifacts: S3ArtifactStore;
  chains: EvmChainGateway;
  /** Releases sockets and pollers (tests and graceful shutdown). */
  close(): Promise<void>;
}

/** The adapters for AWS and the chains, built from config. */
export function createInfrastructure(config: Config): Infrastructure {
  // Local stand-ins accept any credentials; fixed ones keep DynamoDB Local on one database file.
  const localCredentials =
    config.aws.dynamoDbEndpoint || config.aws.s3Endpoint ? LOCAL_STAND_IN_CREDENTIALS : undefined;
  const dynamo = createDynamoClients({
    region: config.aws.region,
    endpoint: config.aws.dynamoDbEndpoint,
    credentials: config.aws.dynamoDbEndpoint ? localCredentials : undefined,
  });
  const s3 = createS3Client({
    region: config.aws.region,
    endpoint: config.aws.s3Endpoint,
    credentials: config.aws.s3Endpoint ? localCredentials : undefined,
  });
  const chains = new EvmChainGateway(config.chains);
  return {
    table: new DynamoTable(dynamo.document, config.aws.tableName),
    artifacts: new S3ArtifactStore(s3, config.aws.bucketName),
    chains,
    close: async () => {
      dynamo.client.destroy();
      s3.destroy();
      await chains.destroy();
    },
  };
}

export interface BuildDepsOptions {
  logger?: Logger;
  clock?: Clock;
  metrics?: Metrics;
  /**
   * Other implementations of these ports instead of the DynamoDB ones (bench/p1-overhead.ts serves
   * the app on in-memory repositories to measure our own per-request cost without the emulator).
   */
  repositories?: { auth?: AuthRepository; catalogue?: CatalogueRepository };
}

/** Everything `createApp` needs, built on the given infrastructure. */
export function buildAppDeps(config: Config, infra: Infrastructure, options: BuildDepsOptions = {}): AppDeps {
  if (config.sessionKeys.length === 0) {
    throw new ConfigError('Invalid configuration: SESSION_KEYS: required by the API');
  }
  const logger = options.logger ?? createLogger(config.logLevel, { service: 'api', stage: config.stage });
  const clock = options.clock ?? systemClock;
  // EMF lines on stdout become CloudWatch metrics in Lambda; tests and silent runs drop them.
  const metrics =
    options.metrics ??
    (config.logLevel === 'silent' ? noMetrics : createMetrics({ dimensions: stageDimensions(config.stage) }));
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
  const catalogue = new CatalogueService({
    repository: catalogueRepository,
    clock,
    cursors,
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
  const licenceSigner = new PrivateKeyLicenceSigner(config.licenceSignerKey, config.licenceChainId);
  const paymentVerifier = new EvmPaymentVerifier(infra.chains, config.chains);
  const platformRecipient = config.fees.platformRecipient ?? config.chains[0]?.payTo;
  if (!platformRecipient) throw new Error('PLATFORM_FEE_RECIPIENT or a chain payTo is required');
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
      platformRecipient,
    },
    metrics,
  );
  const licences = new LicenceService(
    purchaseRepository,
    catalogueReader,
    licenceSigner,
    clock,
    config.purchases.operators,
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
  const earnings = new EarningsService(purchaseRepository, ledger, catalogueReader);
  const payouts = new PayoutRequestService(ledger, ledger, config.chains, clock);
  return {
    config,
    logger,
    clock,
    metrics,
    auth,
    catalogue,
    uploads,
    purchases,
    licences,
    downloads,
    earnings,
    payouts,
    cursors,
    healthProbes: [
      {
        name: 'dynamodb',
        check: async () => {
          await infra.table.get({ pk: 'HEALTH', sk: 'HEALTH' }).catch((error: unknown) => {
            throw error instanceof DependencyError
              ? error
              : new DependencyError('dynamodb', 'unreachable', { cause: error });
          });
        },
      },
      { name: 's3', check: () => infra.artifacts.ping() },
      ...config.chains.map((chain) => ({
        name: `chain:${chain.chainId}`,
        check: () => infra.chains.ping(chain.chainId),
      })),
    ],
  };
}
