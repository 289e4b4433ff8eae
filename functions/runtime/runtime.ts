/**
 * The composition root of every entry point: the API Lambda (functions/api/handler.ts), the local
 * server (functions/api/local.ts), the chain indexer's Lambda (functions/indexer/handler.ts), tests and
 * benchmarks all build their SDK clients, adapters, domain services and app dependencies here, so this
 * is the one place that decides which implementation backs each port. What it loads only on first use
 * is decided in lazy.ts, and only there.
 *
 * One configuration type, `Config`. The API Lambda starts from `Omit<Config, SecretField>` (its
 * environment names the secrets instead of holding them) and reads the secrets on the first request
 * that needs a service or a readiness check (`createDeferredRuntime`); everything else starts from a
 * whole `Config` (`createRuntime`).
 */
import type { KMSClient } from '@aws-sdk/client-kms';
import type { S3Client } from '@aws-sdk/client-s3';
import { EvmChainGateway } from '#adapters/chain/evm-chain-gateway.js';
import type { DynamoClients } from '#adapters/dynamodb/clients.js';
import { DynamoTable } from '#adapters/dynamodb/dynamo-table.js';
import { LazyLicenceSigner } from '#adapters/keys/lazy-licence-signer.js';
import { type ArtifactStore, LazyArtifactStore } from '#adapters/s3/lazy-artifact-store.js';
import type { AppDeps } from '#api/app-deps.js';
import { DependencyError } from '#domain/errors.js';
import type { ChainIndexer } from '#domain/market/chain-indexer.js';
import type { AuthRepository } from '#ports/auth.js';
import type { CatalogueRepository } from '#ports/catalogue-repository.js';
import { type Clock, systemClock } from '#ports/clock.js';
import type { LicenceSigner } from '#ports/purchases.js';
import { type Config, ConfigError, loadConfig, type SecretField } from '#shared/config.js';
import { lazyRetrying } from '#shared/lazy-retrying.js';
import { createLogger, type Logger } from '#shared/logging.js';
import { createMetrics, type Metrics, noMetrics, stageDimensions } from '#shared/metrics.js';
import { tableKeys } from '#shared/table-layout.js';
import { createDynamoClientsFor, createKmsClientFor, createS3ClientFor } from './aws-clients.js';
import {
  loadChainIndexer,
  loadKmsLicenceSigner,
  loadPrivateKeyLicenceSigner,
  loadS3ArtifactStore,
  loadSecretReaders,
  loadServices,
} from './lazy.js';

/** The adapters for AWS and the chains, built from a whole configuration (secrets included). */
export interface Infrastructure {
  table: DynamoTable;
  artifacts: ArtifactStore;
  chains: EvmChainGateway;
  /** Signs licence tokens: the KMS key when LICENCE_SIGNER_KMS_KEY_ID is set, else LICENCE_SIGNER_KEY. */
  licenceSigner: LicenceSigner;
  /** Releases sockets and pollers (tests and graceful shutdown). */
  close(): Promise<void>;
}

export interface RuntimeOptions {
  /** Makes the KMS client, once, on the first KMS call (tests hand in a stand-in's). */
  kmsClient?: () => Promise<KMSClient>;
}

/** Per app: several apps (another clock, other metrics) may share one runtime's adapters. */
export interface AppOptions {
  logger?: Logger;
  clock?: Clock;
  metrics?: Metrics;
  /**
   * Other implementations of these ports instead of the DynamoDB ones (bench/p1-overhead.ts serves
   * the app on in-memory repositories to measure our own per-request cost without the emulator).
   */
  repositories?: { auth?: AuthRepository; catalogue?: CatalogueRepository };
}

/** The whole configuration and the adapters built on it: what the services run on. */
export interface Loaded {
  config: Config;
  infra: Infrastructure;
}

