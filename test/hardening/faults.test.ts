/**
 * Fault injection (issue 7): DynamoDB Local, the S3 server and anvil are stopped for real in the
 * middle of sign-in, upload completion and the indexing of contract sales — the fast path of
 * POST /orders/{id}/payment and the scheduled chain indexer. Every request caught answers 503 with
 * Retry-After in the error envelope; the table read back shows no half-written state (a sale is
 * indexed whole or not at all); after the dependency restarts (same port, same data) the same request
 * succeeds, and nothing is lost or done twice: every Sale event on the chain ends as exactly one paid
 * order, one licence and one sale record whose credits add up to the price, and the contract holds
 * exactly what the buyers paid (Σ withdrawable + Σ undistributed). Runs on its own private stack
 * (test/helpers/private-stack.ts, with the market deployed as the local stack deploys it): the shared
 * one is never stopped.
 *
 * DynamoDB Local takes seconds to start, so one crash catches four requests parked at their exact
 * points (test/helpers/faults.ts, DynamoBarrier); S3 and anvil restart in milliseconds and get one
 * stop per scenario.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Contract, type EventLog } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EvmChainGateway } from '#adapters/chain/evm-chain-gateway.js';
import { MARKET_ABI } from '#adapters/chain/market-abi.js';
import { createDynamoClients } from '#adapters/dynamodb/clients.js';
import { DynamoTable } from '#adapters/dynamodb/dynamo-table.js';
import { LOCAL_STAND_IN_CREDENTIALS } from '#adapters/local-credentials.js';
import { createS3Client } from '#adapters/s3/clients.js';
import { S3ArtifactStore } from '#adapters/s3/s3-artifact-store.js';
import { createApp } from '#api/app.js';
import { COMPLETION_LEASE_SECONDS } from '#domain/catalogue/upload-service.js';
import { DependencyError } from '#domain/errors.js';
import type { ChainIndexer } from '#domain/market/chain-indexer.js';
import { buildAppDeps, createRuntime, type Infrastructure } from '#runtime/runtime.js';
import { createLogger } from '#shared/logging.js';
import { tableKeys } from '#shared/table-layout.js';
import { fetchNonce, type SignedIn, signIn, siweMessage } from '#test/helpers/auth.js';
import type { PublishedModel } from '#test/helpers/catalogue.js';
import { ERC20_ABI } from '#test/helpers/chain.js';
import { DynamoBarrier, diffTables, itemKey, onRpc, type TableDiff } from '#test/helpers/faults.js';
import { json } from '#test/helpers/http.js';
import { placeOrder, publishForSale, sendCalls } from '#test/helpers/market-flow.js';
import { type PrivateStack, type S3Request, startPrivateStack } from '#test/helpers/private-stack.js';
import { testConfig } from '#test/helpers/stack.js';

const CONFIRMATIONS = 1;
const PRICE = 25_000_000n;
type Item = Record<string, unknown>;

let priv: PrivateStack;
let app: ReturnType<typeof createApp>;
let indexer: ChainIndexer;
let closeInfra: () => Promise<void>;
let table: Infrastructure['table'];
let chains: Infrastructure['chains'];
/** The app's clock runs this far ahead of real time (to let a lease expire without waiting). */
let clockAheadMs = 0;

let owner: SignedIn;
let contributor: SignedIn;
let model: PublishedModel;

beforeAll(async () => {
  priv = await startPrivateStack({ confirmations: CONFIRMATIONS });
  const config = testConfig({
    ...priv.env,
    // Small thresholds make the multipart scenario cheap (s3rver has no 5 MiB minimum part).
    UPLOAD_SINGLE_PUT_MAX_BYTES: '65536',
    UPLOAD_PART_BYTES: '65536',
  });
  const runtime = createRuntime(config);
  const { infra } = runtime;
  const clock = { now: () => new Date(Date.now() + clockAheadMs) };
  app = createApp(buildAppDeps(runtime, { logger: createLogger('silent'), clock }));
  const built = await runtime.chainIndexer({ clock });
  if (!built) throw new Error('the private stack configures a market contract');
  indexer = built;
  ({ table, chains } = infra);
  closeInfra = runtime.close;
  owner = await signIn(app, await priv.fundedWallet());
  contributor = await signIn(app, await priv.fundedWallet());
  // Registered on the private market and its offer signed: buyers get the sale's calls.
  model = await publishForSale(app, owner, {
    currency: priv.stablecoin,
    price: PRICE.toString(),
    split: [
      { address: owner.address, bps: 7000, role: 'author' },
      { address: contributor.address, bps: 3000, role: 'data' },
    ],
  });
}, 120_000); // DynamoDB Local's JVM starts in 3–20 s depending on the machine's load

