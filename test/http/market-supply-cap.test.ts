/**
 * The supply cap under a rush, over HTTP against the local stack and a market chain of its own: 50 buyers are all quoted an offer
 * capped at 10 (nothing is sold yet), all send their buy, and the contract sells exactly 10 — the
 * other 40 revert before money moves. The chain indexer then records exactly those 10 sales: 10 paid
 * orders, 10 licences, the offer's soldCount at 10, and the next quote is refused as sold out.
 */
import { AbiCoder, Contract, id, keccak256, type TransactionReceipt, ZeroAddress } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MARKET_ABI } from '#adapters/chain/market-abi.js';
import { type SignedIn, signIn } from '#test/helpers/auth.js';
import { ERC20_ABI, type MarketChain, startMarketChain } from '#test/helpers/chain.js';
import { requestOk } from '#test/helpers/http.js';
import {
  placeOrder,
  registerOnChain,
  signOfferOnChain,
  submitPayment,
  type WalletCall,
} from '#test/helpers/market-flow.js';
import { type PublishedModel, publishModel } from '#test/helpers/publish-flow.js';
import { testApp } from '#test/helpers/stack.js';

// A chain of this file's own: it mines its confirmations and runs the scheduled indexer over every
// block without touching the chain other files share (nor their orders, nor their indexer cursor).
const CHAIN_ID = 31_350;
// More than the 50 blocks the buys take (automine: one each), so every buy is still confirming until
// this file mines; nothing else mines on this chain.
const CONFIRMATIONS = 100;

const PRICE = 5_000_000n; // 5 USD
const SUPPLY_CAP = 10;
const BUYERS = 50;
// Fixed, so that a buy sent after the cap was reached is mined (and reverts) instead of failing gas
// estimation in the wallet; far above a buy's cost, far below the block gas limit.
const BUY_GAS_LIMIT = 1_000_000n;

let chain: MarketChain;
let harness: ReturnType<typeof testApp>;
let market: Contract;
let stablecoin: Contract;
let owner: SignedIn;
let model: PublishedModel;
let buyers: SignedIn[];

beforeAll(async () => {
  chain = await startMarketChain(CHAIN_ID);
  harness = testApp({ CHAINS: chain.chains(CONFIRMATIONS) });
  market = new Contract(chain.market.address, MARKET_ABI, chain.provider);
  stablecoin = new Contract(chain.stablecoin, ERC20_ABI, chain.provider);
  const { app } = harness;
  owner = await signIn(app, await chain.fundedWallet());
  model = await publishModel(app, owner, {
    chainId: CHAIN_ID,
    currency: chain.stablecoin,
    price: PRICE.toString(),
    supplyCap: SUPPLY_CAP,
  });
  await registerOnChain(app, owner, model.modelId);
  await signOfferOnChain(app, owner, model.modelId, model.offerId);
  buyers = await Promise.all(
    Array.from({ length: BUYERS }, async () => signIn(app, await chain.fundedWallet(PRICE))),
  );
}, 60_000);

afterAll(async () => {
  await harness?.close();
  await chain?.stop();
});

const order = (buyer: SignedIn) => placeOrder(harness.app, buyer, model.offerId);
const pay = (buyer: SignedIn, orderId: string, txHash: string) =>
  submitPayment(harness.app, buyer, orderId, txHash);

/** The buy's receipt, successful or reverted (a transaction's own wait() throws on a revert). */
async function sendBuy(buyer: SignedIn, buy: WalletCall): Promise<TransactionReceipt> {
  const tx = await buyer.wallet.sendTransaction({
    to: buy.to,
    data: buy.data,
    value: BigInt(buy.value),
    gasLimit: BUY_GAS_LIMIT,
  });
  const receipt = await chain.provider.waitForTransaction(tx.hash);
  if (!receipt) throw new Error(`no receipt for ${tx.hash}`);
  return receipt;
}

/** The revert data of `call` sent by `from` now (the custom error's selector), '0x' if it succeeds. */
async function revertData(from: string, call: WalletCall): Promise<string | undefined> {
  try {
    await chain.provider.call({ from, to: call.to, data: call.data, value: BigInt(call.value) });
    return '0x';
  } catch (error) {
    return (error as { data?: string }).data;
  }
}
// The contract's custom errors are not in the backend's ABI: match the selector.
const SOLD_OUT = id('SoldOut()').slice(0, 10);