/** What an entry point builds on. */
export interface Runtime {
  /** The configuration as known before any secret: all the HTTP layer reads. */
  settings: Omit<Config, SecretField>;
  /**
   * The whole configuration and the adapters, built once on the first call (the API Lambda reads its
   * secrets then); a failed call is retried by the next.
   */
  loaded(): Promise<Loaded>;
  /** The chain indexer, or undefined when no configured chain has a market contract. */
  chainIndexer(options?: { clock?: Clock; metrics?: Metrics }): Promise<ChainIndexer | undefined>;
  /** Releases the adapters' sockets and pollers. */
  close(): Promise<void>;
}

/**
 * A runtime on a whole configuration, its adapters built now: the local server, the chain indexer,
 * tests and benchmarks. A configuration error (a KMS key and a key in memory) throws here.
 */
export function createRuntime(config: Config, options: RuntimeOptions = {}): Runtime & Loaded {
  const infra = createInfrastructure(config, createDynamoClientsFor(config.aws), options.kmsClient);
  const loaded: Loaded = { config, infra };
  return { ...assemble(config, async () => loaded, infra.close), ...loaded };
}

/**
 * The API Lambda's runtime. `env` holds the secrets' ARNs (`*_SECRET_ARN`), not their values: the
 * configuration without them is read now, with the DynamoDB client nearly every request needs; the
 * secrets, the whole configuration and the other adapters on the first request for a service or a
 * readiness check, so liveness and a cold start's first `GET /health` never wait on Secrets Manager
 * (≈ 14 ms, lazy.ts). A failed read answers that request 503 and is retried by the next.
 */
export function createDeferredRuntime(
  env: Record<string, string | undefined>,
  options: RuntimeOptions = {},
): Runtime {
  const settings = loadConfig(env);
  const dynamo = createDynamoClientsFor(settings.aws);
  let infra: Infrastructure | undefined;
  return assemble(
    settings,
    async () => {
      let config: Config;
      try {
        config = await loadConfigWithSecrets(env);
      } catch (error) {
        throw new DependencyError('secrets', 'The API could not read its secrets; retry shortly', {
          cause: error,
        });
      }
      infra = createInfrastructure(config, dynamo, options.kmsClient);
      return { config, infra };
    },
    async () => (infra ? infra.close() : dynamo.client.destroy()),
  );
}

/** The whole configuration: the environment with its secrets read (the chain indexer reads them at start). */
export async function loadConfigWithSecrets(env: Record<string, string | undefined>): Promise<Config> {
  const { loadSecretEnv } = await loadSecretReaders();
  return loadConfig(await loadSecretEnv(env));
}

/** What both kinds of runtime share: the worker on `load`'s adapters, built once. */
function assemble(
  settings: Omit<Config, SecretField>,
  load: () => Promise<Loaded>,
  close: () => Promise<void>,
): Runtime {
  const loaded = lazyRetrying(load);
  return {
    settings,
    loaded,
    chainIndexer: async (options = {}) => {
      const [{ buildChainIndexer }, { config, infra }] = await Promise.all([loadChainIndexer(), loaded()]);
      return buildChainIndexer(config, infra, options);
    },
    close,
  };
}

/**
 * Everything `createApp` needs, on `runtime`'s adapters, with the services built on first use: the
 * HTTP layer needs only `runtime.settings` (origins, limits); `runtime.loaded()` is awaited by the
 * first request for a service or a readiness check, and runs again after a failure. A whole `Config`
 * (`createRuntime`) is checked for what the API requires now, at start-up. Several apps (another
 * clock, other metrics) may share one runtime.
 */
