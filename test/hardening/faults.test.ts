/**
 * Fault injection (issue 7): DynamoDB Local, the S3 server and anvil are stopped for real in the
 * middle of sign-in, upload completion, settlement and payout. Every request caught answers 503 with
 * Retry-After in the error envelope; the table read back shows no half-written state; after the
 * dependency restarts (same port, same data) the same request succeeds, and nothing is lost or done
 * twice. Runs on its own private stack (test/helpers/private-stack.ts): the shared one is never stopped.
 *
 * DynamoDB Local takes seconds to start, so one crash catches five requests parked at their exact
 * points (test/helpers/faults.ts, DynamoBarrier); S3 and anvil restart in milliseconds and get one
 * stop per scenario.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Contract, type Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EvmChainGateway } from '#adapters/chain/evm-chain-gateway.js';
import { balanceValue, storedBalanceSchema } from '#adapters/dynamodb/balance-limbs.js';
import { createDynamoClients } from '#adapters/dynamodb/clients.js';
import { DynamoTable } from '#adapters/dynamodb/dynamo-table.js';
import { LOCAL_STAND_IN_CREDENTIALS } from '#adapters/local-credentials.js';
import { createS3Client } from '#adapters/s3/clients.js';
import { S3ArtifactStore } from '#adapters/s3/s3-artifact-store.js';
import { createApp } from '#api/app.js';
import { COMPLETION_LEASE_SECONDS } from '#domain/catalogue/upload-service.js';
import { DependencyError } from '#domain/errors.js';
import type { PayoutWorker } from '#domain/payouts/payout-worker.js';
import { buildAppDeps, createRuntime, type Infrastructure } from '#runtime/runtime.js';
import { createLogger } from '#shared/logging.js';
import { fetchNonce, type SignedIn, signIn, siweMessage } from '#test/helpers/auth.js';
import { createPublishedModel, type PublishedModel } from '#test/helpers/catalogue.js';
import { ERC20_ABI } from '#test/helpers/chain.js';
import { DynamoBarrier, diffTables, itemKey, onRpc, type TableDiff } from '#test/helpers/faults.js';
import { json } from '#test/helpers/http.js';
import { type PrivateStack, type S3Request, startPrivateStack } from '#test/helpers/private-stack.js';
import { testConfig } from '#test/helpers/stack.js';

const CONFIRMATIONS = 1;
const PRICE = 25_000_000n;
type Item = Record<string, unknown>;

let priv: PrivateStack;
let app: ReturnType<typeof createApp>;
let worker: PayoutWorker;
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
  const built = await runtime.payoutWorker({ clock });
  if (!built) throw new Error('the private stack configures a treasury key');
  worker = built;
  ({ table, chains } = infra);
  closeInfra = runtime.close;
  owner = await signIn(app);
  contributor = await signIn(app, await priv.fundedWallet());
  model = await createPublishedModel(app, owner, {
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

const byKey = (items: Item[]) => new Map(items.map((item) => [itemKey(item), item]));
const mine = (blocks = CONFIRMATIONS) => priv.provider.send('anvil_mine', [`0x${blocks.toString(16)}`]);
const tokenBalance = (address: string): Promise<bigint> =>
  new Contract(priv.stablecoin, ERC20_ABI, priv.provider).getFunction('balanceOf')(address);
const treasuryNonce = () => priv.provider.getTransactionCount(priv.treasury, 'latest');

interface Purchase {
  buyer: SignedIn & { wallet: Wallet };
  orderId: string;
  txHash: string;
}

/** A buyer who ordered the model's offer and paid it on-chain (final), but has not submitted it yet. */
async function paidOrder(): Promise<Purchase> {
  const wallet = await priv.fundedWallet(PRICE * 10n);
  const buyer = { ...(await signIn(app, wallet)), wallet };
  const order = await expectStatus(await post('/orders', buyer, { offerId: model.offerId }), 201);
  const token = new Contract(priv.stablecoin, ERC20_ABI, wallet);
  const tx = await token.getFunction('transfer')(order.payTo, PRICE);
  await tx.wait();
  await mine();
  return { buyer, orderId: order.id, txHash: tx.hash };
}

const submit = (purchase: Purchase) =>
  post(`/orders/${purchase.orderId}/payment`, purchase.buyer, { txHash: purchase.txHash });