afterAll(async () => {
  await closeInfra?.();
  await priv?.close();
});

// ---------------------------------------------------------------------------------------------------
// Helpers

async function post(path: string, user: SignedIn | undefined, body: unknown = {}) {
  return app.request(path, {
    method: 'POST',
    headers: { ...(user?.headers ?? {}), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** 503, Retry-After, and the error envelope naming the dependency failure. */
async function expectUnavailable(response: Response) {
  const body = await json(response);
  expect({ status: response.status, code: body.error?.code }).toEqual({
    status: 503,
    code: 'DEPENDENCY_UNAVAILABLE',
  });
  expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(typeof body.error.message).toBe('string');
}

async function expectStatus(response: Response, status: number) {
  const body = await json(response);
  expect({ status: response.status, body }).toMatchObject({ status });
  return body;
}

const NOTHING_CHANGED: TableDiff = { added: [], removed: [], changed: {} };
const byKey = (items: Item[]) => new Map(items.map((item) => [itemKey(item), item]));
const mine = (blocks = CONFIRMATIONS) => priv.provider.send('anvil_mine', [`0x${blocks.toString(16)}`]);
const tokenBalance = (address: string): Promise<bigint> =>
  new Contract(priv.stablecoin, ERC20_ABI, priv.provider).getFunction('balanceOf')(address);
const marketContract = () => new Contract(priv.market.address, MARKET_ABI, priv.provider);
const orderKey = (orderId: string) => itemKey(tableKeys.order.key({ orderId }));

interface Purchase {
  buyer: SignedIn;
  orderId: string;
  txHash: string;
}

/**
 * A buyer who ordered the model's offer and sent the sale's calls (approve, buy) from the wallet,
 * paying exactly the price to the contract; the block is final, the payment not yet submitted.
 */
async function boughtOnChain(): Promise<Purchase> {
  const buyer = await signIn(app, await priv.fundedWallet(PRICE));
  const ordered = await placeOrder(app, buyer, model.offerId);
  expect(ordered.status).toBe(201);
  const marketHeld = await tokenBalance(priv.market.address);
  const txHash = await sendCalls(buyer.wallet, ordered.body.sale.calls);
  expect(await tokenBalance(buyer.wallet.address)).toBe(0n);
  expect(await tokenBalance(priv.market.address)).toBe(marketHeld + PRICE);
  await mine();
  return { buyer, orderId: ordered.body.id, txHash };
}

const submit = (purchase: Purchase) =>
  post(`/orders/${purchase.orderId}/payment`, purchase.buyer, { txHash: purchase.txHash });

/** The indexer's claim of a Sale event (chain, block, log index), naming the order it paid. */
const claimOf = (item: Item, orderId: string) =>
  item.entity === 'chainEvent' && (item.event as { orderId?: unknown } | undefined)?.orderId === orderId;

/** What the table holds for one order's sale: the event's claim, the licence, the sale, its credits. */
function recordsOf(items: Item[], purchase: Purchase) {
  const sales = items.filter((item) => item.entity === 'sale' && item.orderId === purchase.orderId);
  const saleIds = new Set(sales.map((sale) => sale.saleId));
  return {
    claims: items.filter((item) => claimOf(item, purchase.orderId)).length,
    licences: items.filter((item) => item.entity === 'licence' && item.orderId === purchase.orderId).length,
    sales: sales.length,
    credits: items.filter((item) => item.entity === 'credit' && saleIds.has(item.saleId)).length,
  };
}

/** One sale of the model: one claim, licence and sale, and a credit each for platform, author, contributor. */
const INDEXED_ONCE = { claims: 1, licences: 1, sales: 1, credits: 3 };
const NOT_INDEXED = { claims: 0, licences: 0, sales: 0, credits: 0 };

/**
 * Submits the payment twice after a fault: it is indexed (200, paid), the replay returns the same
 * licence, and the table holds the sale once.
 */
async function expectIndexedOnce(purchase: Purchase) {
  const paid = await expectStatus(await submit(purchase), 200);
  expect(paid).toMatchObject({ status: 'paid', order: { status: 'paid', txHash: purchase.txHash } });
  const replay = await expectStatus(await submit(purchase), 200);
  expect(replay.licence.id).toBe(paid.licence.id);
  expect(recordsOf(await priv.scan(), purchase)).toEqual(INDEXED_ONCE);
}

/** A new unpublished version of the model with one declared file whose bytes are already in S3. */
async function uploadedFile(version: string, size: number) {
  const base = `/models/${model.modelId}/versions/${version}`;
  await expectStatus(await post(`/models/${model.modelId}/versions`, owner, { version }), 201);
  const bytes = randomBytes(size);
  const declared = await expectStatus(
    await post(`${base}/files`, owner, {
      path: `weights-${version}.bin`,
      size,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      contentType: 'application/octet-stream',
    }),
    201,
  );
  const fileId: string = declared.fileId;
  if (declared.upload.kind === 'single') {
    const put = await fetch(declared.upload.url, {
      method: 'PUT',
      headers: declared.upload.headers,
      body: bytes,
    });
    expect(put.status).toBe(200);
  } else {
    const { partSize, partCount } = declared.upload;
    const partBytes = (partNumber: number) =>
      bytes.subarray((partNumber - 1) * partSize, partNumber * partSize);
    const parts = Array.from({ length: partCount }, (_, index) => ({
      partNumber: index + 1,
      sha256: createHash('sha256')
        .update(partBytes(index + 1))
        .digest('hex'),
    }));
    const urls = await expectStatus(await post(`${base}/files/${fileId}/parts`, owner, { parts }), 200);
    for (const part of urls.parts) {
      const put = await fetch(part.url, {
        method: 'PUT',
        headers: part.headers,
        body: partBytes(part.partNumber),
      });
      expect(put.status).toBe(200);
    }
  }
  return { base, fileId, complete: () => post(`${base}/files/${fileId}/complete`, owner) };
}

/**
 * The contract path's invariant, read from the chain and the table: every Sale event of the private
 * market is exactly one paid order, one licence (its token) and one sale record of the event's price
 * whose credits add up to it; and the contract holds exactly what buyers paid — no one has withdrawn,
 * so its token balance is Σ prices, which is Σ withdrawable + Σ undistributed of everyone it credited.
 */
async function expectEverySaleRecordedOnce() {
  const market = marketContract();
  const logs = await market.queryFilter('Sale', priv.market.deployBlock);
  const events = logs.filter((event): event is EventLog => 'args' in event);
  expect(events.length).toBeGreaterThan(0);
  expect(events).toHaveLength(logs.length); // every log decoded
  const items = await priv.scan();
  const of = (entity: string) => items.filter((item) => item.entity === entity);
  expect(of('sale')).toHaveLength(events.length);
  expect(of('licence')).toHaveLength(events.length);
  expect(of('order').filter((order) => order.status === 'paid')).toHaveLength(events.length);

  let paid = 0n;
  const splits = new Set<string>();
  const credited = new Set<string>([priv.feeRecipient]);
  for (const event of events) {
    const txHash = event.transactionHash;
    const tokenId = (event.args.tokenId as bigint).toString();
    const price = event.args.sale.price as bigint;
    paid += price;
    const sales = of('sale').filter((sale) => sale.txHash === txHash);
    expect(sales, txHash).toHaveLength(1);
    const sale = sales[0] as Item;
    expect(sale.amount).toBe(price.toString());
    const credits = sale.credits as Array<{ amount: string }>;
    expect(credits.reduce((sum, credit) => sum + BigInt(credit.amount), 0n)).toBe(price);
    const orders = of('order').filter((order) => order.txHash === txHash);
    expect(orders.map((order) => [order.orderId, order.status])).toEqual([[sale.orderId, 'paid']]);
    const licences = of('licence').filter(
      (licence) => (licence.onChain as { tokenId?: string } | undefined)?.tokenId === tokenId,
    );
    expect(licences.map((licence) => [licence.licenceId, licence.state])).toEqual([
      [sale.licenceId, 'active'],
    ]);
    const [, splitId] = await market.getFunction('models')(event.args.modelKey);
    splits.add(splitId);
    if (BigInt(event.args.sale.referrer) !== 0n) credited.add(event.args.sale.referrer);
  }

  let owed = 0n;
  for (const splitId of splits) {
    owed += await market.getFunction('undistributed')(splitId, priv.stablecoin);
    const [recipients] = await market.getFunction('splitOf')(splitId);
    for (const recipient of recipients as string[]) credited.add(recipient);
  }
  for (const account of credited) owed += await market.getFunction('withdrawable')(account, priv.stablecoin);
  const held = await tokenBalance(priv.market.address);
  expect({ held, owed }).toEqual({ held: paid, owed: paid });
}

// ---------------------------------------------------------------------------------------------------

describe('DynamoDB Local goes down with four requests in flight, each parked at its critical step', () => {
  let before: Item[];
  let after: Item[];
  let diff: TableDiff;
  const results: Record<string, Response> = {};

  // A: sign-in, caught between the rate-limit write and the nonce-consume + session transaction.
  let signInBody: { message: string; signature: string };
  let nonce: string;
  // B: upload completion, caught after S3 verified the object, before the file is marked uploaded.
  let upload: Awaited<ReturnType<typeof uploadedFile>>;
  // C: a sale's fast path, caught just before the indexer's transaction (claim + order + licence + sale).
  let indexBefore: Purchase;
  // D: a sale's fast path, caught just AFTER that transaction committed (before the order is read back).
  let indexAfter: Purchase;

  beforeAll(async () => {
    const wallet = await priv.fundedWallet();
    nonce = await fetchNonce(app);
    const message = siweMessage(wallet.address, nonce);
    signInBody = { message, signature: await wallet.signMessage(message) };
    upload = await uploadedFile('2.0.0', 4096);
    indexBefore = await boughtOnChain();
    indexAfter = await boughtOnChain();
    before = await priv.scan();

    const barrier = new DynamoBarrier(
      table.document,
      [
        { label: 'sign-in', when: 'before', command: 'TransactWriteItems', inputContains: `NONCE#${nonce}` },
        { label: 'upload', when: 'before', command: 'TransactWriteItems', inputContains: upload.fileId },
        {
          label: 'index-before',
          when: 'before',
          command: 'TransactWriteItems',
          inputContains: indexBefore.orderId,
        },
        {
          label: 'index-after',
          when: 'after',
          command: 'TransactWriteItems',
          inputContains: indexAfter.orderId,
        },
      ],
      () => priv.dynamodb.stop(),
    );
    const inFlight = Promise.all([
      post('/auth/verify', undefined, signInBody).then((r) => (results.signIn = r)),
      upload.complete().then((r) => (results.upload = r)),
      submit(indexBefore).then((r) => (results.indexBefore = r)),
      submit(indexAfter).then((r) => (results.indexAfter = r)),
    ]);
    await barrier.trip();
    await inFlight;
    await priv.dynamodb.start();
    after = await priv.scan();
    diff = diffTables(before, after);
  }, 120_000); // DynamoDB Local's JVM starts in 3–20 s depending on the machine's load

  it('sign-in: 503 + Retry-After; the nonce is intact and no session was written; the retry signs in once', async () => {
    await expectUnavailable(results.signIn as Response);
    const sessionsBefore = before.filter((item) => item.entity === 'session').length;
    expect(byKey(after).has(`NONCE#${nonce} | NONCE`)).toBe(true);
    expect(after.filter((item) => item.entity === 'session').length).toBe(sessionsBefore);

    const retry = await expectStatus(await post('/auth/verify', undefined, signInBody), 200);
    const me = await app.request('/me', { headers: { authorization: `Bearer ${retry.token}` } });
    expect(me.status).toBe(200);
    const again = await post('/auth/verify', undefined, signInBody);
    expect({ status: again.status, code: (await json(again)).error?.code }).toEqual({
      status: 401,
      code: 'NONCE_INVALID',
    });
    const items = await priv.scan();
    expect(byKey(items).has(`NONCE#${nonce} | NONCE`)).toBe(false);
    expect(items.filter((item) => item.entity === 'session').length).toBe(sessionsBefore + 1);
  });

  it('upload completion: 503 + Retry-After; the file is still pending; once its lease lapses the same complete succeeds, counted once', async () => {
    await expectUnavailable(results.upload as Response);
    const fileKey = `MODEL#${model.modelId} | FILE#2.0.0#${upload.fileId}`;
    const versionKey = `MODEL#${model.modelId} | VERSION#2.0.0`;
    const slotsKey = `ACCOUNT#${owner.address} | UPLOADS`;
    const file = byKey(after).get(fileKey);
    expect(file?.status).toBe('pending');
    // The only trace is the completion lease, which DynamoDB was not there to release.
    expect(diff.changed[fileKey] ?? []).toEqual(['completingUntil']);
    expect(diff.changed[versionKey]).toBeUndefined();
    expect(diff.changed[slotsKey]).toBeUndefined();

    // Until the lease lapses the retry is told to come back, and when.
    const early = await upload.complete();
    const told = await json(early);
    expect({ status: early.status, code: told.error?.code }).toEqual({
      status: 409,
      code: 'UPLOAD_COMPLETING',
    });
    expect(told.error.details.retryAfterSeconds).toBe(COMPLETION_LEASE_SECONDS);
    clockAheadMs = (COMPLETION_LEASE_SECONDS + 1) * 1000;
    try {
      const done = await expectStatus(await upload.complete(), 200);
      expect(done.status).toBe('uploaded');
    } finally {
      clockAheadMs = 0;
    }
    const items = byKey(await priv.scan());
    const version = byKey(before).get(versionKey);
    expect(items.get(versionKey)?.uploadedCount).toBe(Number(version?.uploadedCount ?? 0) + 1);
    expect(items.get(slotsKey)?.inFlight).toBe(Number(byKey(before).get(slotsKey)?.inFlight) - 1);
    expect(items.get(fileKey)?.completingUntil).toBeUndefined();
  });

  it('fast path cut off before the indexer’s transaction: 503 + Retry-After; the order still awaits payment, no licence, nothing written; the retry indexes the sale once', async () => {
    await expectUnavailable(results.indexBefore as Response);
    const key = orderKey(indexBefore.orderId);
    expect(byKey(after).get(key)?.status).toBe('awaiting_payment');
    expect(diff.changed[key]).toBeUndefined();
    expect(recordsOf(after, indexBefore)).toEqual(NOT_INDEXED);

    await expectIndexedOnce(indexBefore);
  });

  it('fast path cut off after the indexer’s transaction committed: 503; the sale is already whole, and the retry answers its licence writing nothing', async () => {
    await expectUnavailable(results.indexAfter as Response);
    const committed = byKey(after).get(orderKey(indexAfter.orderId));
    expect(committed).toMatchObject({ status: 'paid', txHash: indexAfter.txHash });
    // One transaction wrote the claim, the order, the licence, the sale and every credit: the
    // indexer writes nothing after it, so the crash cannot have left a part of the sale unwritten.
    expect(recordsOf(after, indexAfter)).toEqual(INDEXED_ONCE);

    const beforeRetry = await priv.scan();
    const paid = await expectStatus(await submit(indexAfter), 200);
    expect(paid).toMatchObject({
      status: 'paid',
      order: { status: 'paid', txHash: indexAfter.txHash },
      licence: { id: committed?.licenceId, licensee: indexAfter.buyer.address, state: 'active' },
    });
    // Nothing to repair: the retry only reads.
    expect(diffTables(beforeRetry, await priv.scan())).toEqual(NOTHING_CHANGED);
  });

  it('the crash wrote nothing else: besides the rate-limit hit and the stale lease, only the sale whose transaction committed', () => {
    const order = byKey(after).get(orderKey(indexAfter.orderId));
    const sale = after.find((item) => item.entity === 'sale' && item.orderId === indexAfter.orderId);
    const saleId = String(sale?.saleId);
    const settledAt = String(sale?.settledAt);
    const recipients = new Set(
      ((sale?.credits ?? []) as Array<{ recipient: string }>).map((c) => c.recipient),
    );
    const expected = [
      itemKey(tableKeys.file.key({ modelId: model.modelId, version: '2.0.0', fileId: upload.fileId })),
      orderKey(indexAfter.orderId),
      itemKey(tableKeys.licence.key({ licenceId: String(order?.licenceId) })),
      ...after.filter((item) => claimOf(item, indexAfter.orderId)).map(itemKey),
      itemKey(tableKeys.sale.key({ saleId })),
      itemKey(tableKeys.offer.key({ modelId: model.modelId, offerId: model.offerId })),
      ...[...recipients].map((recipient) => itemKey(tableKeys.credit.key({ recipient, settledAt, saleId }))),
    ].sort();
    const touched = [...diff.added, ...Object.keys(diff.changed)].filter((key) => !key.startsWith('RATE#'));
    expect(diff.removed).toEqual([]);
    expect(touched.sort()).toEqual(expected);
    expect(recipients).toEqual(new Set([priv.feeRecipient, owner.address, contributor.address]));
  });

  it('after every retry, every sale on the chain is recorded once and the contract holds exactly what was paid', async () => {
    await expectEverySaleRecordedOnce();
  });
});

describe('the S3 server dies while a completion verifies the object', () => {
  /** The GET that streams the object through SHA-256 (s3rver keeps no checksum to HEAD). */
  const digestOf = (fileId: string) => (request: S3Request) =>
    request.method === 'GET' && request.path.endsWith(`/${fileId}`) && request.query.uploadId === undefined;

  /**
   * Uploads a file of `size` bytes to `version`, crashes S3 while its completion streams the object,
   * expects 503 with the table unchanged, restarts S3 and expects the same complete to succeed.
   */
  async function completeThroughS3Crash(version: string, size: number) {
    const file = await uploadedFile(version, size);
    const before = await priv.scan();
    const killed = priv.s3Fault('crash', digestOf(file.fileId));
    const response = await file.complete();
    await killed;
    await expectUnavailable(response);
    expect(diffTables(before, await priv.scan())).toEqual({ added: [], removed: [], changed: {} });

    await priv.s3.start();
    const done = await expectStatus(await file.complete(), 200);
    expect(done.status).toBe('uploaded');
  }

  it('single PUT: 503 + Retry-After; nothing in the table changed and the object survives; the same complete then succeeds', async () => {
    await completeThroughS3Crash('3.0.0', 4096);
  });

  it('multipart, killed after S3 assembled the parts: 503; the retry verifies the assembled object instead of losing the upload', async () => {
    await completeThroughS3Crash('4.0.0', 2 * 65536 + 1000);
    const version = await table.get({ pk: `MODEL#${model.modelId}`, sk: 'VERSION#4.0.0' });
    expect(version?.uploadedCount).toBe(1);
  });
});

describe('anvil stops in the middle of indexing a sale: the fast path and the scheduled indexer', () => {
  const stopAnvil = () => priv.anvil.stop();

  it('fast path: 503 + Retry-After between two JSON-RPC calls; nothing written; after the restart the same submission indexes the sale once', async () => {
    const purchase = await boughtOnChain();
    const before = await priv.scan();
    // The receipt, the head, the block's hash and timestamp are read; anvil is gone for the last read
    // before the write (the market's fee recipient, an eth_call).
    const hook = onRpc(chains, { method: 'eth_call', when: 'before', action: stopAnvil });
    try {
      await expectUnavailable(await submit(purchase));
      await hook.fired;
    } finally {
      hook.restore();
    }
    await priv.anvil.start();
    expect(diffTables(before, await priv.scan())).toEqual(NOTHING_CHANGED);

    await expectIndexedOnce(purchase);
  });

  it('scheduled indexer: anvil gone between two sales of one run → DependencyError with the first sale whole, the second untouched and the cursor unmoved; after the restart the next run applies only the second, once', async () => {
    const first = await boughtOnChain();
    const second = await boughtOnChain();
    const cursorKey = tableKeys.chainCursor.key({ chainId: priv.chainId });
    const cursorBefore = await table.get(cursorKey);
    // Stops anvil the moment the first sale's transaction has committed: the run then needs the
    // second sale's block from the chain, and the chain is gone.
    const barrier = new DynamoBarrier(
      table.document,
      [{ label: 'first sale', when: 'after', command: 'TransactWriteItems', inputContains: first.orderId }],
      stopAnvil,
    );
    const run = indexer.catchUp(priv.chainId).then(
      () => undefined,
      (error: unknown) => error,
    );
    await barrier.trip();
    expect(await run).toBeInstanceOf(DependencyError);
    const crashed = await priv.scan();
    expect(recordsOf(crashed, first)).toEqual(INDEXED_ONCE);
    expect(recordsOf(crashed, second)).toEqual(NOT_INDEXED);
    expect(byKey(crashed).get(orderKey(second.orderId))?.status).toBe('awaiting_payment');
    expect(await table.get(cursorKey)).toEqual(cursorBefore);

    await priv.anvil.start();
    const reports = await indexer.catchUp(priv.chainId);
    expect(reports.reduce((sum, report) => sum + report.applied, 0)).toBe(1);
    expect(reports.at(-1)?.caughtUp).toBe(true);
    const items = await priv.scan();
    expect(recordsOf(items, first)).toEqual(INDEXED_ONCE);
    expect(recordsOf(items, second)).toEqual(INDEXED_ONCE);
    expect(byKey(items).get(itemKey(cursorKey))?.blockNumber).toBe(
      (await priv.provider.getBlockNumber()) - CONFIRMATIONS,
    );
    // Run again: every event is claimed, nothing applies twice.
    const again = await indexer.catchUp(priv.chainId);
    expect(again.reduce((sum, report) => sum + report.applied + report.undone, 0)).toBe(0);
    // The buyers' own submissions now find their orders paid by the indexer.
    for (const purchase of [first, second]) {
      const order = byKey(items).get(orderKey(purchase.orderId));
      const paid = await expectStatus(await submit(purchase), 200);
      expect(paid.licence.id).toBe(order?.licenceId);
    }
    expect(diffTables(items, await priv.scan())).toEqual(NOTHING_CHANGED);
  });

  it('after the restarts, every sale on the chain is recorded once and the contract holds exactly what was paid', async () => {
    await expectEverySaleRecordedOnce();
  });
});

describe('a dependency that hangs — up but silent — fails within its timeout instead of holding the request', () => {
  // Short client timeouts keep these quick. The production defaults bound the same paths at ~9 s
  // (DynamoDB: 3 × 3 s), ~12 s (S3: 3 × 4 s) and 5 s per JSON-RPC call: inside the API's timeout.
  async function timed(work: () => Promise<unknown>) {
    const started = Date.now();
    const error = await work().then(
      () => undefined,
      (caught: unknown) => caught,
    );
    return { error, ms: Date.now() - started };
  }
  const local = { region: 'us-east-1', credentials: LOCAL_STAND_IN_CREDENTIALS };

  it('DynamoDB Local frozen (SIGSTOP): DependencyError after three short attempts; answers again once thawed', async () => {
    const { client, document } = createDynamoClients({
      ...local,
      endpoint: priv.env.DYNAMODB_ENDPOINT,
      requestTimeoutMs: 300,
    });
    const frozen = new DynamoTable(document, priv.tableName);
    try {
      await priv.dynamodb.pause();
      const { error, ms } = await timed(() => frozen.get({ pk: 'HEALTH', sk: 'HEALTH' }));
      priv.dynamodb.resume();
      expect(error).toBeInstanceOf(DependencyError);
      expect(ms).toBeLessThan(5000);
      expect(await frozen.get({ pk: 'HEALTH', sk: 'HEALTH' })).toBeUndefined();
    } finally {
      priv.dynamodb.resume();
      client.destroy();
    }
  });

  it('anvil frozen: the JSON-RPC call fails with DependencyError at its timeout', async () => {
    const gateway = new EvmChainGateway([{ chainId: priv.chainId, rpcUrl: priv.rpcUrl }], 300);
    try {
      await priv.anvil.pause();
      const { error, ms } = await timed(() => gateway.rpc(priv.chainId, 'eth_blockNumber', []));
      priv.anvil.resume();
      expect(error).toBeInstanceOf(DependencyError);
      expect(ms).toBeLessThan(3000);
    } finally {
      priv.anvil.resume();
      await gateway.destroy();
    }
  });

  it('S3 that never answers, and S3 that stalls mid-object: DependencyError, not a request stuck forever', async () => {
    const store = new S3ArtifactStore(
      createS3Client({ ...local, endpoint: priv.env.S3_ENDPOINT, requestTimeoutMs: 300, idleTimeoutMs: 300 }),
      priv.bucketName,
    );
    const key = `artifacts/hang-${randomBytes(4).toString('hex')}`;
    const onKey = (method: string) => (request: S3Request) =>
      request.method === method && request.path.endsWith(key);

    priv.s3Fault('hang', onKey('HEAD'), 3);
    const hung = await timed(() => store.head(key));
    expect(hung.error).toBeInstanceOf(DependencyError);
    expect(hung.ms).toBeLessThan(5000);

    priv.s3Fault('stall', onKey('GET'));
    const stalled = await timed(() => store.digest(key));
    expect(stalled.error).toBeInstanceOf(DependencyError);
    expect(stalled.ms).toBeLessThan(3000);
  });
});