export function buildAppDeps(runtime: Runtime | (Runtime & Loaded), options: AppOptions = {}): AppDeps {
  if ('config' in runtime) apiRequirements(runtime.config);
  const { settings, loaded } = runtime;
  const logger = options.logger ?? createLogger(settings.logLevel, { service: 'api', stage: settings.stage });
  const clock = options.clock ?? systemClock;
  // EMF lines on stdout become CloudWatch metrics in Lambda; tests and silent runs drop them.
  const metrics =
    options.metrics ??
    (settings.logLevel === 'silent'
      ? noMetrics
      : createMetrics({ dimensions: stageDimensions(settings.stage) }));
  const apiRuntime = lazyRetrying(async () => {
    try {
      const current = await loaded();
      apiRequirements(current.config);
      return current;
    } catch (error) {
      // Once per failed attempt, with the cause (which secret, which variable) for the operator.
      logger.error('runtime unavailable', { error });
      throw error;
    }
  });
  const services = lazyRetrying(async () => {
    const [{ buildServices }, { config, infra }] = await Promise.all([loadServices(), apiRuntime()]);
    return buildServices(config, infra, { clock, metrics, repositories: options.repositories });
  });
  return {
    config: settings,
    logger,
    clock,
    metrics,
    services,
    healthProbes: [
      {
        name: 'dynamodb',
        check: async () => {
          const { infra } = await apiRuntime();
          await infra.table.get(tableKeys.health.key({})).catch((error: unknown) => {
            throw error instanceof DependencyError
              ? error
              : new DependencyError('dynamodb', 'unreachable', { cause: error });
          });
        },
      },
      { name: 's3', check: async () => (await apiRuntime()).infra.artifacts.ping() },
      ...settings.chains.map((chain) => ({
        name: `chain:${chain.chainId}`,
        check: async () => (await apiRuntime()).infra.chains.ping(chain.chainId),
      })),
    ],
  };
}

/** What the API needs beyond what `loadConfig` requires of every function. */
function apiRequirements(config: Config) {
  if (config.sessionKeys.length === 0) {
    throw new ConfigError('Invalid configuration: SESSION_KEYS: required by the API');
  }
}

/**
 * The adapters on `dynamo`, the process's DynamoDB clients. S3's SDK loads on the artifact store's
 * first call; the licence signer's key code (and KMS's SDK) on its first signature or address.
 */
function createInfrastructure(
  config: Config,
  dynamo: DynamoClients,
  kms: () => Promise<KMSClient> = () => createKmsClientFor(config.aws),
): Infrastructure {
  // First: a configuration error here must not leave sockets or pollers behind.
  let kmsClient: Promise<KMSClient> | undefined;
  const licenceSigner = createLicenceSigner(config, () => {
    kmsClient ??= kms();
    return kmsClient;
  });
  let s3: Promise<S3Client> | undefined;
  const artifacts = new LazyArtifactStore(async () => {
    s3 ??= createS3ClientFor(config.aws);
    const [client, { S3ArtifactStore }] = await Promise.all([s3, loadS3ArtifactStore()]);
    return new S3ArtifactStore(client, config.aws.bucketName);
  });
  const chains = new EvmChainGateway(config.chains);
  return {
    table: new DynamoTable(dynamo.document, config.aws.tableName),
    artifacts,
    chains,
    licenceSigner,
    close: async () => {
      dynamo.client.destroy();
      (await s3?.catch(() => undefined))?.destroy();
      (await kmsClient?.catch(() => undefined))?.destroy();
      await chains.destroy();
    },
  };
}

/**
 * The one place that chooses the licence key: KMS when LICENCE_SIGNER_KMS_KEY_ID is set (deployed
 * stages, where config refuses a key in memory), else LICENCE_SIGNER_KEY (npm start, tests). Any other
 * key the API comes to hold should be a `KmsSecp256k1Signer` on the same client, chosen here too.
 */
function createLicenceSigner(config: Config, kms: () => Promise<KMSClient>): LicenceSigner {
  const chainId = config.licenceChainId;
  const keyId = config.licenceSignerKmsKeyId;
  if (keyId !== undefined && config.licenceSignerKey !== undefined) {
    throw new ConfigError(
      'Invalid configuration: LICENCE_SIGNER_KMS_KEY_ID: set it or LICENCE_SIGNER_KEY, not both',
    );
  }
  return new LazyLicenceSigner(chainId, async () => {
    if (keyId === undefined) {
      const { PrivateKeyLicenceSigner } = await loadPrivateKeyLicenceSigner();
      return new PrivateKeyLicenceSigner(config.licenceSignerKey, chainId);
    }
    const [client, { KmsSecp256k1Signer, KmsLicenceSigner }] = await Promise.all([
      kms(),
      loadKmsLicenceSigner(),
    ]);
    return new KmsLicenceSigner(new KmsSecp256k1Signer(client, keyId), chainId);
  });
}
