/**
 * Referrer fees go only to frontends the operator registered (REFERRER_ADDRESSES), end to end through
 * the HTTP app: a registered referrer earns exactly the referrer fee of a settled sale; any other
 * address is refused when the order is created, before anything is written.
 */
import { Contract, type JsonRpcProvider, Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Address } from '#domain/address.js';
import { splitSale } from '#domain/ledger/revenue-split.js';
import { type SignedIn, signIn } from '#test/helpers/auth.js';
import { createPublishedModel, type PublishedModel } from '#test/helpers/catalogue.js';
import { ERC20_ABI, fundedWallet, testProvider } from '#test/helpers/chain.js';
import { json } from '#test/helpers/http.js';
import { custodialChains, stack, testApp } from '#test/helpers/stack.js';

const frontend = new Wallet(Wallet.createRandom().privateKey);
const platform = new Wallet(Wallet.createRandom().privateKey);
const PRICE = 25_000_000n; // divisible: the fee is exactly PRICE × referrerBps / 10000
const { app, config, close } = testApp({
  // One confirmation: the test mines the block that makes its payment final.
  CHAINS: custodialChains(1),
  REFERRER_ADDRESSES: frontend.address,
  PLATFORM_FEE_RECIPIENT: platform.address,
});
const provider: JsonRpcProvider = testProvider();
afterAll(async () => {
  provider.destroy();
  await close();
});

const post = (path: string, user: SignedIn, body: unknown) =>
  app.request(path, {
    method: 'POST',
    headers: { ...user.headers, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

let owner: SignedIn;
let model: PublishedModel;

beforeAll(async () => {
  owner = await signIn(app);
  model = await createPublishedModel(app, owner, { price: PRICE.toString() });
});

async function newBuyer(): Promise<SignedIn & { wallet: Wallet }> {
  const wallet = await fundedWallet(provider, PRICE);
  return { ...(await signIn(app, wallet)), wallet };
}

describe('referrer fees', () => {
  it('a registered frontend earns exactly the referrer fee, and the sale names it', async () => {
    const buyer = await newBuyer();
    const ordered = await post('/orders', buyer, { offerId: model.offerId, referrer: frontend.address });
    expect(ordered.status).toBe(201);
    const quote = await json(ordered);
    expect(quote.referrer).toBe(frontend.address);

    const token = new Contract(stack().stablecoin, ERC20_ABI, buyer.wallet);
    const tx = await token.getFunction('transfer')(quote.payTo, PRICE);
    await tx.wait();
    await provider.send('anvil_mine', ['0x1']);
    const paid = await post(`/orders/${quote.id}/payment`, buyer, { txHash: tx.hash });
    expect(paid.status).toBe(200);

    const expected = splitSale({
      amount: PRICE,
      platformFeeBps: config.fees.platformBps,
      platformRecipient: platform.address as Address,
      referrerFeeBps: config.fees.referrerBps,
      referrer: frontend.address as Address,
      split: [{ address: owner.address as Address, bps: 10_000 }],
    });
    const fee = expected.find((credit) => credit.role === 'referrer')?.amount;
    expect(fee).toBe((PRICE * BigInt(config.fees.referrerBps)) / 10_000n);

    const sales = await json(await app.request(`/models/${model.modelId}/sales`, { headers: owner.headers }));
    const sale = sales.items.find((item: { txHash: string }) => item.txHash === tx.hash.toLowerCase());
    expect(sale.credits).toContainEqual({
      recipient: frontend.address,
      role: 'referrer',
      amount: String(fee),
    });
    expect(sale.credits).toEqual(
      expected.map((credit) => ({
        recipient: credit.recipient,
        role: credit.role,
        amount: credit.amount.toString(),
      })),
    );

    const earnings = await json(
      await app.request('/me/earnings', { headers: (await signIn(app, frontend)).headers }),
    );
    expect(earnings.balances).toEqual([
      { chainId: stack().chainId, currency: stack().stablecoin, amount: String(fee) },
    ]);
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

    const orders = await json(await app.request('/me/orders', { headers: buyer.headers }));
    expect(orders.items).toEqual([]);
  });
});
