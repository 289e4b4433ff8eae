/**
 * The SDK clients, built from `config.aws`, one of each per process (runtime.ts). They need no secret.
 * The DynamoDB client is made at start, as nearly every request needs it; S3's and KMS's SDKs load with
 * their first use (lazy.ts).
 */
import type { KMSClient } from '@aws-sdk/client-kms';
import type { S3Client } from '@aws-sdk/client-s3';
import { createDynamoClients, type DynamoClients } from '#adapters/dynamodb/clients.js';
import { LOCAL_STAND_IN_CREDENTIALS } from '#adapters/local-credentials.js';
import type { Config } from '#shared/config.js';
import { loadKmsClient, loadS3Client } from './lazy.js';

type AwsSettings = Config['aws'];

export function createDynamoClientsFor(aws: AwsSettings): DynamoClients {
  return createDynamoClients({
    region: aws.region,
    endpoint: aws.dynamoDbEndpoint,
    credentials: standInCredentials(aws.dynamoDbEndpoint),
  });
}

/** Imports the S3 SDK on the first call. */
export async function createS3ClientFor(aws: AwsSettings): Promise<S3Client> {
  const { createS3Client } = await loadS3Client();
  return createS3Client({
    region: aws.region,
    endpoint: aws.s3Endpoint,
    credentials: standInCredentials(aws.s3Endpoint),
  });
}

/**
 * Imports KMS's SDK on the first call. No local stand-in is configured: `npm start` and tests sign
 * with a key in memory unless a test hands in its own client.
 */
export async function createKmsClientFor(aws: AwsSettings): Promise<KMSClient> {
  const { createKmsClient } = await loadKmsClient();
  return createKmsClient({ region: aws.region });
}

/**
 * A local stand-in (an endpoint is set) accepts fixed credentials, which also keep DynamoDB Local on
 * one database file; against AWS, undefined leaves the SDK's default chain.
 */
function standInCredentials(endpoint: string | undefined) {
  return endpoint ? LOCAL_STAND_IN_CREDENTIALS : undefined;
}
