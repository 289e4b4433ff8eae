/**
 * The single DynamoDB table's layout, declared once as data: its key attributes and indexes (the CDK
 * stack and the local `ensureTable` both build the table from these), and every entity's primary and
 * index keys (the repositories build and read keys only through `tableKeys`, derived from `ENTITIES`).
 * docs/table-layout.md holds the same table rendered by `renderTableLayout`, and a test keeps the two
 * equal. Pure data and string functions: infra, adapters and tests may all import it.
 *
 * A key is a list of segments joined with `#`. An UPPER_CASE segment is a literal; any other segment
 * names a field whose value the caller passes (`['MODEL', 'modelId']` → `MODEL#<modelId>`), in the
 * manner of ElectroDB's composite keys. Generic, overloaded attribute names (`pk`, `sk`, `gsi1pk`...)
 * let one table serve every entity; items carry an `entity` attribute so readers can validate what
 * they read back.
 */
import type { TxHash } from './domain/tx-hash.js';

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

type KeyTemplate = readonly string[];

interface IndexKeyLayout {
  readonly pk: KeyTemplate;
  readonly sk: KeyTemplate;
}

interface EntityLayout extends IndexKeyLayout {
  /** What the item is and the access patterns it serves (one line of the docs table). */
  readonly serves: string;
  readonly gsi1?: IndexKeyLayout;
  readonly gsi2?: IndexKeyLayout;
}

/**
 * Every item in the table. Values are stored as given: callers pass addresses EIP-55 checksummed,
 * currencies `native` or the lower-case token address, tx hashes as `TxHash` (lower case), and
 * timestamps as ISO strings, so newest-first sort keys order correctly.
 */
export const ENTITIES = {
  health: {
    serves: 'health probe: GetItem (usually absent)',
    pk: ['HEALTH'],
    sk: ['HEALTH'],
  },
  nonce: {
    serves:
      'sign-in nonce, single use (TTL); a conditional Delete in the transaction that writes the session',
    pk: ['NONCE', 'nonce'],
    sk: ['NONCE'],
  },
  session: {
    serves: 'session by sha256(session id) (TTL)',
    pk: ['SESSION', 'idHash'],
    sk: ['SESSION'],
  },
  apiToken: {
    serves: 'API token by id; gsi1: the tokens of an account, newest first',
    pk: ['APITOKEN', 'tokenId'],
    sk: ['APITOKEN'],
    gsi1: { pk: ['ACCOUNT', 'owner', 'APITOKENS'], sk: ['createdAt', 'tokenId'] },
  },
  rateCounter: {
    serves: 'rate-limit counter per client key and window (ADD, TTL)',
    pk: ['RATE', 'key', 'windowStart'],
    sk: ['RATE'],
  },
  model: {
    serves:
      'model by id; Query pk: the model with its versions, files and offers (one item collection); gsi1: models of an owner, drafts too, newest first',
    pk: ['MODEL', 'modelId'],
    sk: ['MODEL'],
    gsi1: { pk: ['MODELOWNER', 'owner'], sk: ['createdAt', 'modelId'] },
  },
  slug: {
    serves: 'slug unique per owner (attribute_not_exists) → modelId',
    pk: ['SLUG', 'owner', 'slug'],
    sk: ['SLUG'],
  },
  version: {
    serves: 'version of a model; begins_with: all versions',
    pk: ['MODEL', 'modelId'],
    sk: ['VERSION', 'version'],
  },
  file: {
    serves: 'file by id; begins_with: the files of a version',
    pk: ['MODEL', 'modelId'],
    sk: ['FILE', 'version', 'fileId'],
  },
  filePath: {
    serves: 'file path unique per version (pathHash: sha256 of the path) → fileId',
    pk: ['MODEL', 'modelId'],
    sk: ['FILEPATH', 'version', 'pathHash'],
  },
  offer: {
    serves:
      'offer with its `soldCount`; begins_with: the offers of a model; gsi2: offer by id alone (orders)',
    pk: ['MODEL', 'modelId'],
    sk: ['OFFER', 'offerId'],
    gsi2: { pk: ['OFFER', 'offerId'], sk: ['OFFER'] },
  },
  uploads: {
    serves: 'uploads in flight per owner (`inFlight`, ADD; quota)',
    pk: ['ACCOUNT', 'owner'],
    sk: ['UPLOADS'],
  },
  ownedBlob: {
    serves:
      "the newest verified copy of given bytes (SHA-256 and size) among an owner's files → its key: an identical file of the same owner reuses it without uploading",
    pk: ['BLOB', 'owner'],
    sk: ['sha256', 'size'],
  },
  listing: {
    serves:
      'published models newest first per facet (ALL, TASK#t, TAG#t, OWNER#a, KW#word): one small copy per facet, rewritten in one transaction',
    pk: ['LISTING', 'facet'],
    sk: ['publishedAt', 'modelId'],
  },
  order: {
    serves: 'order by id; gsi1: the orders of a buyer, newest first',
    pk: ['ORDER', 'orderId'],
    sk: ['ORDER'],
    gsi1: { pk: ['BUYER', 'buyer', 'ORDERS'], sk: ['createdAt', 'orderId'] },
  },
  licence: {
    serves:
      "licence by id; gsi1: the licences of a holder, newest first; gsi2: a holder's licences for one model (download checks)",
    pk: ['LICENCE', 'licenceId'],
    sk: ['LICENCE'],
    gsi1: { pk: ['HOLDER', 'licensee', 'LICENCES'], sk: ['issuedAt', 'licenceId'] },
    gsi2: { pk: ['HOLDER', 'licensee', 'MODEL', 'modelId'], sk: ['issuedAt', 'licenceId'] },
  },
  orderToken: {
    serves:
      "a contract sale's order by its licence token ids' high 224 bits (the hashed order id, low 32 bits zero) → orderId; written with the order",
    pk: ['ORDERTOKEN', 'chainId', 'tokenPrefix'],
    sk: ['ORDERTOKEN'],
  },
  chainEvent: {
    serves:
      'a market event the indexer applied, claimed once by its position (block zero-padded to 12 digits); Query between: the events of a block range (reconciling after a reorg)',
    pk: ['CHAINEVENTS', 'chainId'],
    sk: ['block', 'logIndex'],
  },
  chainCursor: {
    serves: "the indexer's cursor per chain: last block indexed, its hash and recent range ends' hashes",
    pk: ['CHAINCURSOR', 'chainId'],
    sk: ['CHAINCURSOR'],
  },
  sale: {
    serves: 'sale with its credits (indexed from the contract); gsi1: the sales of a model, newest first',
    pk: ['SALE', 'saleId'],
    sk: ['SALE'],
    gsi1: { pk: ['MODEL', 'modelId', 'SALES'], sk: ['settledAt', 'saleId'] },
  },
  credit: {
    serves: 'earnings history of a recipient, newest first',
    pk: ['CREDITS', 'recipient'],
    sk: ['settledAt', 'saleId'],
  },
  downloadGrant: {
    serves: 'download grants of a model',
    pk: ['DOWNLOADS', 'modelId'],
    sk: ['at', 'grantId'],
  },
  downloadQuota: {
    serves: "a licence's downloads on one day (ADD, TTL)",
    pk: ['DLQUOTA', 'licenceId', 'day'],
    sk: ['DLQUOTA'],
  },
} as const satisfies Record<string, EntityLayout>;

