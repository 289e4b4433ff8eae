/**
 * Referrer fees go only to frontends the operator registered (REFERRER_ADDRESSES, and on the contract
 * with setReferrerRegistered), end to end through the HTTP app and the contract: a registered
 * referrer earns exactly the referrer fee of a sale and withdraws it itself; any other address is
 * refused when the order is created, before anything is written.
 */
import { Contract, type JsonRpcProvider, Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitShares } from '#domain/market/chain-indexer.js';
import { type SignedIn, signIn } from '#test/helpers/auth.js';
import type { PublishedModel } from '#test/helpers/catalogue.js';
import { ERC20_ABI, fundedWallet, testProvider } from '#test/helpers/chain.js';
import { json, requestOk } from '#test/helpers/http.js';
import { buyLicence, marketAdmin, publishForSale, sendCalls } from '#test/helpers/market-flow.js';
import { chainsWithConfirmations, stack, testApp } from '#test/helpers/stack.js';

const provider: JsonRpcProvider = testProvider();
const PRICE = 25_000_000n; // divisible: the fee is exactly PRICE × referrerBps / 10000
let frontend: Wallet;
/** Registered with the API (REFERRER_ADDRESSES) but not on the contract: a misconfigured frontend. */
const offChainOnly = Wallet.createRandom().address;
let harness: ReturnType<typeof testApp>;
afterAll(async () => {
  provider.destroy();
  await harness?.close();
});

const post = (path: string, user: SignedIn, body: unknown) =>
  harness.app.request(path, {
    method: 'POST',
    headers: { ...user.headers, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

let owner: SignedIn;
let model: PublishedModel;

beforeAll(async () => {
  frontend = await fundedWallet(provider);
  await (await marketAdmin(provider, stack().accounts[0]?.address as string)).registerReferrer(
    frontend.address,
  );
  harness = testApp({
    CHAINS: chainsWithConfirmations(1),
    REFERRER_ADDRESSES: `${frontend.address},${offChainOnly}`,
  });
  owner = await signIn(harness.app, await fundedWallet(provider));
  model = await publishForSale(harness.app, owner, { price: PRICE.toString() });
}, 60_000);

async function newBuyer(): Promise<SignedIn> {
  return signIn(harness.app, await fundedWallet(provider, PRICE));
}

describe('referrer fees', () => {
  it('a registered frontend earns exactly the referrer fee, the sale names it, and it withdraws it', async () => {
    const { app, config } = harness;
    const buyer = await newBuyer();
    const { quote, txHash } = await buyLicence(app, buyer, model.offerId, {
      confirmations: 1,
      referrer: frontend.address,
    });
    expect(quote.referrer).toBe(frontend.address);
    expect(quote.sale.authorization.referrer).toBe(frontend.address);

    const platformFee = (PRICE * BigInt(config.fees.platformBps)) / 10_000n;
    const fee = (PRICE * BigInt(config.fees.referrerBps)) / 10_000n;
    expect(fee).toBeGreaterThan(0n);
    const sales = await requestOk(app, owner, 'GET', `/models/${model.modelId}/sales`);
    const sale = sales.items.find((item: { txHash: string }) => item.txHash === txHash.toLowerCase());
    expect(sale.credits).toEqual([
      { recipient: config.fees.platformRecipient, role: 'platform', amount: platformFee.toString() },
      { recipient: frontend.address, role: 'referrer', amount: fee.toString() },
      {
        recipient: owner.address,
        role: 'split',
        amount: (splitShares(PRICE - platformFee - fee, [10_000])[0] as bigint).toString(),
      },
    ]);

    // The contract holds the fee for the frontend, who withdraws it with the call its earnings offer.
    const earnings = await requestOk(app, await signIn(app, frontend), 'GET', '/me/earnings');
    const held = earnings.onChain.find(
      (entry: { currency: string }) => entry.currency === stack().stablecoin,
    );
    expect(held).toMatchObject({ withdrawable: fee.toString(), awaitingDistribution: '0' });
    const token = new Contract(stack().stablecoin, ERC20_ABI, provider);
    const before = (await token.getFunction('balanceOf')(frontend.address)) as bigint;
    await sendCalls(frontend, [held.withdraw]);
    expect((await token.getFunction('balanceOf')(frontend.address)) as bigint).toBe(before + fee);
  });

  it('refuses an order naming an unregistered referrer: 400 REFERRER_NOT_REGISTERED, nothing written', async () => {
    const buyer = await newBuyer();
    const stranger = Wallet.createRandom().address;
    const refused = await post('/orders', buyer, { offerId: model.offerId, referrer: stranger });
    expect(refused.status).toBe(400);
    expect((await json(refused)).error.code).toBe('REFERRER_NOT_REGISTERED');

    // Naming himself (or any wallet of his) is no better: unregistered, refused.
    const second = await post('/orders', buyer, { offerId: model.offerId, referrer: buyer.address });
    expect((await json(second)).error?.code).toBe('REFERRER_NOT_REGISTERED');

    const orders = await json(await harness.app.request('/me/orders', { headers: buyer.headers }));
    expect(orders.items).toEqual([]);
  });

  it('refuses a quote naming a referrer the contract does not know (its buy would revert): 409, nothing written', async () => {
    const buyer = await newBuyer();
    const refused = await post('/orders', buyer, { offerId: model.offerId, referrer: offChainOnly });
    expect(refused.status).toBe(409);
    expect((await json(refused)).error.code).toBe('REFERRER_NOT_ON_CHAIN');
    expect((await json(await harness.app.request('/me/orders', { headers: buyer.headers }))).items).toEqual(
      [],
    );
  });
});