describe('a supply cap of 10 rushed by 50 buyers', () => {
  it('sells exactly 10 on chain, indexes exactly 10 licences, then answers SOLD_OUT', async () => {
    // Every quote succeeds: nothing is sold yet, and a quote reserves nothing.
    const quotes = await Promise.all(buyers.map(order));
    expect(quotes.map((quote) => quote.status)).toEqual(Array(BUYERS).fill(201));
    const sales = quotes.map((quote) => {
      const [approve, buy] = quote.body.sale.calls as WalletCall[];
      if (!approve || !buy) throw new Error('a sale is an approve and a buy');
      return { orderId: quote.body.id as string, approve, buy };
    });

    // Everyone approves first (mined), so the buys below differ only in their order on chain.
    await Promise.all(
      buyers.map(async (buyer, index) => {
        const { approve } = sales[index] as (typeof sales)[number];
        const tx = await buyer.wallet.sendTransaction({ to: approve.to, data: approve.data });
        expect((await tx.wait())?.status).toBe(1);
      }),
    );

    // All 50 buys at once, with automine left on: anvil puts them in blocks one after another, which
    // is the same race for the cap as one block (the contract test proves the one-block case on a
    // private anvil). Turning automine off here, on the anvil every file shares, would stall other
    // files' transactions and let our evm_mine mine a transaction another file asserts is pending.
    const receipts = await Promise.all(
      buyers.map((buyer, index) => sendBuy(buyer, (sales[index] as (typeof sales)[number]).buy)),
    );
    const winners = receipts.flatMap((receipt, index) => (receipt.status === 1 ? [index] : []));
    const losers = receipts.flatMap((receipt, index) => (receipt.status === 0 ? [index] : []));
    expect(winners).toHaveLength(SUPPLY_CAP);
    expect(losers).toHaveLength(BUYERS - SUPPLY_CAP);

    // Exactly 10 tokens exist: the counter, the mints in the receipts, and their holders.
    const { modelKey, offerId } = (quotes[0] as (typeof quotes)[number]).body.sale.offer;
    // The contract's offerKeyOf (not in the backend's ABI): keccak256(abi.encode(modelKey, offerId)).
    const offerKey = keccak256(
      AbiCoder.defaultAbiCoder().encode(['bytes32', 'bytes32'], [modelKey, offerId]),
    );
    expect((await market.getFunction('offerStates')(offerKey)).sold).toBe(BigInt(SUPPLY_CAP));
    const mints = receipts.flatMap((receipt) =>
      receipt.logs
        .filter((log) => log.address === chain.market.address)
        .map((log) => market.interface.parseLog(log))
        .filter((event) => event?.name === 'Transfer' && event.args.from === ZeroAddress),
    );
    expect(mints).toHaveLength(SUPPLY_CAP);
    // Money never left a buyer without a licence; a late buy reverts as SoldOut.
    const balances = await Promise.all(
      buyers.map((buyer) => stablecoin.getFunction('balanceOf')(buyer.address) as Promise<bigint>),
    );
    for (const index of winners) expect(balances[index]).toBe(0n);
    for (const index of losers) expect(balances[index]).toBe(PRICE);
    const loser = losers[0] as number;
    expect(
      await revertData(buyers[loser]?.address as string, (sales[loser] as (typeof sales)[number]).buy),
    ).toBe(SOLD_OUT);

    // Before finality: a winner's payment is confirming, a loser's reverted transaction pays nothing.
    const early = await Promise.all(
      buyers.map((buyer, index) =>
        pay(
          buyer,
          (sales[index] as (typeof sales)[number]).orderId,
          (receipts[index] as TransactionReceipt).hash,
        ),
      ),
    );
    for (const index of winners) expect(early[index]?.status).toBe(202);
    for (const index of losers) {
      expect(early[index]?.status).toBe(422);
      expect(early[index]?.body.error.code).toBe('TX_REVERTED');
    }

    // Final: the scheduled indexer, not the fast path, records the sales.
    await chain.provider.send('anvil_mine', [`0x${CONFIRMATIONS.toString(16)}`]);
    const indexer = await harness.runtime.chainIndexer();
    if (!indexer) throw new Error('the local stack has a market contract: the indexer must exist');
    const reports = await indexer.catchUp(CHAIN_ID);
    expect(reports.at(-1)?.caughtUp).toBe(true);

    // Exactly the 10 winners' orders are paid, each with one licence naming its token.
    const orders = await Promise.all(
      buyers.map((buyer, index) =>
        requestOk(harness.app, buyer, 'GET', `/orders/${(sales[index] as (typeof sales)[number]).orderId}`),
      ),
    );
    expect(orders.filter((paid) => paid.status === 'paid')).toHaveLength(SUPPLY_CAP);
    const licences = await Promise.all(
      buyers.map((buyer) => requestOk(harness.app, buyer, 'GET', '/me/licences')),
    );
    expect(licences.reduce((sum, page) => sum + page.items.length, 0)).toBe(SUPPLY_CAP);
    for (const index of winners) {
      const buyer = buyers[index] as SignedIn;
      expect(orders[index].status).toBe('paid');
      const [licence] = licences[index].items;
      expect(licence).toMatchObject({
        orderId: (sales[index] as (typeof sales)[number]).orderId,
        offerId: model.offerId,
        licensee: buyer.address,
        state: 'active',
        onChain: { txHash: (receipts[index] as TransactionReceipt).hash },
      });
      expect(await market.getFunction('ownerOf')(BigInt(licence.onChain.tokenId))).toBe(buyer.address);
    }
    for (const index of losers) {
      expect(orders[index].status).toBe('awaiting_payment');
      expect(licences[index].items).toEqual([]);
    }

    // The fast path agrees with the indexer: the same licence for a winner, still nothing for a loser.
    const late = await Promise.all(
      [winners[0] as number, loser].map((index) =>
        pay(
          buyers[index] as SignedIn,
          (sales[index] as (typeof sales)[number]).orderId,
          (receipts[index] as TransactionReceipt).hash,
        ),
      ),
    );
    expect(late[0]?.status).toBe(200);
    expect(late[0]?.body.licence.id).toBe(licences[winners[0] as number].items[0].id);
    expect(late[1]?.status).toBe(422);
    expect(late[1]?.body.error.code).toBe('TX_REVERTED');

    // The catalogue counts the 10 sales, and the 51st buyer is refused a quote.
    const offer = await requestOk(
      harness.app,
      owner,
      'GET',
      `/models/${model.modelId}/offers/${model.offerId}`,
    );
    expect(offer).toMatchObject({ supplyCap: SUPPLY_CAP, soldCount: SUPPLY_CAP });
    const fiftyFirst = await order(await signIn(harness.app));
    expect(fiftyFirst.status).toBe(409);
    expect(fiftyFirst.body.error.code).toBe('SOLD_OUT');
  }, 60_000);
});