export type EntityName = keyof typeof ENTITIES;

/** Fields whose values are not plain strings. */
interface KeyFieldTypes {
  txHash: TxHash;
  chainId: number;
  windowStart: number;
}

type FieldOf<S extends string> = S extends Uppercase<S> ? never : S;
type FieldsOf<T extends KeyTemplate> = FieldOf<T[number]>;
type ValueOf<F extends string> = F extends keyof KeyFieldTypes ? KeyFieldTypes[F] : string;
/** The values a key template needs, by field name. */
export type KeyValues<T extends KeyTemplate> = { [F in FieldsOf<T>]: ValueOf<F> };

export type TableKey = { pk: string; sk: string };

type IndexBuilders<E, I extends 'gsi1' | 'gsi2'> = E extends {
  readonly [K in I]: infer L extends IndexKeyLayout;
}
  ? {
      [K in I]: (values: KeyValues<L['pk']> & KeyValues<L['sk']>) => Record<`${I}pk` | `${I}sk`, string>;
    } & {
      [K in `${I}Partition`]: (values: KeyValues<L['pk']>) => string;
    }
  : unknown;

/** Key builders for one entity, derived from its declaration. */
export type EntityKeys<E extends EntityLayout> = {
  /** The item's primary key. */
  key(values: KeyValues<E['pk']> & KeyValues<E['sk']>): TableKey;
  /** The partition key value alone (Query `pk = :pk`). */
  partition(values: KeyValues<E['pk']>): string;
  /**
   * The sort key up to the first field not given, for `begins_with` (ElectroDB's partial sort keys):
   * `version` with `{}` → `VERSION#`, `file` with `{ version }` → `FILE#<version>#`.
   */
  sortKeyPrefix(values: Partial<KeyValues<E['sk']>>): string;
  /** The field values of a key this entity built, or undefined when the key is not one of its keys. */
  parse(key: TableKey): Record<FieldsOf<E['pk']> | FieldsOf<E['sk']>, string> | undefined;
} & IndexBuilders<E, 'gsi1'> &
  IndexBuilders<E, 'gsi2'>;

const SEPARATOR = '#';

function isLiteral(segment: string): boolean {
  return segment === segment.toUpperCase();
}

function render(template: KeyTemplate, values: Record<string, unknown>): string {
  return template.map((segment) => (isLiteral(segment) ? segment : String(values[segment]))).join(SEPARATOR);
}

