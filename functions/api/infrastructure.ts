/**
 * The adapters for AWS and the chains, built from a whole configuration (secrets included: the chains'
 * private RPC URLs are one). The payout worker, the local server and tests build them at start; the
 * API Lambda on the first request that needs them, after reading its secrets (handler.ts). The
 * artifact store loads S3's SDK on its first call.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { EvmChainGateway } from '../../shared/adapters/chain/evm-chain-gateway.js';
import type { DynamoClients } from '../../shared/adapters/dynamodb/clients.js';
import { DynamoTable } from '../../shared/adapters/dynamodb/dynamo-table.js';
import { type ArtifactStore, LazyArtifactStore } from '../../shared/adapters/s3/lazy-artifact-store.js';
import type { Config } from '../../shared/config.js';
import { createDynamoClientsFor, createS3ClientFor } from './aws-clients.js';

export interface Infrastructure {
  table: DynamoTable;
  artifacts: ArtifactStore;
  chains: EvmChainGateway;
  /** Releases sockets and pollers (tests and graceful shutdown). */
  close(): Promise<void>;
}

/** `dynamo`: the process's DynamoDB clients when they already exist (the API Lambda makes them at start). */
export function createInfrastructure(
  config: Config,
  dynamo: DynamoClients = createDynamoClientsFor(config.aws),
): Infrastructure {
  let s3: Promise<S3Client> | undefined;
  const artifacts = new LazyArtifactStore(async () => {
    s3 ??= createS3ClientFor(config.aws);
    const [client, { S3ArtifactStore }] = await Promise.all([
      s3,
      import('../../shared/adapters/s3/s3-artifact-store.js'),
    ]);
    return new S3ArtifactStore(client, config.aws.bucketName);
  });
  const chains = new EvmChainGateway(config.chains);
  return {
    table: new DynamoTable(dynamo.document, config.aws.tableName),
    artifacts,
    chains,
    close: async () => {
      dynamo.client.destroy();
      (await s3?.catch(() => undefined))?.destroy();
      await chains.destroy();
    },
  };
}
