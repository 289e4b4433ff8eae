/**
 * P3 scale: p50 latency of browse, filters and search through the full app with 1,000 vs 100,000
 * published models (goal: 100k ≤ 1.2× 1k), and the DynamoDB operations each request costs, counted
 * on the app's own client (goal: no Scan, at most the service's bound of 5 Queries).
 * Run: `npm run bench -- p3` or `npx tsx bench/p3-browse-scale.ts [large=100000] [small=1000]`;
 * BENCH_P3_REQUESTS sets the requests per query and size (default 200).
 *
 * The two catalogues live in two tables of one DynamoDB Local (in memory), seeded with BatchWriteItem
 * (25 items a call, 32 calls in flight) with exactly the items the catalogue repository writes for a
 * published model — its model item and its listing entries — built by `catalogueItems`,
 * `listingEntryFor` and `facetsOf`, never by hand. Both catalogues draw from the same distributions
 * (10 tasks, 20 tags with 2 per model, names from 20 adjectives × 20 nouns, 500 owners, half the
 * offers commercial), so a filter matches the same share of models in each and only the size differs.
 *
 * DynamoDB Local writes ≈ 3,500 items/s here and a published model has 11 listing entries (all, task,
 * owner, 2 tags, 5 keywords), so seeding everything for 100,000 models (1.2 million items) takes ≈ 6
 * minutes. By default the bench seeds every model item and every listing entry in the facets the
 * measured queries read (`facetFor` of each query: the whole `ALL` partition, whole task, tag and
 * keyword partitions), and skips entries in facets no measured request can read (owners, other tags,
 * keywords and tasks): ≈ 245,000 items for 100k, about a minute. BENCH_P3_ALL_FACETS=1 seeds them all.
 * Versions, files and offer items are not seeded: no browse request reads them.
 */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { catalogueItems } from '#adapters/dynamodb/catalogue-repository.js';
import { createDynamoClients } from '#adapters/dynamodb/clients.js';
import type { Item } from '#adapters/dynamodb/dynamo-table.js';
import { ensureTable } from '#adapters/dynamodb/table-admin.js';
import { LOCAL_STAND_IN_CREDENTIALS } from '#adapters/local-credentials.js';
import { createApp } from '#api/app.js';
import { toChecksumAddress } from '#domain/address.js';
import { facetFor, facetsOf, listingEntryFor } from '#domain/catalogue/listing.js';
import type { Model, Offer } from '#domain/catalogue/schemas.js';
import { ownerOnlySplit } from '#domain/catalogue/split.js';
import { buildAppDeps, createRuntime } from '#runtime/runtime.js';
import { startLocalStack } from '#scripts/local-stack/index.js';
import { loadConfig } from '#shared/config.js';
import { createLogger } from '#shared/logging.js';
import { call } from './lib/api-flows.js';
import { countDynamoOperations, type DynamoCounter } from './lib/dynamo-counter.js';
import { ratio, recordResult } from './lib/report.js';
import { median, printTable, quantile } from './lib/stats.js';

const LARGE = Number(process.argv[2] ?? 100_000);
const SMALL = Number(process.argv[3] ?? 1_000);
const REQUESTS = Number(process.env.BENCH_P3_REQUESTS ?? 200);
const BENCHMARK = 'P3 browse scale';
/** CatalogueService's MAX_BROWSE_READS: the most storage pages one browse request may read. */
const MAX_QUERIES = 5;

const TASKS = [
  'translation',
  'summarization',
  'classification',
  'detection',
  'segmentation',
  'transcription',
  'embedding',
  'generation',
  'captioning',
  'forecasting',
];
const TAGS = Array.from({ length: 20 }, (_, index) => `tag${index}`);
const ADJECTIVES = [
  'swift',
  'quiet',
  'bright',
  'brave',
  'calm',
  'clever',
  'eager',
  'gentle',
  'happy',
  'jolly',
  'kind',
  'lively',
  'noble',
  'proud',
  'silly',
  'witty',
  'zesty',
  'bold',
  'crisp',
  'vivid',
]; // prettier-ignore
const NOUNS = [
  'falcon',
  'otter',
  'badger',
  'heron',
  'lynx',
  'marten',
  'osprey',
  'panda',
  'quokka',
  'raven',
  'salmon',
  'tapir',
  'walrus',
  'yak',
  'zebra',
  'bison',
  'condor',
  'dingo',
  'egret',
  'gecko',
]; // prettier-ignore

