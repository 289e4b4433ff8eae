/** Nonces, sessions and API tokens in the single table (keys declared in shared/table-layout.ts). */
import { z } from 'zod';
import { type Address, isChecksumAddress } from '#domain/address.js';
import { SCOPES } from '#domain/auth/caller.js';
import { ConflictError } from '#domain/errors.js';
import type { ApiTokenRecord, AuthRepository, SessionRecord } from '#ports/auth.js';
import { tableKeys } from '#shared/table-layout.js';
import type { DynamoTable } from './dynamo-table.js';

const address = z
  .string()
  .refine(isChecksumAddress)
  .transform((value) => value as Address);
const epochSeconds = (date: Date | string) => Math.ceil(new Date(date).getTime() / 1000);
/** Keep expired items a day past expiry before TTL removes them (useful for audits; reads check expiry). */
const TTL_GRACE_SECONDS = 86_400;

const sessionItem = z.object({
  idHash: z.string(),
  address,
  chainId: z.number().int(),
  walletKind: z.enum(['eoa', 'contract']),
  createdAt: z.string(),
  expiresAt: z.string(),
  revokedAt: z.string().optional(),
});

const apiTokenItem = z.object({
  tokenId: z.string(),
  owner: address,
  chainId: z.number().int(),
  name: z.string(),
  scopes: z.array(z.enum(SCOPES)),
  secretHash: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  revokedAt: z.string().optional(),
});

export class DynamoAuthRepository implements AuthRepository {
  constructor(private readonly table: DynamoTable) {}

  async saveNonce(nonce: string, expiresAt: Date): Promise<void> {
    await this.table.put({
      Item: {
        ...tableKeys.nonce.key({ nonce }),
        entity: 'nonce',
        expiresAtMs: expiresAt.getTime(),
        ttl: epochSeconds(expiresAt) + TTL_GRACE_SECONDS,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  }

  async consumeNonceAndCreateSession(nonce: string, now: Date, session: SessionRecord): Promise<void> {
    await this.table.transact(
      {
        nonce: {
          Delete: {
            Key: tableKeys.nonce.key({ nonce }),
            // TTL deletes late: the explicit expiry check is what makes an old nonce unusable.
            ConditionExpression: 'attribute_exists(pk) AND expiresAtMs > :now',
            ExpressionAttributeValues: { ':now': now.getTime() },
          },
        },
        session: {
          Put: {
            Item: {
              ...tableKeys.session.key(session),
              entity: 'session',
              ...session,
              ttl: epochSeconds(session.expiresAt) + TTL_GRACE_SECONDS,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      },
      'The nonce is unknown, expired or already used',
    );
  }

  async getSession(idHash: string): Promise<SessionRecord | undefined> {
    const item = await this.table.get(tableKeys.session.key({ idHash }), { ConsistentRead: true });
    return item ? sessionItem.parse(item) : undefined;
  }

  async revokeSession(idHash: string, at: Date): Promise<void> {
    try {
      await this.table.update({
        Key: tableKeys.session.key({ idHash }),
        UpdateExpression: 'SET revokedAt = if_not_exists(revokedAt, :at)',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':at': at.toISOString() },
      });
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      // Already gone: signing out twice is not an error.
    }
  }

  async saveApiToken(record: ApiTokenRecord): Promise<void> {
    await this.table.put({
      Item: {
        ...tableKeys.apiToken.key(record),
        ...tableKeys.apiToken.gsi1(record),
        entity: 'apiToken',
        ...record,
        ttl: epochSeconds(record.expiresAt) + TTL_GRACE_SECONDS,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  }

  async getApiToken(tokenId: string): Promise<ApiTokenRecord | undefined> {
    const item = await this.table.get(tableKeys.apiToken.key({ tokenId }), { ConsistentRead: true });
    return item ? apiTokenItem.parse(item) : undefined;
  }

  async listApiTokens(owner: Address): Promise<ApiTokenRecord[]> {
    const records: ApiTokenRecord[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.table.query({
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': tableKeys.apiToken.gsi1Partition({ owner }) },
        ScanIndexForward: false,
        ExclusiveStartKey: startKey,
      });
      records.push(...page.items.map((item) => apiTokenItem.parse(item)));
      startKey = page.lastKey;
    } while (startKey);
    return records;
  }

  async revokeApiToken(owner: Address, tokenId: string, at: Date): Promise<boolean> {
    try {
      await this.table.update({
        Key: tableKeys.apiToken.key({ tokenId }),
        UpdateExpression: 'SET revokedAt = if_not_exists(revokedAt, :at)',
        ConditionExpression: 'attribute_exists(pk) AND #owner = :owner',
        ExpressionAttributeNames: { '#owner': 'owner' },
        ExpressionAttributeValues: { ':at': at.toISOString(), ':owner': owner },
      });
      return true;
    } catch (error) {
      if (error instanceof ConflictError) return false;
      throw error;
    }
  }
}
