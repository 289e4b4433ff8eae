/** Cold-start floor (b): floor (a) plus the DynamoDB (document) and S3 clients the API creates. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';

const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({ region: process.env.AWS_REGION }));
const s3 = new S3Client({ region: process.env.AWS_REGION });

const app = new Hono();
app.get('/health', (c) => c.json({ status: 'ok', clients: [typeof dynamo.send, typeof s3.send] }));

export const handler = handle(app);