/**
 * Submits the payment twice after a fault: it settles (200, paid), the replay returns the same
 * licence, and the table holds one licence for the order. Returns the table's items.
 */
async function expectSettlesOnce(purchase: Purchase): Promise<Record<string, unknown>[]> {
  const paid = await expectStatus(await submit(purchase), 200);
  expect(paid).toMatchObject({ status: 'paid' });
  const replay = await expectStatus(await submit(purchase), 200);
  expect(replay.licence.id).toBe(paid.licence.id);
  const items = await priv.scan();
  expect(items.filter((item) => item.entity === 'licence' && item.orderId === purchase.orderId)).toHaveLength(
    1,
  );
  return items;
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
    const numbers = Array.from({ length: partCount }, (_, index) => index + 1);
    const urls = await expectStatus(
      await post(`${base}/files/${fileId}/parts`, owner, { partNumbers: numbers }),
      200,
    );
    for (const part of urls.parts) {
      const slice = bytes.subarray((part.partNumber - 1) * partSize, part.partNumber * partSize);
      const put = await fetch(part.url, { method: 'PUT', headers: part.headers, body: slice });
      expect(put.status).toBe(200);
    }
  }
  return { base, fileId, complete: () => post(`${base}/files/${fileId}/complete`, owner) };
}

/** Σ balances + Σ payouts not re-credited must equal Σ sales: no base unit lost or invented. */
function ledgerTotals(items: Item[]) {
  let balances = 0n;
  let sales = 0n;
  let payouts = 0n;
  for (const item of items) {
    if (item.entity === 'balance') balances += storedBalance(item);
    if (item.entity === 'sale') sales += BigInt(item.amount as string);
    if (item.entity === 'payout' && item.status !== 'recredited') payouts += BigInt(item.amount as string);
  }
  return { balances, sales, payouts };
}

/** The exact value of a balance item as stored (limbs, see balance-limbs.ts); 0 when absent. */
const storedBalance = (item: Item | undefined): bigint =>
  balanceValue(item ? storedBalanceSchema.parse(item) : undefined);

/** The table key of an address's stablecoin balance on the private chain. */
const balanceKey = (address: string) => `BAL#${address} | ${priv.chainId}#${priv.stablecoin.toLowerCase()}`;

async function balanceOf(address: string): Promise<bigint> {
  const [pk, sk] = balanceKey(address).split(' | ');
  const item = await table.get({ pk, sk });
  return storedBalance(item);
}

// ---------------------------------------------------------------------------------------------------

