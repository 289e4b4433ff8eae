import { Contract, type JsonRpcProvider, verifyTypedData, type Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '#api/app.js';
import { buildAppDeps } from '#runtime/runtime.js';
import { createLogger } from '#shared/logging.js';
import { type SignedIn, signIn } from '#test/helpers/auth.js';
import { createPublishedModel, type PublishedModel } from '#test/helpers/catalogue.js';
import { deployToken, ERC20_ABI, fundedWallet, testProvider } from '#test/helpers/chain.js';
import { json } from '#test/helpers/http.js';
import { custodialChains, stack, testApp } from '#test/helpers/stack.js';

// 100 confirmations: other test files mine at most ~30 blocks at a time, never 100 at once, so a payment
// here stays "confirming" until this file mines.
const CONFIRMATIONS = 100;
const { app, infra, config, runtime, close } = testApp({
  DOWNLOAD_DAILY_QUOTA: '3',
  CHAINS: custodialChains(CONFIRMATIONS),
});
const provider: JsonRpcProvider = testProvider();
afterAll(async () => {
  provider.destroy();
  await close();
});

const PRICE = 25_000_000n;

async function post(path: string, user: SignedIn, body: unknown) {
  return app.request(path, {
    method: 'POST',
    headers: { ...user.headers, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function expectError(response: Response, status: number, code: string) {
  const body = await json(response);
  expect({ status: response.status, code: body.error?.code }).toEqual({ status, code });
}

/** A buyer with its own funded wallet, signed in. */
async function newBuyer(units = 1_000_000_000n): Promise<SignedIn & { wallet: Wallet }> {
  const wallet = await fundedWallet(provider, units);
  const session = await signIn(app, wallet);
  return { ...session, wallet };
}

async function order(buyer: SignedIn, offerId: string) {
  const response = await post('/orders', buyer, { offerId });
  expect(response.status).toBe(201);
  return json(response);
}

async function payStablecoin(
  from: Wallet,
  to: string,
  amount: bigint,
  token = stack().stablecoin,
): Promise<string> {
  const contract = new Contract(token, ERC20_ABI, from);
  const tx = await contract.getFunction('transfer')(to, amount);
  await tx.wait();
  return tx.hash;
}

const mine = (blocks: number) => provider.send('anvil_mine', [`0x${blocks.toString(16)}`]);

let owner: SignedIn;
let contributor: Wallet;
let model: PublishedModel;

beforeAll(async () => {
  owner = await signIn(app);
  contributor = await fundedWallet(provider);
  model = await createPublishedModel(app, owner, {
    split: [
      { address: owner.address, bps: 7000, role: 'author' },
      { address: contributor.address, bps: 3000, role: 'data' },
    ],
  });
});

describe('buying a licence with the stablecoin', () => {
  it('quotes, confirms, settles, credits the split exactly, and the licence verifies offline and unlocks the bytes', async () => {
    const buyer = await newBuyer();
    const quote = await order(buyer, model.offerId);
    expect(quote).toMatchObject({
      status: 'awaiting_payment',
      amount: PRICE.toString(),
      chainId: stack().chainId,
      currency: { address: stack().stablecoin, symbol: 'USD', decimals: 6 },
      payTo: stack().accounts[0]?.address,
    });

    const txHash = await payStablecoin(buyer.wallet, quote.payTo, PRICE);
    const confirming = await post(`/orders/${quote.id}/payment`, buyer, { txHash });
    expect(confirming.status).toBe(202);
    const pending = await json(confirming);
    expect(pending).toMatchObject({ status: 'confirming', required: CONFIRMATIONS });
    // Other files mine on the shared chain meanwhile: the count may have moved, but not to final.
    expect(pending.confirmations).toBeGreaterThanOrEqual(0);
    expect(pending.confirmations).toBeLessThan(CONFIRMATIONS);
    expect((await json(await app.request(`/orders/${quote.id}`, { headers: buyer.headers }))).status).toBe(
      'awaiting_payment',
    );

    await mine(CONFIRMATIONS);
    const polled = await json(await app.request(`/orders/${quote.id}`, { headers: buyer.headers }));
    expect(polled).toMatchObject({ status: 'paid', txHash, paidAmount: PRICE.toString() });
    const paid = await post(`/orders/${quote.id}/payment`, buyer, { txHash });
    expect(paid.status).toBe(200);
    const { licence } = await json(paid);
    expect(licence).toMatchObject({
      licensee: buyer.address,
      modelId: model.modelId,
      state: 'active',
      seats: 5,
    });

    // Offline: plain ethers against the published signer and domain.
    const wellKnown = await json(await app.request('/.well-known/model-commons.json'));
    const decoded = JSON.parse(Buffer.from(licence.token, 'base64url').toString('utf8'));
    const recovered = verifyTypedData(
      wellKnown.eip712Domain,
      wellKnown.eip712Types,
      decoded.message,
      decoded.signature,
    );
    expect(recovered).toBe(wellKnown.signer);
    expect(decoded.message.licensee).toBe(buyer.address);

    const verdict = await json(await app.request('/licences/verify', jsonPost({ token: licence.token })));
    expect(verdict).toMatchObject({ valid: true, licence: { id: licence.id, state: 'active' } });

    const download = await app.request(
      `/models/${model.modelId}/versions/${model.version}/files/${encodeURIComponent(model.path)}/download`,
      { headers: buyer.headers },
    );
    expect(download.status).toBe(200);
    const { url } = await json(download);
    const bytes = Buffer.from(await (await fetch(url)).arrayBuffer());
    expect(bytes.equals(model.bytes)).toBe(true);

    // 2.5 % platform fee, then 70/30: 625,000 + 17,062,500 + 7,312,500 = 25,000,000.
    const sales = await json(await app.request(`/models/${model.modelId}/sales`, { headers: owner.headers }));
    const sale = sales.items.find((item: { txHash: string }) => item.txHash === txHash);
    const credited = Object.fromEntries(
      sale.credits.map((credit: { recipient: string; amount: string }) => [credit.recipient, credit.amount]),
    );
    expect(credited).toEqual({
      [config.fees.platformRecipient as string]: '625000',
      [owner.address]: '17062500',
      [contributor.address]: '7312500',
    });
    const total = sale.credits.reduce(
      (sum: bigint, credit: { amount: string }) => sum + BigInt(credit.amount),
      0n,
    );
    expect(total).toBe(PRICE);

    const contributorSession = await signIn(app, contributor);
    const earnings = await json(await app.request('/me/earnings', { headers: contributorSession.headers }));
    expect(earnings.balances).toContainEqual({
      chainId: stack().chainId,
      currency: stack().stablecoin,
      amount: expect.any(String),
    });
    expect(earnings.history[0]).toMatchObject({ modelId: model.modelId, amount: '7312500', role: 'split' });
  });
});

function jsonPost(body: unknown, headers: Record<string, string> = {}) {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  };
}

describe('payment rejections', () => {
  it('rejects a payment sent by another account', async () => {
    const buyer = await newBuyer();
    const stranger = await fundedWallet(provider, PRICE);
    const quote = await order(buyer, model.offerId);
    const txHash = await payStablecoin(stranger, quote.payTo, PRICE);
    await expectError(await post(`/orders/${quote.id}/payment`, buyer, { txHash }), 422, 'PAYER_MISMATCH');
  });

  it('rejects a transfer to the wrong address', async () => {
    const buyer = await newBuyer();
    const quote = await order(buyer, model.offerId);
    const txHash = await payStablecoin(buyer.wallet, contributor.address, PRICE);
    await expectError(
      await post(`/orders/${quote.id}/payment`, buyer, { txHash }),
      422,
      'NO_QUALIFYING_TRANSFER',
    );
  });

  it('gives nothing for a look-alike token with the same symbol', async () => {
    const buyer = await newBuyer();
    const fake = await deployToken(buyer.wallet, 'USD');
    await (await fake.getFunction('mint')(buyer.address, PRICE)).wait();
    const quote = await order(buyer, model.offerId);
    const txHash = await payStablecoin(buyer.wallet, quote.payTo, PRICE, await fake.getAddress());
    await expectError(
      await post(`/orders/${quote.id}/payment`, buyer, { txHash }),
      422,
      'NO_QUALIFYING_TRANSFER',
    );
  });

  it('rejects an underpayment and keeps the order open', async () => {
    const buyer = await newBuyer();
    const quote = await order(buyer, model.offerId);
    const txHash = await payStablecoin(buyer.wallet, quote.payTo, PRICE - 1n);
    await mine(CONFIRMATIONS);
    await expectError(await post(`/orders/${quote.id}/payment`, buyer, { txHash }), 422, 'UNDERPAID');
    expect((await json(await app.request(`/orders/${quote.id}`, { headers: buyer.headers }))).status).toBe(
      'awaiting_payment',
    );
  });

  it('rejects a transaction mined before the order was created', async () => {
    const buyer = await newBuyer();
    const txHash = await payStablecoin(buyer.wallet, stack().accounts[0]?.address as string, PRICE);
    const quote = await order(buyer, model.offerId);
    await mine(CONFIRMATIONS);
    await expectError(await post(`/orders/${quote.id}/payment`, buyer, { txHash }), 422, 'TX_PREDATES_ORDER');
  });

  it('answers 404 for a transaction the chain does not know', async () => {
    const buyer = await newBuyer();
    const quote = await order(buyer, model.offerId);
    await expectError(
      await post(`/orders/${quote.id}/payment`, buyer, { txHash: `0x${'12'.repeat(32)}` }),
      404,
      'TX_NOT_FOUND',
    );
  });

  it('rejects a reverted transaction', async () => {
    const buyer = await newBuyer(1n);
    const quote = await order(buyer, model.offerId);
    const token = new Contract(stack().stablecoin, ERC20_ABI, buyer.wallet);
    const tx = await token.getFunction('transfer')(quote.payTo, PRICE, { gasLimit: 100_000 });
    await provider.waitForTransaction(tx.hash);
    await mine(CONFIRMATIONS);
    await expectError(
      await post(`/orders/${quote.id}/payment`, buyer, { txHash: tx.hash }),
      422,
      'TX_REVERTED',
    );
  });

  it('never lets one transaction settle two orders', async () => {
    const buyer = await newBuyer();
    const first = await order(buyer, model.offerId);
    const second = await order(buyer, model.offerId);
    await mine(1);
    const txHash = await payStablecoin(buyer.wallet, first.payTo, PRICE);
    await mine(CONFIRMATIONS);
    expect((await post(`/orders/${first.id}/payment`, buyer, { txHash })).status).toBe(200);
    await expectError(
      await post(`/orders/${second.id}/payment`, buyer, { txHash }),
      409,
      'TX_ALREADY_CLAIMED',
    );
  });

  it("hides other buyers' orders", async () => {
    const buyer = await newBuyer();
    const quote = await order(buyer, model.offerId);
    const other = await newBuyer();
    await expectError(
      await app.request(`/orders/${quote.id}`, { headers: other.headers }),
      404,
      'ORDER_NOT_FOUND',
    );
  });

  it('answers 409 ORDER_EXPIRED for an order paid after expiry and records the payment', async () => {
    let now = Date.now();
    const movable = createApp(
      buildAppDeps(runtime, { logger: createLogger('silent'), clock: { now: () => new Date(now) } }),
    );
    const wallet = await fundedWallet(provider, PRICE);
    const buyer = await signIn(movable, wallet);
    const quote = await json(
      await movable.request('/orders', jsonPost({ offerId: model.offerId }, buyer.headers)),
    );
    const txHash = await payStablecoin(wallet, quote.payTo, PRICE);
    await mine(CONFIRMATIONS);
    now += 31 * 60_000;
    const late = await movable.request(`/orders/${quote.id}/payment`, jsonPost({ txHash }, buyer.headers));
    await expectError(late, 409, 'ORDER_EXPIRED');
    const recorded = await infra.table.get({ pk: `LATEPAY#${stack().chainId}#${txHash}`, sk: 'LATEPAY' });
    expect(recorded).toMatchObject({
      orderId: quote.id,
      paid: PRICE.toString(),
      payer: wallet.address,
      resolution: 'pending',
    });
  });
});

describe('replay safety', () => {
  it('issues exactly one licence for 20 parallel submissions of one transaction', async () => {
    const buyer = await newBuyer();
    const quote = await order(buyer, model.offerId);
    const txHash = await payStablecoin(buyer.wallet, quote.payTo, PRICE);
    await mine(CONFIRMATIONS);
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => post(`/orders/${quote.id}/payment`, buyer, { txHash })),
    );
    const bodies = await Promise.all(responses.map((response) => json(response)));
    const licences = new Set(bodies.filter((body) => body.licence).map((body) => body.licence.id));
    expect(licences.size).toBe(1);
    for (const [index, response] of responses.entries()) {
      if (response.status !== 200)
        expect([response.status, bodies[index].error.code]).toEqual([409, 'TX_ALREADY_CLAIMED']);
    }
    const mine_ = await json(await app.request('/me/licences', { headers: buyer.headers }));
    expect(mine_.items).toHaveLength(1);
  });
});

describe('licence lifecycle', () => {
  async function buyLicence(target: PublishedModel) {
    const buyer = await newBuyer();
    const quote = await order(buyer, target.offerId);
    const txHash = await payStablecoin(buyer.wallet, quote.payTo, PRICE);
    await mine(CONFIRMATIONS);
    const { licence } = await json(await post(`/orders/${quote.id}/payment`, buyer, { txHash }));
    return { buyer, licence };
  }
  const downloadPath = (target: PublishedModel) =>
    `/models/${target.modelId}/versions/${target.version}/files/${encodeURIComponent(target.path)}/download`;

  it('revoked by the owner: the token stops verifying and downloads stop', async () => {
    const { buyer, licence } = await buyLicence(model);
    const stranger = await signIn(app);
    await expectError(
      await post(`/licences/${licence.id}/revoke`, stranger, { reason: 'no' }),
      404,
      'LICENCE_NOT_FOUND',
    );
    const revoked = await post(`/licences/${licence.id}/revoke`, owner, { reason: 'chargeback' });
    expect(await json(revoked)).toMatchObject({ state: 'revoked', revokeReason: 'chargeback' });
    expect(
      await json(await app.request('/licences/verify', jsonPost({ token: licence.token }))),
    ).toMatchObject({
      valid: false,
      reason: 'REVOKED',
    });
    await expectError(
      await app.request(downloadPath(model), { headers: buyer.headers }),
      404,
      'FILE_NOT_FOUND',
    );
    await expectError(
      await post(`/licences/${licence.id}/revoke`, owner, { reason: 'again' }),
      409,
      'LICENCE_NOT_ACTIVE',
    );
  });

  it('refuses to transfer a non-transferable licence', async () => {
    const { buyer, licence } = await buyLicence(model);
    const friend = await signIn(app);
    await expectError(
      await post(`/licences/${licence.id}/transfer`, buyer, { to: friend.address }),
      409,
      'NOT_TRANSFERABLE',
    );
  });

  it('transfers a transferable licence: the old token stops verifying, the new holder downloads', async () => {
    const transferable = await createPublishedModel(app, owner, { transferable: true });
    const { buyer, licence } = await buyLicence(transferable);
    const friend = await signIn(app);
    const moved = await json(await post(`/licences/${licence.id}/transfer`, buyer, { to: friend.address }));
    expect(moved).toMatchObject({ licensee: friend.address, state: 'active' });
    expect(
      await json(await app.request('/licences/verify', jsonPost({ token: licence.token }))),
    ).toMatchObject({
      valid: false,
      reason: 'TRANSFERRED',
    });
    expect((await json(await app.request('/licences/verify', jsonPost({ token: moved.token })))).valid).toBe(
      true,
    );
    expect((await app.request(downloadPath(transferable), { headers: friend.headers })).status).toBe(200);
    await expectError(
      await app.request(downloadPath(transferable), { headers: buyer.headers }),
      404,
      'FILE_NOT_FOUND',
    );
  });

  it('limits downloads per licence per day', async () => {
    const { buyer } = await buyLicence(model);
    for (let i = 0; i < 3; i++)
      expect((await app.request(downloadPath(model), { headers: buyer.headers })).status).toBe(200);
    const blocked = await app.request(downloadPath(model), { headers: buyer.headers });
    await expectError(blocked, 429, 'DOWNLOAD_QUOTA_EXCEEDED');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('hides files from users without a licence and asks anonymous users to sign in', async () => {
    const stranger = await signIn(app);
    await expectError(
      await app.request(downloadPath(model), { headers: stranger.headers }),
      404,
      'FILE_NOT_FOUND',
    );
    await expectError(await app.request(downloadPath(model)), 401, 'UNAUTHENTICATED');
    expect((await app.request(downloadPath(model), { headers: owner.headers })).status).toBe(200);
  });
});

describe('supply cap', () => {
  it('credits a payment that arrives after the offer sold out back to the buyer', async () => {
    const capped = await createPublishedModel(app, owner, { supplyCap: 1 });
    const first = await newBuyer();
    const second = await newBuyer();
    const firstOrder = await order(first, capped.offerId);
    const secondOrder = await order(second, capped.offerId);
    const firstTx = await payStablecoin(first.wallet, firstOrder.payTo, PRICE);
    const secondTx = await payStablecoin(second.wallet, secondOrder.payTo, PRICE);
    await mine(CONFIRMATIONS);
    expect((await post(`/orders/${firstOrder.id}/payment`, first, { txHash: firstTx })).status).toBe(200);
    await expectError(
      await post(`/orders/${secondOrder.id}/payment`, second, { txHash: secondTx }),
      409,
      'SOLD_OUT_REFUNDED',
    );
    const earnings = await json(await app.request('/me/earnings', { headers: second.headers }));
    expect(earnings.balances).toContainEqual({
      chainId: stack().chainId,
      currency: stack().stablecoin,
      amount: PRICE.toString(),
    });
    await expectError(await post('/orders', second, { offerId: capped.offerId }), 409, 'SOLD_OUT');
  });
});

describe('offers taken off sale', () => {
  it('refuses to quote an inactive offer', async () => {
    const withdrawn = await createPublishedModel(app, owner);
    const patched = await app.request(`/models/${withdrawn.modelId}/offers/${withdrawn.offerId}`, {
      method: 'PATCH',
      headers: { ...owner.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ active: false }),
    });
    expect(patched.status).toBe(200);
    await expectError(
      await post('/orders', await newBuyer(), { offerId: withdrawn.offerId }),
      409,
      'OFFER_INACTIVE',
    );
  });
});

describe('pull payouts', () => {
  it('debits the whole balance once, refuses to overdraw, and lists the payout', async () => {
    const earner = await fundedWallet(provider);
    const splitModel = await createPublishedModel(app, owner, {
      split: [
        { address: owner.address, bps: 5000 },
        { address: earner.address, bps: 5000 },
      ],
    });
    const buyer = await newBuyer();
    const quote = await order(buyer, splitModel.offerId);
    const txHash = await payStablecoin(buyer.wallet, quote.payTo, PRICE);
    await mine(CONFIRMATIONS);
    expect((await post(`/orders/${quote.id}/payment`, buyer, { txHash })).status).toBe(200);

    const session = await signIn(app, earner);
    const request = { chainId: stack().chainId, currency: stack().stablecoin };
    const payout = await post('/me/payouts', session, request);
    expect(payout.status).toBe(201);
    // (25,000,000 − 625,000) / 2
    expect(await json(payout)).toMatchObject({ status: 'requested', amount: '12187500' });
    await expectError(await post('/me/payouts', session, request), 409, 'INSUFFICIENT_BALANCE');
    await expectError(
      await post('/me/payouts', session, { ...request, amount: '1' }),
      409,
      'INSUFFICIENT_BALANCE',
    );
    const listed = await json(await app.request('/me/payouts', { headers: session.headers }));
    expect(listed.items).toHaveLength(1);
    const earnings = await json(await app.request('/me/earnings', { headers: session.headers }));
    expect(earnings.balances).toContainEqual({
      chainId: stack().chainId,
      currency: stack().stablecoin,
      amount: '0',
    });
  });
});