/** A small deterministic PRNG (mulberry32): both catalogues draw the same sequence. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The items of `count` published models, newest last. */
function* publishedModels(
  count: number,
  chainId: number,
  currency: string,
  seedFacet: (facet: string) => boolean,
): Generator<Item[]> {
  const next = random(7);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const hex = () => Math.floor(next() * 16).toString(16);
  const owners = Array.from({ length: 500 }, () =>
    toChecksumAddress(`0x${Array.from({ length: 40 }, hex).join('')}`),
  );
  const start = Date.parse('2025-01-01T00:00:00Z');
  for (let index = 0; index < count; index++) {
    const at = new Date(start + index * 1000).toISOString();
    const modelId = `mdl_p3_${index.toString().padStart(7, '0')}`;
    const owner = pick(owners);
    const firstTag = pick(TAGS);
    const tags = [firstTag, pick(TAGS.filter((tag) => tag !== firstTag))];
    const model: Model = {
      modelId,
      owner,
      name: `${pick(ADJECTIVES)} ${pick(NOUNS)}`,
      slug: `model-${index}`,
      description: 'A model seeded by the browse benchmark',
      task: pick(TASKS),
      tags,
      framework: 'pytorch',
      status: 'published',
      split: ownerOnlySplit(owner),
      rev: 1,
      latestVersion: '1.0.0',
      createdAt: at,
      updatedAt: at,
      publishedAt: at,
    };
    const offer: Offer = {
      modelId,
      offerId: `off_p3_${index}`,
      name: 'Standard',
      terms: {
        commercialUse: next() < 0.5,
        derivatives: 'allowed',
        attribution: true,
        durationDays: null,
        seats: 1,
        transferable: false,
        spdxId: 'OpenRAIL-M',
      },
      price: {
        amount: String(1_000_000 * (1 + Math.floor(next() * 50))),
        chainId,
        currency: currency as Offer['price']['currency'],
      },
      supplyCap: null,
      covers: 'latest',
      active: true,
      soldCount: 0,
      rev: 1,
      createdAt: at,
      updatedAt: at,
    };
    const entry = listingEntryFor(model, [offer]);
    yield [
      catalogueItems.model(model),
      ...facetsOf(entry)
        .filter(seedFacet)
        .map((facet) => catalogueItems.listing(facet, entry)),
    ];
  }
}

