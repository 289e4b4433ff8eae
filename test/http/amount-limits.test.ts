/**
 * One amount limit end to end (2^256 − 1, the EVM's): whatever an offer accepts is orderable, payable
 * through the contract, recorded exactly in the sale's history, and withdrawable to the base unit;
 * one unit more is refused when the offer is created. Every split recipient is a fresh wallet, so
 * each withdrawal must equal its share exactly.
 */
import { Contract, type JsonRpcProvider } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Address } from '#domain/address.js';
import { MAX_AMOUNT } from '#domain/ledger/amount.js';
import { splitShares } from '#domain/market/chain-indexer.js';
import { marketSplit } from '#domain/market/split-id.js';
import { type SignedIn, signIn } from '#test/helpers/auth.js';
import { createPublishedModel } from '#test/helpers/catalogue.js';
import { deployToken, ERC20_ABI, fundedWallet, testProvider } from '#test/helpers/chain.js';
import { json, requestOk } from '#test/helpers/http.js';
import { buyLicence, marketAdmin, publishForSale, sendCalls } from '#test/helpers/market-flow.js';
import { chainsWithConfirmations, stack, testApp } from '#test/helpers/stack.js';

const provider: JsonRpcProvider = testProvider();
let harness: ReturnType<typeof testApp>;
/** A token of our own for the 2^256 − 1 price: its whole supply can be minted to one buyer. */
let bigToken: string;

beforeAll(async () => {
  const deployer = await fundedWallet(provider);
  bigToken = await (await deployToken(deployer, 'BIG', 18)).getAddress();
  await (await marketAdmin(provider, stack().accounts[0]?.address as string)).allowCurrency(bigToken);
  const chains = JSON.parse(chainsWithConfirmations(1)) as Array<{ currencies: object[] }>;
  harness = testApp({
    CHAINS: JSON.stringify(
      chains.map((chain) => ({
        ...chain,
        currencies: [...chain.currencies, { address: bigToken, symbol: 'BIG', decimals: 18 }],
      })),
    ),
  });
}, 60_000);

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

/**
 * Publishes a model at `price` in `currency` (70/30 between a fresh owner and contributor) and has a
 * fresh buyer, minted exactly the price, buy it through the contract.
 */
async function buyAt(price: bigint, currency: string) {
  const { app, config } = harness;
  const owner = await signIn(app, await fundedWallet(provider));
  const contributor = await signIn(app, await fundedWallet(provider));
  const model = await publishForSale(app, owner, {
    price: price.toString(),
    currency,
    split: [
      { address: owner.address, bps: 7000, role: 'author' },
      { address: contributor.address, bps: 3000, role: 'author' },
    ],
  });
  const wallet = await fundedWallet(provider);
  await (await new Contract(currency, ERC20_ABI, wallet).getFunction('mint')(wallet.address, price)).wait();
  const buyer = await signIn(app, wallet);
  const { quote, txHash } = await buyLicence(app, buyer, model.offerId, { confirmations: 1 });
  expect(quote.amount).toBe(price.toString());

  const platformFee = (price * BigInt(config.fees.platformBps)) / 10_000n;
  // The contract's split: recipients in its canonical order, the leftover units to the first ones.
  const split = marketSplit([
    { address: owner.address as Address, bps: 7000 },
    { address: contributor.address as Address, bps: 3000 },
  ]);
  const shares = splitShares(price - platformFee, split.bps);
  const shareOf = (address: string) => shares[split.recipients.indexOf(address as Address)] as bigint;
  const [ownerShare, contributorShare] = [shareOf(owner.address), shareOf(contributor.address)];
  const sales = await requestOk(app, owner, 'GET', `/models/${model.modelId}/sales`);
  const sale = sales.items.find((item: { txHash: string }) => item.txHash === txHash.toLowerCase());
  return { owner, contributor, sale, platformFee, ownerShare, contributorShare };
}

/** Sends the withdrawal GET /me/earnings offers `user` in `currency`; returns what arrived in the wallet. */
async function withdrawAll(user: SignedIn, currency: string): Promise<bigint> {
  const earnings = await requestOk(harness.app, user, 'GET', '/me/earnings');
  const held = earnings.onChain.find((entry: { currency: string }) => entry.currency === currency);
  const token = new Contract(currency, ERC20_ABI, provider);
  const before = (await token.getFunction('balanceOf')(user.wallet.address)) as bigint;
  await sendCalls(user.wallet, [held.withdraw]);
  return ((await token.getFunction('balanceOf')(user.wallet.address)) as bigint) - before;
}

async function expectExact(price: bigint, currency: string) {
  const { sale, owner, contributor, platformFee, ownerShare, contributorShare } = await buyAt(
    price,
    currency,
  );
  expect(sale.amount).toBe(price.toString());
  const credits = sale.credits.map((credit: { role: string; recipient: string; amount: string }) => [
    credit.role,
    credit.recipient,
    credit.amount,
  ]);
  expect(credits[0]).toEqual(['platform', expect.any(String), platformFee.toString()]);
  expect(credits.slice(1)).toEqual(
    expect.arrayContaining([
      ['split', owner.address, ownerShare.toString()],
      ['split', contributor.address, contributorShare.toString()],
    ]),
  );
  expect(credits).toHaveLength(3);
  expect(platformFee + ownerShare + contributorShare).toBe(price);
  // Withdrawable to the base unit, by the recipients themselves.
  expect(await withdrawAll(owner, currency)).toBe(ownerShare);
  expect(await withdrawAll(contributor, currency)).toBe(contributorShare);
}

describe('one amount limit, 2^256 − 1, from the offer to the withdrawal', () => {
  it('an offer priced at 10^40 (beyond a DynamoDB Number) is ordered, paid, recorded and withdrawn exactly', async () => {
    await expectExact(10n ** 40n, stack().stablecoin);
  });

  it('an offer priced at 2^256 − 1, the limit itself, is ordered, paid, recorded and withdrawn exactly', async () => {
    await expectExact(MAX_AMOUNT, bigToken);
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
