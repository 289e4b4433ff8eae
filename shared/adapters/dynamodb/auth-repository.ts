/** Nonces, sessions and API tokens in the single table (key layout in table-schema.ts). */
import { z } from 'zod';
import { type Address, isChecksumAddress } from '../../domain/address.js';
import { SCOPES } from '../../domain/auth/caller.js';
import { ConflictError } from '../../domain/errors.js';
import type { ApiTokenRecord, AuthRepository, SessionRecord } from '../../ports/auth.js';
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

const keys = {
  nonce: (nonce: string) => ({ pk: `NONCE#${nonce}`, sk: 'NONCE' }),
  session: (idHash: string) => ({ pk: `SESSION#${idHash}`, sk: 'SESSION' }),
  apiToken: (tokenId: string) => ({ pk: `APITOKEN#${tokenId}`, sk: 'APITOKEN' }),
  tokensOf: (owner: string) => `ACCOUNT#${owner}#APITOKENS`,
};

export class DynamoAuthRepository implements AuthRepository {
  constructor(private readonly table: DynamoTable) {}

  async saveNonce(nonce: string, expiresAt: Date): Promise<void> {
    await this.table.put({
      Item: {
        ...keys.nonce(nonce),
        entity: 'nonce',
        expiresAtMs: expiresAt.getTime(),
        ttl: epochSeconds(expiresAt) + TTL_GRACE_SECONDS,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  }

  async consumeNonceAndCreateSession(nonce: string, now: Date, session: SessionRecord): Promise<void> {
    await this.table.transactWrite(
      [
        {
          Delete: {
            Key: keys.nonce(nonce),
            // TTL deletes late: the explicit expiry check is what makes an old nonce unusable.
            ConditionExpression: 'attribute_exists(pk) AND expiresAtMs > :now',
            ExpressionAttributeValues: { ':now': now.getTime() },
          },
        },
        {
          Put: {
            Item: {
              ...keys.session(session.idHash),
              entity: 'session',
              ...session,
              ttl: epochSeconds(session.expiresAt) + TTL_GRACE_SECONDS,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ],
      'The nonce is unknown, expired or already used',
    );
  }

  async getSession(idHash: string): Promise<SessionRecord | undefined> {
    const item = await this.table.get(keys.session(idHash), { ConsistentRead: true });
    return item ? sessionItem.parse(item) : undefined;
  }

  async revokeSession(idHash: string, at: Date): Promise<void> {
    try {
      await this.table.update({
        Key: keys.session(idHash),
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
        ...keys.apiToken(record.tokenId),
        gsi1pk: keys.tokensOf(record.owner),
        gsi1sk: `${record.createdAt}#${record.tokenId}`,
        entity: 'apiToken',
        ...record,
        ttl: epochSeconds(record.expiresAt) + TTL_GRACE_SECONDS,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  }

  async getApiToken(tokenId: string): Promise<ApiTokenRecord | undefined> {
    const item = await this.table.get(keys.apiToken(tokenId), { ConsistentRead: true });
    return item ? apiTokenItem.parse(item) : undefined;
  }

  async listApiTokens(owner: Address): Promise<ApiTokenRecord[]> {
    const records: ApiTokenRecord[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.table.query({
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.tokensOf(owner) },
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
        Key: keys.apiToken(tokenId),
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
