/**
 * One amount limit end to end (2^256 − 1, the EVM's): whatever an offer accepts is orderable, payable
 * on chain, settled, credited exactly to every balance, and withdrawable; one unit more is refused
 * when the offer is created. Every recipient is a fresh wallet (the platform fee recipient too), so
 * each balance must equal its credits exactly.
 */
import { Contract, type JsonRpcProvider, Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Address } from '#domain/address.js';
import { MAX_AMOUNT } from '#domain/ledger/amount.js';
import { splitSale } from '#domain/ledger/revenue-split.js';
import { type SignedIn, signIn } from '#test/helpers/auth.js';
import { createPublishedModel, type PublishedModel } from '#test/helpers/catalogue.js';
import { deployToken, ERC20_ABI, fundedWallet, testProvider } from '#test/helpers/chain.js';
import { json } from '#test/helpers/http.js';
import { custodialChains, stack, testApp } from '#test/helpers/stack.js';

const provider: JsonRpcProvider = testProvider();
let harness: ReturnType<typeof testApp>;
/** A token of our own for the 2^256 − 1 price: its whole supply can be minted to one buyer. */
let bigToken: string;
const platform = new Wallet(Wallet.createRandom().privateKey);

beforeAll(async () => {
  const deployer = await fundedWallet(provider);
  bigToken = await (await deployToken(deployer, 'BIG', 18)).getAddress();
  // The custodial path (payments to payTo settled by the API): the contract path caps nothing below 2^256 − 1.
  const chains = JSON.parse(custodialChains(1)) as Array<{ currencies: object[] }>;
  harness = testApp({
    // One confirmation: each test mines the block that makes its payment final.
    CHAINS: JSON.stringify(
      chains.map((chain) => ({
        ...chain,
        confirmations: 1,
        currencies: [...chain.currencies, { address: bigToken, symbol: 'BIG', decimals: 18 }],
      })),
    ),
    PLATFORM_FEE_RECIPIENT: platform.address,
  });
});

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

async function balanceIn(user: SignedIn, currency: string): Promise<string | undefined> {
  const earnings = await json(await harness.app.request('/me/earnings', { headers: user.headers }));
  return earnings.balances.find(
    (balance: { chainId: number; currency: string }) =>
      balance.chainId === stack().chainId && balance.currency.toLowerCase() === currency.toLowerCase(),
  )?.amount;
}

/**
 * Publishes a model at `price` in `currency` (70/30 between a fresh owner and contributor), has a
 * fresh buyer order it, pay it on chain and submit the payment; returns what the test checks.
 */
async function buyAt(price: bigint, currency: string, mintTo: (buyer: Wallet) => Promise<void>) {
  const { app, config } = harness;
  const owner = await signIn(app);
  const contributor = new Wallet(Wallet.createRandom().privateKey);
  const split = [
    { address: owner.address as Address, bps: 7000 },
    { address: contributor.address as Address, bps: 3000 },
  ];
  const model: PublishedModel = await createPublishedModel(app, owner, {
    price: price.toString(),
    currency,
    split: split.map((share) => ({ ...share, role: 'author' })),
  });

  const wallet = await fundedWallet(provider);
  await mintTo(wallet);
  const buyer = await signIn(app, wallet);
  const ordered = await post('/orders', buyer, { offerId: model.offerId });
  expect(ordered.status).toBe(201);
  const quote = await json(ordered);
  expect(quote.amount).toBe(price.toString());

  const token = new Contract(currency, ERC20_ABI, wallet);
  const tx = await token.getFunction('transfer')(quote.payTo, price);
  await tx.wait();
  await provider.send('anvil_mine', ['0x1']);
  const paid = await post(`/orders/${quote.id}/payment`, buyer, { txHash: tx.hash });
  const body = await json(paid);
  expect({ status: paid.status, code: body.error?.code }).toEqual({ status: 200, code: undefined });
  expect(body.order).toMatchObject({ status: 'paid', paidAmount: price.toString() });

  const expected = splitSale({
    amount: price,
    platformFeeBps: config.fees.platformBps,
    platformRecipient: platform.address as Address,
    referrerFeeBps: config.fees.referrerBps,
    split,
  });
  const sales = await json(await app.request(`/models/${model.modelId}/sales`, { headers: owner.headers }));
  const sale = sales.items.find((item: { txHash: string }) => item.txHash === tx.hash.toLowerCase());
  return { owner, contributor, sale, expected, txHash: tx.hash as string };
}

