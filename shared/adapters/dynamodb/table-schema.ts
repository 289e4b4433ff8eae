/**
 * The single DynamoDB table: its key schema, indexes and TTL attribute. Both the local stack
 * (`ensureTable`) and the CDK stack build the table from these constants, so they cannot drift.
 *
 * Access patterns (pattern → key or index). Later features add rows here as they add items.
 *
 * | pattern                                   | key / index                                             |
 * |-------------------------------------------|---------------------------------------------------------|
 * | health probe                              | GetItem pk=`HEALTH` sk=`HEALTH` (usually absent)        |
 * | sign-in nonce (single use, TTL)           | pk=`NONCE#<nonce>` sk=`NONCE`; consumed by a conditional |
 * |                                           | Delete in the same transaction that writes the session  |
 * | session by token                          | pk=`SESSION#<sha256(sessionId)>` sk=`SESSION` (TTL)     |
 * | API token by id                           | pk=`APITOKEN#<tokenId>` sk=`APITOKEN`                   |
 * | API tokens of an account, newest first    | gsi1 pk=`ACCOUNT#<address>#APITOKENS` sk=`<createdAt>#<id>` |
 * | rate-limit counter per client and window  | pk=`RATE#<key>#<windowStart>` sk=`RATE` (ADD, TTL)      |
 *
 * Generic, overloaded attribute names (`pk`, `sk`, `gsi1pk`...) let one table serve every entity;
 * items carry an `entity` attribute so readers can validate what they read back.
 */

export const TABLE_KEYS = {
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: 'ttl',
} as const;

export interface GlobalIndexDefinition {
  indexName: string;
  partitionKey: string;
  sortKey: string;
}

/** Overloaded GSIs, projected ALL (items are small; list pages need whole items). */
export const GLOBAL_INDEXES: readonly GlobalIndexDefinition[] = [
  { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  { indexName: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
];
