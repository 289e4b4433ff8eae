/**
 * The adapters for AWS and the chains, built from a whole configuration (secrets included: the chains'
 * private RPC URLs are one) on the process's SDK clients. The payout worker, the local server and tests
 * build them at start; the API Lambda on the first request that needs them, after reading its secrets
 * (handler.ts).
 */
import { EvmChainGateway } from '../../shared/adapters/chain/evm-chain-gateway.js';
import { DynamoTable } from '../../shared/adapters/dynamodb/dynamo-table.js';
import { S3ArtifactStore } from '../../shared/adapters/s3/s3-artifact-store.js';
import type { Config } from '../../shared/config.js';
import { type AwsClients, createAwsClients } from './aws-clients.js';

export interface Infrastructure {
  table: DynamoTable;
  artifacts: S3ArtifactStore;
  chains: EvmChainGateway;
  /** Releases sockets and pollers (tests and graceful shutdown). */
  close(): Promise<void>;
}

/** `clients`: the process's SDK clients when they already exist (the API Lambda makes them at start). */
export function createInfrastructure(
  config: Config,
  clients: AwsClients = createAwsClients(config),
): Infrastructure {
  const chains = new EvmChainGateway(config.chains);
  return {
    table: new DynamoTable(clients.dynamo.document, config.aws.tableName),
    artifacts: new S3ArtifactStore(clients.s3, config.aws.bucketName),
    chains,
    close: async () => {
      clients.dynamo.client.destroy();
      clients.s3.destroy();
      await chains.destroy();
    },
  };
}
