/**
 * The composition root: builds SDK clients and adapters once per process and wires them into the
 * app's dependencies. Lambda (`handler.ts`), the local server (`local.ts`) and tests all call this,
 * so there is exactly one place that decides which implementation backs each port.
 */

import { EvmChainGateway } from '../../shared/adapters/chain/evm-chain-gateway.js';
import { EthersSiweVerifier } from '../../shared/adapters/chain/siwe-verifier.js';
import { DynamoAuthRepository } from '../../shared/adapters/dynamodb/auth-repository.js';
import { createDynamoClients } from '../../shared/adapters/dynamodb/clients.js';
import { DynamoTable } from '../../shared/adapters/dynamodb/dynamo-table.js';
import { DynamoRateLimiter } from '../../shared/adapters/dynamodb/rate-limiter.js';
import { LOCAL_STAND_IN_CREDENTIALS } from '../../shared/adapters/local-credentials.js';
import { createS3Client } from '../../shared/adapters/s3/clients.js';
import { S3ArtifactStore } from '../../shared/adapters/s3/s3-artifact-store.js';
import type { Config } from '../../shared/config.js';
import { AuthService } from '../../shared/domain/auth/auth-service.js';
import { DependencyError } from '../../shared/domain/errors.js';
import { createLogger, type Logger } from '../../shared/logging.js';
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
}

/** Everything `createApp` needs, built on the given infrastructure. */
export function buildAppDeps(config: Config, infra: Infrastructure, options: BuildDepsOptions = {}): AppDeps {
  const logger = options.logger ?? createLogger(config.logLevel, { service: 'api', stage: config.stage });
  const clock = options.clock ?? systemClock;
  const auth = new AuthService(
    new DynamoAuthRepository(infra.table),
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
  return {
    config,
    logger,
    clock,
    auth,
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