describe('DynamoDB Local goes down with five requests in flight, each parked at its critical step', () => {
  let before: Item[];
  let after: Item[];
  let diff: TableDiff;
  const results: Record<string, Response | Awaited<ReturnType<PayoutWorker['runOnce']>>> = {};

  // A: sign-in, caught between the rate-limit write and the nonce-consume + session transaction.
  let signInBody: { message: string; signature: string };
  let nonce: string;
  // B: upload completion, caught after S3 verified the object, before the file is marked uploaded.
  let upload: Awaited<ReturnType<typeof uploadedFile>>;
  // C: settlement, caught just before the settlement transaction.
  let settleBefore: Purchase;
  // D: settlement, caught just AFTER its transaction committed (before the history writes).
  let settleAfter: Purchase;
  // E: payout worker, caught after signing, before the signed transaction is recorded.
  let payoutId: string;
  let ownerBalanceBeforeE: bigint;
  let treasuryNonceBefore: number;

  beforeAll(async () => {
    // Give the owner a balance to withdraw (one normal sale), then request the payout.
    const first = await paidOrder();
    await expectStatus(await submit(first), 200);
    ownerBalanceBeforeE = await balanceOf(owner.address);
    const payout = await expectStatus(
      await post('/me/payouts', owner, { chainId: priv.chainId, currency: priv.stablecoin }),
      201,
    );
    payoutId = payout.id;

    const wallet = await priv.fundedWallet();
    nonce = await fetchNonce(app);
    const message = siweMessage(wallet.address, nonce);
    signInBody = { message, signature: await wallet.signMessage(message) };
    upload = await uploadedFile('2.0.0', 4096);
    settleBefore = await paidOrder();
    settleAfter = await paidOrder();
    treasuryNonceBefore = await treasuryNonce();
    before = await priv.scan();

    const barrier = new DynamoBarrier(
      table.document,
      [
        { label: 'sign-in', when: 'before', command: 'TransactWriteItems', inputContains: `NONCE#${nonce}` },
        { label: 'upload', when: 'before', command: 'TransactWriteItems', inputContains: upload.fileId },
        {
          label: 'settle-before',
          when: 'before',
          command: 'TransactWriteItems',
          inputContains: settleBefore.orderId,
        },
        {
          label: 'settle-after',
          when: 'after',
          command: 'TransactWriteItems',
          inputContains: settleAfter.orderId,
        },
        { label: 'payout', when: 'before', command: 'UpdateItem', inputContains: `PAYOUT#${payoutId}` },
      ],
      () => priv.dynamodb.stop(),
    );
    const inFlight = Promise.all([
      post('/auth/verify', undefined, signInBody).then((r) => (results.signIn = r)),
      upload.complete().then((r) => (results.upload = r)),
      submit(settleBefore).then((r) => (results.settleBefore = r)),
      submit(settleAfter).then((r) => (results.settleAfter = r)),
      worker.runOnce().then((r) => (results.payout = r)),
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

  it('settlement cut off before its transaction: 503; order still open, no licence, nothing credited; the retry settles once', async () => {
    await expectUnavailable(results.settleBefore as Response);
    const orderKey = `ORDER#${settleBefore.orderId} | ORDER`;
    expect(byKey(after).get(orderKey)?.status).toBe('awaiting_payment');
    expect(diff.changed[orderKey]).toBeUndefined();
    expect(byKey(after).has(`TXCLAIM#${priv.chainId}#${settleBefore.txHash} | TXCLAIM`)).toBe(false);
    expect(after.some((item) => item.entity === 'licence' && item.orderId === settleBefore.orderId)).toBe(
      false,
    );

    const items = await expectSettlesOnce(settleBefore);
    expect(
      items.filter((item) => item.entity === 'sale' && item.orderId === settleBefore.orderId),
    ).toHaveLength(1);
  });

  it('settlement cut off after its transaction committed: 503; the retry returns the same licence and restores the earnings history', async () => {
    await expectUnavailable(results.settleAfter as Response);
    const balancesBeforeRetry = (await priv.scan()).filter((item) => item.entity === 'balance');
    const committed = byKey(after).get(`ORDER#${settleAfter.orderId} | ORDER`);
    expect(committed?.status).toBe('paid');
    const sale = after.find((item) => item.entity === 'sale' && item.orderId === settleAfter.orderId);
    // The transaction is all-or-nothing: every credit of the sale landed, once.
    for (const credit of (sale?.credits ?? []) as Array<{ recipient: string; amount: string }>) {
      const key = balanceKey(credit.recipient);
      const was = storedBalance(byKey(before).get(key));
      expect(storedBalance(byKey(after).get(key)) - was, key).toBe(BigInt(credit.amount));
    }
    const historyOf = (items: Item[]) =>
      items.filter((item) => item.entity === 'credit' && item.saleId === sale?.saleId).map(itemKey);
    // The crash came between the transaction and the per-recipient history items.
    expect(historyOf(after)).toEqual([]);

    const paid = await expectStatus(await submit(settleAfter), 200);
    expect(paid.licence.id).toBe(committed?.licenceId);
    const items = await priv.scan();
    expect(
      items.filter((item) => item.entity === 'licence' && item.orderId === settleAfter.orderId),
    ).toHaveLength(1);
    // Platform, owner, contributor: one history item each, and no balance moved again.
    expect(historyOf(items)).toHaveLength(3);
    for (const balance of balancesBeforeRetry) {
      expect(storedBalance(byKey(items).get(itemKey(balance))), itemKey(balance)).toBe(
        storedBalance(balance),
      );
    }
  });

  it('payout worker cut off between signing and recording: nothing sent, the payout stays requested; the next run pays it exactly once', async () => {
    const summary = results.payout as Awaited<ReturnType<PayoutWorker['runOnce']>>;
    expect(summary).toMatchObject({ sent: 0, errors: 1 });
    const payoutKey = `PAYOUT#${payoutId} | PAYOUT`;
    expect(byKey(after).get(payoutKey)?.status).toBe('requested');
    expect(diff.changed[payoutKey]).toBeUndefined();
    expect(await treasuryNonce()).toBe(treasuryNonceBefore);

    const tokensBefore = await tokenBalance(owner.address);
    expect(await worker.runOnce()).toMatchObject({ sent: 1, errors: 0 });
    await mine();
    expect(await worker.runOnce()).toMatchObject({ confirmed: 1, errors: 0 });
    expect(await worker.runOnce()).toMatchObject({ sent: 0, confirmed: 0, rebroadcast: 0, errors: 0 });
    expect(await tokenBalance(owner.address)).toBe(tokensBefore + ownerBalanceBeforeE);
    expect(await treasuryNonce()).toBe(treasuryNonceBefore + 1);
    expect((await table.get({ pk: `PAYOUT#${payoutId}`, sk: 'PAYOUT' }))?.status).toBe('confirmed');
  });

  it('the crash wrote nothing else: besides the rate-limit hit and the stale lease, only the settlement that committed', () => {
    const order = byKey(after).get(`ORDER#${settleAfter.orderId} | ORDER`);
    const claimKey = `TXCLAIM#${priv.chainId}#${settleAfter.txHash} | TXCLAIM`;
    const expected = [
      `MODEL#${model.modelId} | FILE#2.0.0#${upload.fileId}`,
      `ORDER#${settleAfter.orderId} | ORDER`,
      `LICENCE#${order?.licenceId} | LICENCE`,
      claimKey,
      `SALE#${byKey(after).get(claimKey)?.saleId} | SALE`,
      `MODEL#${model.modelId} | OFFER#${model.offerId}`,
      balanceKey(priv.treasury),
      balanceKey(owner.address),
      balanceKey(contributor.address),
    ].sort();
    const touched = [...diff.added, ...Object.keys(diff.changed)].filter((key) => !key.startsWith('RATE#'));
    expect(diff.removed).toEqual([]);
    expect(touched.sort()).toEqual(expected);
  });

  it('after every retry the ledger balances to the base unit: Σ balances + Σ payouts = Σ sales', async () => {
    const totals = ledgerTotals(await priv.scan());
    expect(totals.sales).toBe(PRICE * 3n); // the first sale, C and D: no sale twice
    expect(totals.balances + totals.payouts).toBe(totals.sales);
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

describe('anvil stops in the middle of a settlement and of payouts', () => {
  const stopAnvil = () => priv.anvil.stop();

  it('settlement: 503 + Retry-After between two JSON-RPC calls; nothing written; after the restart the same submission settles once', async () => {
    const purchase = await paidOrder();
    const before = await priv.scan();
    // The verifier's first call (eth_chainId) succeeds; anvil is gone for the receipt.
    const hook = onRpc(chains, {
      method: 'eth_getTransactionReceipt',
      when: 'before',
      action: stopAnvil,
    });
    try {
      await expectUnavailable(await submit(purchase));
      await hook.fired;
    } finally {
      hook.restore();
    }
    await priv.anvil.start();
    expect(diffTables(before, await priv.scan())).toEqual({ added: [], removed: [], changed: {} });

    const items = await expectSettlesOnce(purchase);
    const totals = ledgerTotals(items);
    expect(totals.balances + totals.payouts).toBe(totals.sales);
  });

  async function requestPayout(user: SignedIn) {
    const amount = await balanceOf(user.address);
    expect(amount > 0n).toBe(true);
    const payout = await expectStatus(
      await post('/me/payouts', user, { chainId: priv.chainId, currency: priv.stablecoin }),
      201,
    );
    return { id: payout.id as string, amount };
  }

  const payoutStatus = async (id: string) => (await table.get({ pk: `PAYOUT#${id}`, sk: 'PAYOUT' }))?.status;

  /**
   * Mines the transfer `hash` just broadcast, then stops anvil. anvil writes its chain to disk on exit,
   * and a stop in the middle of mining the block can dump the account's new nonce without the block: a
   * state no real node has, in which the transfer happened yet no block shows it. So the block is
   * mined by an explicit `evm_mine` (answered once the block exists) instead of waiting for automine on
   * a clock: ethers' waitForTransaction polls every 4 s, and under load its wait ran past any timeout.
   */
  async function mineThenStopAnvil(hash: unknown) {
    await priv.provider.send('evm_mine', []);
    expect(await priv.provider.getTransactionReceipt(String(hash))).not.toBeNull();
    await stopAnvil();
  }

  /**
   * Requests a payout of `user`'s balance and runs the worker once, stopping anvil just `when` the
   * signed transfer is broadcast (after: once the transfer is mined). Returns what the payout must
   * move, to check it moved exactly once.
   */
  async function payoutWithAnvilStopping(user: SignedIn, when: 'before' | 'after') {
    const payout = await requestPayout(user);
    const tokensBefore = await tokenBalance(user.address);
    const nonceBefore = await treasuryNonce();
    // 'after': the transfer must wait in the pool for the hook's evm_mine, not be mined on arrival.
    // The restarted anvil automines again (it is a start-up setting, not part of the saved state).
    if (when === 'after') await priv.provider.send('evm_setAutomine', [false]);
    const action = when === 'before' ? stopAnvil : mineThenStopAnvil;
    const hook = onRpc(chains, { method: 'eth_sendRawTransaction', when, action });
    try {
      expect(await worker.runOnce()).toMatchObject({ sent: 1, errors: 0 });
      await hook.fired;
    } finally {
      hook.restore();
    }
    return { payout, tokensBefore, nonceBefore };
  }

  /** The payout is confirmed, its recipient got the amount once, the treasury sent one transaction. */
  async function expectPaidOnce(
    user: SignedIn,
    { payout, tokensBefore, nonceBefore }: Awaited<ReturnType<typeof payoutWithAnvilStopping>>,
  ) {
    expect(await worker.runOnce()).toMatchObject({ sent: 0, rebroadcast: 0, confirmed: 0, errors: 0 });
    expect(await payoutStatus(payout.id)).toBe('confirmed');
    expect(await tokenBalance(user.address)).toBe(tokensBefore + payout.amount);
    expect(await treasuryNonce()).toBe(nonceBefore + 1);
  }

  it('payout, anvil gone at the broadcast: recorded as sent, retried while down without harm, re-broadcast once after the restart', async () => {
    const sending = await payoutWithAnvilStopping(owner, 'before');
    const { payout } = sending;
    expect(await payoutStatus(payout.id)).toBe('sent');
    // Still down: the worker can neither look the transfer up nor re-send it; nothing changes.
    expect(await worker.runOnce()).toMatchObject({ errors: 1, rebroadcast: 0, failed: 0, recredited: 0 });
    expect(await payoutStatus(payout.id)).toBe('sent');

    await priv.anvil.start();
    // The restarted node never saw the transfer (it had no mempool to keep): the same bytes go out once.
    expect(await worker.runOnce()).toMatchObject({ rebroadcast: 1, errors: 0 });
    await mine();
    expect(await worker.runOnce()).toMatchObject({ confirmed: 1, errors: 0 });
    await expectPaidOnce(owner, sending);
  });

  it('payout, anvil gone right after it accepted the transfer: confirmed after the restart, paid exactly once', async () => {
    const sending = await payoutWithAnvilStopping(contributor, 'after');
    const { payout } = sending;
    expect(await worker.runOnce()).toMatchObject({ errors: 1, confirmed: 0, rebroadcast: 0 });

    await priv.anvil.start();
    await mine();
    // The restarted node may also have lost the block (a node's last blocks can be lost in a crash):
    // then it has never seen the transfer and the worker sends the same signed transaction again
    // (same nonce, so it can land only once). Both paths must end in one confirmed payout.
    const runs = [];
    for (let attempt = 0; attempt < 5 && (await payoutStatus(payout.id)) !== 'confirmed'; attempt++) {
      runs.push(await worker.runOnce());
      await mine();
    }
    expect(runs.every((run) => run.errors === 0 && run.sent === 0)).toBe(true);
    expect(runs.reduce((sum, run) => sum + run.rebroadcast, 0)).toBeLessThanOrEqual(1);
    await expectPaidOnce(contributor, sending);
    const totals = ledgerTotals(await priv.scan());
    expect(totals.balances + totals.payouts).toBe(totals.sales);
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
