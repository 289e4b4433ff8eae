/**
 * The adapters for AWS and the chains, built from a whole configuration (secrets included: the chains'
 * private RPC URLs are one). The payout worker, the local server and tests build them at start; the
 * API Lambda on the first request that needs them, after reading its secrets (handler.ts). The
 * artifact store loads S3's SDK on its first call; the licence signer its key's code (and KMS's SDK)
 * on its first signature or address.
 */
import type { KMSClient } from '@aws-sdk/client-kms';
import type { S3Client } from '@aws-sdk/client-s3';
import { EvmChainGateway } from '../../shared/adapters/chain/evm-chain-gateway.js';
import type { DynamoClients } from '../../shared/adapters/dynamodb/clients.js';
import { DynamoTable } from '../../shared/adapters/dynamodb/dynamo-table.js';
import { LazyLicenceSigner } from '../../shared/adapters/keys/lazy-licence-signer.js';
import { type ArtifactStore, LazyArtifactStore } from '../../shared/adapters/s3/lazy-artifact-store.js';
import { type Config, ConfigError } from '../../shared/config.js';
import type { LicenceSigner } from '../../shared/ports/purchases.js';
import { createDynamoClientsFor, createKmsClientFor, createS3ClientFor } from './aws-clients.js';

export interface Infrastructure {
  table: DynamoTable;
  artifacts: ArtifactStore;
  chains: EvmChainGateway;
  /** Signs licence tokens: the KMS key when LICENCE_SIGNER_KMS_KEY_ID is set, else LICENCE_SIGNER_KEY. */
  licenceSigner: LicenceSigner;
  /** Releases sockets and pollers (tests and graceful shutdown). */
  close(): Promise<void>;
}

/**
 * `dynamo`: the process's DynamoDB clients when they already exist (the API Lambda makes them at start).
 * `kms`: makes the KMS client, called once on the first KMS call (tests hand in one for a stand-in).
 */
export function createInfrastructure(
  config: Config,
  dynamo: DynamoClients = createDynamoClientsFor(config.aws),
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
      const { PrivateKeyLicenceSigner } = await import(
        '../../shared/adapters/keys/private-key-licence-signer.js'
      );
      return new PrivateKeyLicenceSigner(config.licenceSignerKey, chainId);
    }
    const [client, { KmsSecp256k1Signer }, { KmsLicenceSigner }] = await Promise.all([
      kms(),
      import('../../shared/adapters/keys/kms-secp256k1-signer.js'),
      import('../../shared/adapters/keys/kms-licence-signer.js'),
    ]);
    return new KmsLicenceSigner(new KmsSecp256k1Signer(client, keyId), chainId);
  });
}
