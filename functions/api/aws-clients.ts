/**
 * The DynamoDB and S3 clients, one of each per process. They need no secret, so the API Lambda
 * creates them at its cold start like any Lambda would; the adapters on them come later
 * (infrastructure.ts).
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { createDynamoClients, type DynamoClients } from '../../shared/adapters/dynamodb/clients.js';
import { LOCAL_STAND_IN_CREDENTIALS } from '../../shared/adapters/local-credentials.js';
import { createS3Client } from '../../shared/adapters/s3/clients.js';
import type { Config } from '../../shared/config.js';

export interface AwsClients {
  dynamo: DynamoClients;
  s3: S3Client;
}

export function createAwsClients(config: Pick<Config, 'aws'>): AwsClients {
  return {
    dynamo: createDynamoClients({
      region: config.aws.region,
      endpoint: config.aws.dynamoDbEndpoint,
      credentials: standInCredentials(config.aws.dynamoDbEndpoint),
    }),
    s3: createS3Client({
      region: config.aws.region,
      endpoint: config.aws.s3Endpoint,
      credentials: standInCredentials(config.aws.s3Endpoint),
    }),
  };
}

/**
 * A local stand-in (an endpoint is set) accepts fixed credentials, which also keep DynamoDB Local on
 * one database file; against AWS, undefined leaves the SDK's default chain.
 */
function standInCredentials(endpoint: string | undefined) {
  return endpoint ? LOCAL_STAND_IN_CREDENTIALS : undefined;
}
