/**
 * The composition root: builds SDK clients and adapters once per process and wires them into the
 * app's dependencies. Lambda (`handler.ts`), the local server (`local.ts`) and tests all call this,
 * so there is exactly one place that decides which implementation backs each port.
 */

import { EvmChainGateway } from '../../shared/adapters/chain/evm-chain-gateway.js';
import { createDynamoClients } from '../../shared/adapters/dynamodb/clients.js';
import { DynamoTable } from '../../shared/adapters/dynamodb/dynamo-table.js';
import { LOCAL_STAND_IN_CREDENTIALS } from '../../shared/adapters/local-credentials.js';
import { createS3Client } from '../../shared/adapters/s3/clients.js';
import { S3ArtifactStore } from '../../shared/adapters/s3/s3-artifact-store.js';
import { type Config, ConfigError } from '../../shared/config.js';
import { DependencyError } from '../../shared/domain/errors.js';
import { createLogger, type Logger } from '../../shared/logging.js';
import { createMetrics, type Metrics, noMetrics, stageDimensions } from '../../shared/metrics.js';
import type { AuthRepository } from '../../shared/ports/auth.js';
import type { CatalogueRepository } from '../../shared/ports/catalogue-repository.js';
import { type Clock, systemClock } from '../../shared/ports/clock.js';
import type { AppDeps, Services } from './app.js';

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

/**
 * Everything `createApp` needs, built on the given infrastructure. Configuration errors surface here,
 * at start-up; the domain services are built on first use (`services()`, see services.ts).
 */
export function buildAppDeps(config: Config, infra: Infrastructure, options: BuildDepsOptions = {}): AppDeps {
  if (config.sessionKeys.length === 0) {
    throw new ConfigError('Invalid configuration: SESSION_KEYS: required by the API');
  }
  const platformRecipient = config.fees.platformRecipient ?? config.chains[0]?.payTo;
  if (!platformRecipient) throw new ConfigError('Invalid configuration: PLATFORM_FEE_RECIPIENT: required');
  const logger = options.logger ?? createLogger(config.logLevel, { service: 'api', stage: config.stage });
  const clock = options.clock ?? systemClock;
  // EMF lines on stdout become CloudWatch metrics in Lambda; tests and silent runs drop them.
  const metrics =
    options.metrics ??
    (config.logLevel === 'silent' ? noMetrics : createMetrics({ dimensions: stageDimensions(config.stage) }));
  let services: Promise<Services> | undefined;
  return {
    config,
    logger,
    clock,
    metrics,
    services: () => {
      if (!services) {
        services = import('./services.js').then(({ buildServices }) =>
          buildServices(config, infra, {
            clock,
            metrics,
            platformRecipient,
            repositories: options.repositories,
          }),
        );
        services.catch(() => {
          services = undefined; // a failed import is retried by the next request
        });
      }
      return services;
    },
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
