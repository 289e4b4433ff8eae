/**
 * Fixed-window rate limiting on a DynamoDB counter: one atomic ADD per request, so the limit holds
 * across every Lambda instance (API Gateway's throttling is per route/stage, not per client).
 */
import type { RateLimiter } from '#ports/auth.js';
import { tableKeys } from '#shared/table-layout.js';
import type { DynamoTable } from './dynamo-table.js';

export class DynamoRateLimiter implements RateLimiter {
  constructor(private readonly table: DynamoTable) {}

  async hit(key: string, limit: number, windowSeconds: number, now: Date) {
    const nowSeconds = Math.floor(now.getTime() / 1000);
    const windowStart = nowSeconds - (nowSeconds % windowSeconds);
    const attributes = await this.table.update({
      Key: tableKeys.rateCounter.key({ key, windowStart }),
      UpdateExpression: 'ADD hits :one SET #ttl = if_not_exists(#ttl, :ttl)',
      ExpressionAttributeNames: { '#ttl': 'ttl' },
      ExpressionAttributeValues: { ':one': 1, ':ttl': windowStart + windowSeconds + 60 },
      ReturnValues: 'UPDATED_NEW',
    });
    const hits = Number(attributes?.hits ?? 0);
    return {
      allowed: hits <= limit,
      retryAfterSeconds: Math.max(1, windowStart + windowSeconds - nowSeconds),
    };
  }
}