/** Every credit of the sale exactly as the split computes it, and each fresh recipient's balance equal to it. */
async function expectCreditedExactly(
  result: Awaited<ReturnType<typeof buyAt>>,
  price: bigint,
  currency: string,
): Promise<void> {
  const { sale, expected, owner, contributor } = result;
  expect(sale.amount).toBe(price.toString());
  expect(sale.credits).toEqual(
    expected.map((credit) => ({
      recipient: credit.recipient,
      role: credit.role,
      amount: credit.amount.toString(),
    })),
  );
  expect(
    sale.credits.reduce((sum: bigint, credit: { amount: string }) => sum + BigInt(credit.amount), 0n),
  ).toBe(price);
  const creditOf = (address: string) =>
    expected.find((credit) => credit.recipient === address)?.amount.toString();
  expect(await balanceIn(owner, currency)).toBe(creditOf(owner.address));
  expect(await balanceIn(await signIn(harness.app, contributor), currency)).toBe(
    creditOf(contributor.address),
  );
  expect(await balanceIn(await signIn(harness.app, platform), currency)).toBe(creditOf(platform.address));
}

describe('one amount limit, 2^256 − 1, from the offer to the balances', () => {
  it('an offer priced at 10^40 (beyond a DynamoDB Number) is ordered, paid, settled and credited exactly', async () => {
    const price = 10n ** 40n;
    const currency = stack().stablecoin;
    const result = await buyAt(price, currency, async (buyer) => {
      const token = new Contract(currency, ERC20_ABI, buyer);
      await (await token.getFunction('mint')(buyer.address, price)).wait();
    });
    await expectCreditedExactly(result, price, currency);

    // And withdrawable: the owner's whole balance becomes one payout, leaving exactly zero.
    const ownerCredit = await balanceIn(result.owner, currency);
    const payout = await post('/me/payouts', result.owner, { chainId: stack().chainId, currency });
    expect(payout.status).toBe(201);
    expect((await json(payout)).amount).toBe(ownerCredit);
    expect(await balanceIn(result.owner, currency)).toBe('0');

    // An explicit amount beyond 38 digits is accepted too, and debited exactly.
    const contributor = await signIn(harness.app, result.contributor);
    const credited = BigInt((await balanceIn(contributor, currency)) ?? 0);
    const part = credited - 10n ** 39n;
    const partial = await post('/me/payouts', contributor, {
      chainId: stack().chainId,
      currency,
      amount: part.toString(),
    });
    expect(partial.status).toBe(201);
    expect(await balanceIn(contributor, currency)).toBe((10n ** 39n).toString());
  });

  it('an offer priced at 2^256 − 1, the limit itself, is ordered, paid with a token, settled and credited exactly', async () => {
    const result = await buyAt(MAX_AMOUNT, bigToken, async (buyer) => {
      const token = new Contract(bigToken, ERC20_ABI, buyer);
      await (await token.getFunction('mint')(buyer.address, MAX_AMOUNT)).wait();
    });
    await expectCreditedExactly(result, MAX_AMOUNT, bigToken);
  });

  it('refuses an offer priced one unit above the limit (78 digits, yet not payable on chain)', async () => {
    const owner = await signIn(harness.app);
    const model = await createPublishedModel(harness.app, owner);
    const response = await post(`/models/${model.modelId}/offers`, owner, {
      name: 'Too dear',
      terms: {
        commercialUse: true,
        derivatives: 'allowed',
        attribution: true,
        durationDays: null,
        seats: 1,
        transferable: false,
        spdxId: 'MIT',
      },
      price: { amount: (MAX_AMOUNT + 1n).toString(), chainId: stack().chainId, currency: stack().stablecoin },
    });
    const body = await json(response);
    expect(response.status).toBe(400);
    expect(JSON.stringify(body.error)).toContain('2^256');
  });
});
