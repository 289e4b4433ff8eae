/**
 * Counts the DynamoDB operations a client sends, by operation name, through SDK middleware — the same
 * client the app uses, so nothing about the request path changes. Benchmarks read the counts around
 * one request to report "operations per request" and to prove that no request path uses Scan.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface DynamoCounter {
  /** Operations sent since the last reset, e.g. { GetItem: 1, Query: 1 }. */
  readonly counts: Readonly<Record<string, number>>;
  total(): number;
  reset(): void;
  /** The counts since the last reset as "GetItem 1, Query 1". */
  describe(): string;
}

/**
 * Attaches a counter to `client` (the document client shares its middleware stack with the client it
 * wraps, so either works). Counts each operation once, however many times the SDK retries it.
 */
export function countDynamoOperations(client: DynamoDBClient | DynamoDBDocumentClient): DynamoCounter {
  let counts: Record<string, number> = {};
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = String(context.commandName ?? 'unknown').replace(/Command$/, '');
      counts[operation] = (counts[operation] ?? 0) + 1;
      return next(args);
    },
    { step: 'initialize', name: 'benchDynamoOperationCounter', override: true },
  );
  return {
    get counts() {
      return counts;
    },
    total: () => Object.values(counts).reduce((sum, count) => sum + count, 0),
    reset: () => {
      counts = {};
    },
    describe: () =>
      Object.entries(counts)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([operation, count]) => `${operation} ${count}`)
        .join(', ') || 'none',
  };
}