async function seed(
  document: ReturnType<typeof createDynamoClients>['document'],
  tableName: string,
  items: Iterable<Item[]>,
): Promise<number> {
  const iterator = items[Symbol.iterator]();
  let pending: Item[] = [];
  let written = 0;
  const nextBatch = (): Item[] | undefined => {
    while (pending.length < 25) {
      const next = iterator.next();
      if (next.done) break;
      pending.push(...next.value);
    }
    if (pending.length === 0) return undefined;
    const batch = pending.slice(0, 25);
    pending = pending.slice(25);
    return batch;
  };
  const worker = async () => {
    for (let batch = nextBatch(); batch; batch = nextBatch()) {
      let requests = batch.map((Item) => ({ PutRequest: { Item } }));
      while (requests.length > 0) {
        const result = await document.send(
          new BatchWriteCommand({ RequestItems: { [tableName]: requests } }),
        );
        requests = (result.UnprocessedItems?.[tableName] ?? []) as typeof requests;
      }
      written += batch.length;
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  return written;
}

interface Query {
  name: string;
  path: string;
}

const QUERIES: Query[] = [
  { name: 'browse, newest first', path: '/models?limit=20' },
  { name: 'filter: task', path: '/models?task=translation&limit=20' },
  { name: 'filter: tag', path: '/models?tag=tag3&limit=20' },
  { name: 'filter: task + commercialUse', path: '/models?task=detection&commercialUse=true&limit=20' },
  { name: 'search: one word', path: '/models?q=otter&limit=20' },
  { name: 'search: two words (sparse AND)', path: '/models?q=swift+otter&limit=20' },
];

const ALL_FACETS = process.env.BENCH_P3_ALL_FACETS === '1';
/** The partition each measured query reads first — the same choice CatalogueService.browse makes. */
const QUERIED_FACETS = new Set(
  QUERIES.map((query) => {
    const params = new URL(query.path, 'http://bench').searchParams;
    return facetFor({
      task: params.get('task') ?? undefined,
      tag: params.get('tag') ?? undefined,
      q: params.get('q') ?? undefined,
    });
  }),
);

const stack = await startLocalStack({ publicOrigin: 'http://localhost:3000', tableName: 'bench-p3-small' });
const { client, document } = createDynamoClients({
  region: 'us-east-1',
  endpoint: stack.dynamoEndpoint,
  credentials: LOCAL_STAND_IN_CREDENTIALS,
  requestTimeoutMs: 30_000,
});
const catalogues = [
  { size: SMALL, tableName: 'bench-p3-small' },
  { size: LARGE, tableName: 'bench-p3-large' },
];
const apps: Array<{
  size: number;
  app: ReturnType<typeof createApp>;
  counter: DynamoCounter;
  close(): Promise<void>;
}> = [];

try {
  for (const { size, tableName } of catalogues) {
    await ensureTable(client, tableName);
    const started = performance.now();
    const written = await seed(
      document,
      tableName,
      publishedModels(
        size,
        stack.chainId,
        stack.stablecoin,
        (facet) => ALL_FACETS || QUERIED_FACETS.has(facet),
      ),
    );
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `Seeded ${size.toLocaleString('en')} published models (${written.toLocaleString('en')} items) into ${tableName} ` +
        `in ${seconds.toFixed(1)} s (${(written / seconds).toFixed(0)} items/s)`,
    );
    const config = loadConfig({ ...stack.env, TABLE_NAME: tableName, STAGE: 'test', LOG_LEVEL: 'silent' });
    const runtime = createRuntime(config);
    const { infra } = runtime;
    const counter = countDynamoOperations(infra.table.document);
    const app = createApp(buildAppDeps(runtime, { logger: createLogger('silent') }));
    apps.push({ size, app, counter, close: () => runtime.close() });
  }

  const rows: string[][] = [
    [
      'query',
      `p50 ${SMALL}`,
      `p50 ${LARGE}`,
      `p90 ${SMALL}`,
      `p90 ${LARGE}`,
      'items',
      'DynamoDB ops / request',
    ],
  ];
  for (const query of QUERIES) {
    const times = new Map<number, number[]>(apps.map(({ size }) => [size, []]));
    const operations = new Map<number, Set<string>>(apps.map(({ size }) => [size, new Set()]));
    const items = new Map<number, number>();
    let maxOps = 0;
    let scans = 0;
    const queriesBySize = new Map<number, number>();
    // Warm-up, then interleave the two sizes request by request.
    for (const { app } of apps) for (let i = 0; i < 10; i++) await call(app, 'GET', query.path);
    for (let i = 0; i < REQUESTS; i++) {
      for (const { size, app, counter } of apps) {
        counter.reset();
        const started = performance.now();
        const page = await call(app, 'GET', query.path);
        times.get(size)?.push(performance.now() - started);
        items.set(size, page.items.length);
        operations.get(size)?.add(counter.describe());
        maxOps = Math.max(maxOps, counter.total());
        queriesBySize.set(size, Math.max(queriesBySize.get(size) ?? 0, counter.counts.Query ?? 0));
        scans += counter.counts.Scan ?? 0;
      }
    }
    const small = times.get(SMALL) ?? [];
    const large = times.get(LARGE) ?? [];
    const growth = median(large) / median(small);
    const ops = `${[...(operations.get(SMALL) ?? [])].join('/')} | ${[...(operations.get(LARGE) ?? [])].join('/')}`;
    rows.push([
      query.name,
      median(small).toFixed(2),
      median(large).toFixed(2),
      quantile(small, 0.9).toFixed(2),
      quantile(large, 0.9).toFixed(2),
      `${items.get(SMALL)} | ${items.get(LARGE)}`,
      ops,
    ]);
    recordResult({
      benchmark: BENCHMARK,
      metric: `${query.name}: p50 ${LARGE / 1000}k ÷ ${SMALL / 1000}k (${median(large).toFixed(1)} vs ${median(small).toFixed(1)} ms)`,
      measured: ratio(growth),
      goal: '≤ 1.2×',
      met: growth <= 1.2,
      note:
        growth > 1.2 && queriesBySize.get(LARGE) === MAX_QUERIES
          ? `${query.name}: with ${SMALL} models the partition ends after ${queriesBySize.get(SMALL)} Queries; ` +
            `with ${LARGE} the request stops at the service's bound of ${MAX_QUERIES} and answers a partial page ` +
            'with a cursor. Bounded, not growing: no catalogue size makes it read more than 5 pages.'
          : undefined,
    });
    recordResult({
      benchmark: BENCHMARK,
      metric: `${query.name}: DynamoDB ops per request (1k | 100k)`,
      measured: ops,
      goal: `no Scan, ≤ ${MAX_QUERIES} Query`,
      met: scans === 0 && maxOps <= MAX_QUERIES,
    });
  }
  console.log(`\nGET /models through the full app, ${REQUESTS} requests per query and size (ms):`);
  printTable(rows);
} finally {
  await Promise.all(apps.map((entry) => entry.close()));
  client.destroy();
  await stack.stop();
}
