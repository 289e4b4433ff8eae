/** Builds the DynamoDB clients once per entry point; callers inject them into repositories. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface DynamoClientOptions {
  region: string;
  endpoint?: string | undefined;
  /** Local stand-ins accept any credentials; pass fixed ones so DynamoDB Local uses one database file. */
  credentials?: { accessKeyId: string; secretAccessKey: string } | undefined;
  /**
   * Per-attempt limit for the answer to arrive; a dead or hung endpoint must become a 503 quickly,
   * not hang a Lambda. With the default 3 attempts a hung DynamoDB fails in ~9 s, inside the API
   * function's timeout.
   */
  requestTimeoutMs?: number;
  maxAttempts?: number;
}

export function createDynamoClients(options: DynamoClientOptions) {
  const client = new DynamoDBClient({
    region: options.region,
    endpoint: options.endpoint,
    credentials: options.credentials,
    maxAttempts: options.maxAttempts ?? 3,
    requestHandler: {
      requestTimeout: options.requestTimeoutMs ?? 3000,
      // Without this the SDK only logs a warning when requestTimeout passes and keeps waiting:
      // a hung endpoint would hang the request until the function times out.
      throwOnRequestTimeout: true,
      connectionTimeout: 1000,
    },
  });
  const document = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    // Integers beyond 2^53 come back as bigint (ledger balances), never as a rounded number.
    unmarshallOptions: { wrapNumbers: readNumber },
  });
  return { client, document };
}

export type DynamoClients = ReturnType<typeof createDynamoClients>;

/** Safe integers and decimals as number; larger integers as exact bigint. */
export function readNumber(value: string): number | bigint {
  const parsed = Number(value);
  if (/^-?\d+$/.test(value) && !Number.isSafeInteger(parsed)) return BigInt(value);
  return parsed;
}
