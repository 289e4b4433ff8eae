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
 * | balance per (recipient, chain, currency)  | pk=`BAL#<recipient>` sk=`<chainId>#<currency>` (limbs b0..b2 + rev, ADD) |
 * | balances of a recipient                   | Query pk=`BAL#<recipient>`                              |
 * | payment tx claimed once                   | pk=`TXCLAIM#<chainId>#<txHash>` sk=`TXCLAIM` (attribute_not_exists) |
 * | sale with its credits                     | pk=`SALE#<saleId>` sk=`SALE`                            |
 * | payout by id                              | pk=`PAYOUT#<id>` sk=`PAYOUT`                            |
 * | open payouts of a chain by status, oldest | gsi1 pk=`PAYOUTS#<chainId>#<status>` sk=`<requestedAt>#<id>` (sparse) |
 * | payouts of a recipient, newest first      | gsi2 pk=`PAYOUTS_OF#<recipient>` sk=`<requestedAt>#<id>` |
 * | model by id (catalogue-repository.ts)     | pk=`MODEL#<modelId>` sk=`MODEL`                         |
 * | model + versions + files + offers at once | Query pk=`MODEL#<modelId>` (one item collection)        |
 * | models of an owner (drafts too), newest   | gsi1 pk=`MODELOWNER#<owner>` sk=`<createdAt>#<modelId>` |
 * | slug unique per owner                     | pk=`SLUG#<owner>#<slug>` sk=`SLUG` (attribute_not_exists) |
 * | version of a model / all versions         | pk=`MODEL#<id>` sk=`VERSION#<semver>` / begins_with     |
 * | files of a version / file by id           | pk=`MODEL#<id>` sk=`FILE#<semver>#<fileId>` / begins_with |
 * | file by path (unique per version)         | pk=`MODEL#<id>` sk=`FILEPATH#<semver>#<sha256(path)>` → fileId |
 * | offer / offers of a model                 | pk=`MODEL#<id>` sk=`OFFER#<offerId>` / begins_with; `soldCount` |
 * | offer by id alone (orders)                | gsi2 pk=`OFFER#<offerId>` sk=`OFFER` → modelId (offer-lookup.ts) |
 * | uploads in flight per owner (quota)       | pk=`ACCOUNT#<owner>` sk=`UPLOADS` (`inFlight`, ADD)     |
 * | published models newest first, by facet   | Query pk=`LISTING#<facet>` sk=`<publishedAt>#<modelId>` desc; |
 * |   (ALL, TASK#t, TAG#t, OWNER#a, KW#word)  | one small copy per facet, rewritten in one transaction  |
 * | order by id / orders of a buyer, newest    | pk=`ORDER#<id>` sk=`ORDER` / gsi1 pk=`BUYER#<addr>#ORDERS` sk=`<createdAt>#<id>` |
 * | licence by id / licences of a holder      | pk=`LICENCE#<id>` sk=`LICENCE` / gsi1 pk=`HOLDER#<addr>#LICENCES` sk=`<issuedAt>#<id>` |
 * | a holder's licences for one model         | gsi2 pk=`HOLDER#<addr>#MODEL#<modelId>` (download checks) |
 * | sales of a model, newest first            | gsi1 pk=`MODEL#<modelId>#SALES` sk=`<settledAt>#<saleId>` on the sale item |
 * | earnings history of a recipient           | pk=`CREDITS#<recipient>` sk=`<settledAt>#<saleId>`      |
 * | late payments for manual resolution       | pk=`LATEPAY#<chainId>#<tx>` / gsi1 pk=`LATEPAYMENTS`     |
 * | download grants of a model / daily quota  | pk=`DOWNLOADS#<modelId>` sk=`<at>#<grantId>`; pk=`DLQUOTA#<licenceId>#<day>` (ADD, TTL) |
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
