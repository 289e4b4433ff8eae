/**
 * Reference (c): floor (b) plus ethers, siwe and the S3 presigner imported eagerly — what the API
 * would cost if the heavy modules were not loaded lazily.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { Wallet } from 'ethers';
import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
import { SiweMessage } from 'siwe';

const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({ region: process.env.AWS_REGION }));
const s3 = new S3Client({ region: process.env.AWS_REGION });

const app = new Hono();
app.get('/health', (c) =>
  c.json({
    status: 'ok',
    loaded: [typeof dynamo.send, typeof s3.send, typeof getSignedUrl, typeof Wallet, typeof SiweMessage],
  }),
);

export const handler = handle(app);