function renderPrefix(template: KeyTemplate, values: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const segment of template) {
    if (isLiteral(segment)) parts.push(segment);
    else if (values[segment] === undefined) return parts.map((part) => part + SEPARATOR).join('');
    else parts.push(String(values[segment]));
  }
  return parts.join(SEPARATOR);
}

/**
 * Reads field values back out of a key. A field value never holds `#` except in a template's last
 * segment, which takes the rest (a listing facet such as `TAG#llm`).
 */
function parseTemplate(template: KeyTemplate, value: string, into: Record<string, string>): boolean {
  const parts = value.split(SEPARATOR);
  if (parts.length < template.length) return false;
  for (const [index, segment] of template.entries()) {
    const last = index === template.length - 1;
    const part = last ? parts.slice(index).join(SEPARATOR) : (parts[index] as string);
    if (isLiteral(segment)) {
      if (part !== segment) return false;
    } else {
      into[segment] = part;
    }
  }
  return true;
}

function entityKeys<E extends EntityLayout>(entity: E): EntityKeys<E> {
  const builders: Record<string, unknown> = {
    key: (values: Record<string, unknown>) => ({
      pk: render(entity.pk, values),
      sk: render(entity.sk, values),
    }),
    partition: (values: Record<string, unknown>) => render(entity.pk, values),
    sortKeyPrefix: (values: Record<string, unknown>) => renderPrefix(entity.sk, values),
    parse: (key: TableKey) => {
      const fields: Record<string, string> = {};
      return parseTemplate(entity.pk, key.pk, fields) && parseTemplate(entity.sk, key.sk, fields)
        ? fields
        : undefined;
    },
  };
  for (const index of ['gsi1', 'gsi2'] as const) {
    const layout = entity[index];
    if (!layout) continue;
    builders[index] = (values: Record<string, unknown>) => ({
      [`${index}pk`]: render(layout.pk, values),
      [`${index}sk`]: render(layout.sk, values),
    });
    builders[`${index}Partition`] = (values: Record<string, unknown>) => render(layout.pk, values);
  }
  return builders as EntityKeys<E>;
}

type Entities = typeof ENTITIES;

/** The only way code builds table keys: `tableKeys.order.key({ orderId })`, `tableKeys.order.gsi1(order)`. */
export const tableKeys = Object.fromEntries(
  Object.entries(ENTITIES).map(([name, entity]) => [name, entityKeys(entity)]),
) as { [N in EntityName]: EntityKeys<Entities[N]> };

/**
 * Every literal that starts a `PREFIX#` in some key (`MODEL`, `ORDER`, `CHAINCURSOR`...): what must never
 * leak into an API response (the fuzz tests' contract check).
 */
export function keyPrefixes(): string[] {
  const prefixes = new Set<string>();
  for (const entity of Object.values(ENTITIES) as EntityLayout[]) {
    const templates = [
      entity.pk,
      entity.sk,
      entity.gsi1?.pk,
      entity.gsi1?.sk,
      entity.gsi2?.pk,
      entity.gsi2?.sk,
    ];
    for (const template of templates) {
      template?.forEach((segment, index) => {
        if (isLiteral(segment) && index < template.length - 1) prefixes.add(segment);
      });
    }
  }
  return [...prefixes].sort();
}

function describeKey(template: KeyTemplate | undefined): string {
  if (!template) return '';
  return `\`${template.map((segment) => (isLiteral(segment) ? segment : `<${segment}>`)).join(SEPARATOR)}\``;
}

/** The layout as the markdown table in docs/table-layout.md (one row per entity). */
export function renderTableLayout(): string {
  const rows = [
    '| entity | pk | sk | gsi1pk / gsi1sk | gsi2pk / gsi2sk | serves |',
    '|---|---|---|---|---|---|',
  ];
  for (const [name, entity] of Object.entries(ENTITIES) as Array<[string, EntityLayout]>) {
    const index = (layout: IndexKeyLayout | undefined) =>
      layout ? `${describeKey(layout.pk)} / ${describeKey(layout.sk)}` : '';
    rows.push(
      `| ${name} | ${describeKey(entity.pk)} | ${describeKey(entity.sk)} | ${index(entity.gsi1)} | ${index(entity.gsi2)} | ${entity.serves.replaceAll('|', '\\|')} |`,
    );
  }
  return `${rows.join('\n')}\n`;
}

const GENERATED_BEGIN =
  '<!-- generated from shared/table-layout.ts: npx tsx scripts/render-table-layout.ts -->';
const GENERATED_END = '<!-- end of generated table -->';

/** `markdown` with the generated section (between its markers) replaced by `renderTableLayout()`. */
export function replaceGeneratedTable(markdown: string): string {
  const begin = markdown.indexOf(GENERATED_BEGIN);
  const end = markdown.indexOf(GENERATED_END);
  if (begin < 0 || end < begin) throw new Error('the generated-table markers are missing');
  return `${markdown.slice(0, begin + GENERATED_BEGIN.length)}\n${renderTableLayout()}${markdown.slice(end)}`;
}
