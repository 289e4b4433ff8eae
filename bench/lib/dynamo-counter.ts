/**
 * Counts the DynamoDB operations a client sends, by operation name, through SDK middleware — the same
 * client the app uses, so nothing about the request path changes. Benchmarks read the counts around
 * one request to report "operations per request" and to prove that no request path uses Scan.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createTally, type Tally } from './tally.js';

/** Operations sent since the last reset, by name (e.g. GetItem, Query). */
export type DynamoCounter = Tally;

/**
 * Attaches a counter to `client` (the document client shares its middleware stack with the client it
 * wraps, so either works). Counts each operation once, however many times the SDK retries it.
 */
export function countDynamoOperations(client: DynamoDBClient | DynamoDBDocumentClient): DynamoCounter {
  const { tally, count } = createTally();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      count(String(context.commandName ?? 'unknown').replace(/Command$/, ''));
      return next(args);
    },
    { step: 'initialize', name: 'benchDynamoOperationCounter', override: true },
  );
  return tally;
}
