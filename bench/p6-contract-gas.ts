/**
 * P6 contract gas: what a licence purchase through ModelCommonsMarket costs the buyer, against a floor
 * measured in the same run on the same anvil — PurchaseFloor, one ERC-20 transferFrom plus one ERC-721
 * mint and nothing else. Also a 50-recipient split against a 2-recipient one (the split must not make
 * buying expensive: its shares are distributed later, by anyone), and the gas of distributing and
 * withdrawing. Run: `npm run bench -- p6`.
 *
 * Every purchase measured is a new buyer's first (its token and licence balances go 0 → 1) after a
 * warm-up purchase of the same kind, so the contract's own balances are already non-zero: the steady
 * state of a marketplace, for the floor and for the market alike.
 * Goals (issue 16): 2-recipient purchase ≤ 1.5× the floor; 50-recipient ≤ 2× the 2-recipient.
 */
import { type Contract, id, JsonRpcProvider, type Wallet, ZeroAddress } from 'ethers';
import { startAnvil } from '#scripts/local-stack/anvil.js';
import { freePort } from '#scripts/local-stack/processes.js';
import {
  buyArgs,
  createSplit,
  deploy,
  deployMarket,
  latestTimestamp,
  MARKET_CHAIN_ID,
  marketWallet,
  mined,
  offerFor,
  registerModel,
  signedSale,
} from '#test/helpers/market.js';
import { recordResult } from './lib/report.js';
import { printTable } from './lib/stats.js';

const BENCHMARK = 'P6 contract gas';
const PRICE = 25_000_000n;

const anvil = await startAnvil({ port: await freePort(), chainId: MARKET_CHAIN_ID });
const provider = new JsonRpcProvider(anvil.rpcUrl, MARKET_CHAIN_ID, {
  staticNetwork: true,
  cacheTimeout: -1,
  pollingInterval: 20,
});
const chain = { provider };

try {
  const setup = await deployMarket(chain);
  const { market, token } = setup;
  const marketAddress = await market.getAddress();
  const currency = await token.getAddress();
  const floor = await deploy('PurchaseFloor', setup.admin);
  const floorAddress = await floor.getAddress();

  async function tokenBuyer(spender: string): Promise<Wallet> {
    const wallet = await marketWallet(chain);
    await mined(token.getFunction('mint')(wallet.address, PRICE));
    await mined((token.connect(wallet) as Contract).getFunction('approve')(spender, PRICE));
    return wallet;
  }

  async function floorPurchase(): Promise<bigint> {
    const wallet = await tokenBuyer(floorAddress);
    const receipt = await mined((floor.connect(wallet) as Contract).getFunction('buy')(currency, PRICE));
    return receipt.gasUsed;
  }

  const owner = await marketWallet(chain);
  const people = await Promise.all(Array.from({ length: 50 }, () => marketWallet(chain)));
  const split2 = await createSplit(market, [
    { address: owner.address, bps: 7000 },
    { address: (people[0] as Wallet).address, bps: 3000 },
  ]);
  const split50 = await createSplit(
    market,
    people.map((person) => ({ address: person.address, bps: 200 })),
  );
  const model2 = await registerModel(setup, owner, split2);
  const model50 = await registerModel(setup, owner, split50);
  const referrer = await marketWallet(chain);
  await mined(market.getFunction('setReferrerRegistered')(referrer.address, true));

  async function marketPurchase(modelKey: string, withReferrer = false): Promise<bigint> {
    const wallet = await tokenBuyer(marketAddress);
    const now = await latestTimestamp(chain);
    const offer = offerFor(modelKey, currency, PRICE, now, { offerId: id(`offer-${modelKey}`) });
    const sale = await signedSale(setup, owner, offer, wallet.address, now, {
      referrer: withReferrer ? referrer.address : ZeroAddress,
    });
    const receipt = await mined((market.connect(wallet) as Contract).getFunction('buy')(...buyArgs(sale)));
    return receipt.gasUsed;
  }

  // Warm-ups: the first purchase of each kind pays for storage that every later one reuses.
  await floorPurchase();
  await marketPurchase(model2);
  await marketPurchase(model50);
  await marketPurchase(model2, true);
  const floorGas = await floorPurchase();
  const gas2 = await marketPurchase(model2);
  const gas50 = await marketPurchase(model50);
  const gas2Referrer = await marketPurchase(model2, true);

  const distribute2 = (await mined(market.getFunction('distribute')(split2, currency))).gasUsed;
  const distribute50 = (await mined(market.getFunction('distribute')(split50, currency))).gasUsed;
  const withdrawal = (await mined(market.getFunction('withdraw')(owner.address, currency))).gasUsed;
  await marketPurchase(model2);
  const distributeAndWithdraw = (
    await mined(
      (market.connect(owner) as Contract).getFunction('distributeAndWithdraw')(
        [split2],
        owner.address,
        currency,
      ),
    )
  ).gasUsed;

  const ratio = (a: bigint, b: bigint) => Number(a) / Number(b);
  console.log('Gas used per transaction (anvil, ERC-20 priced, each buyer’s first purchase):');
  printTable([
    ['transaction', 'gas', '÷ floor'],
    ['floor: transferFrom + ERC-721 mint', floorGas.toString(), '1.00×'],
    ['market buy, 2-recipient split', gas2.toString(), `${ratio(gas2, floorGas).toFixed(2)}×`],
    [
      'market buy, 2-recipient split + referrer',
      gas2Referrer.toString(),
      `${ratio(gas2Referrer, floorGas).toFixed(2)}×`,
    ],
    ['market buy, 50-recipient split', gas50.toString(), `${ratio(gas50, floorGas).toFixed(2)}×`],
    ['distribute, 2 recipients', distribute2.toString(), '—'],
    ['distribute, 50 recipients', distribute50.toString(), '—'],
    ['withdraw (ERC-20)', withdrawal.toString(), '—'],
    ['distribute + withdraw, one split', distributeAndWithdraw.toString(), '—'],
  ]);

  const vsFloor = ratio(gas2, floorGas);
  recordResult({
    benchmark: BENCHMARK,
    metric: `purchase, 2-recipient split ÷ floor (${gas2} vs ${floorGas} gas)`,
    measured: `${vsFloor.toFixed(2)}×`,
    goal: '≤ 1.5×',
    met: vsFloor <= 1.5,
    note:
      vsFloor <= 1.5
        ? undefined
        : 'the floor checks nothing; the market also carries ~0.9 kB of calldata, verifies two EIP-712 signatures, reads 8 cold slots (model, signer and fees, currency, offer state, terms, balances) and writes three balances and the sold count (docs/benchmarks.md, P6)',
  });
  const vs2 = ratio(gas50, gas2);
  recordResult({
    benchmark: BENCHMARK,
    metric: `purchase, 50-recipient ÷ 2-recipient split (${gas50} vs ${gas2} gas)`,
    measured: `${vs2.toFixed(2)}×`,
    goal: '≤ 2×',
    met: vs2 <= 2,
  });
  recordResult({
    benchmark: BENCHMARK,
    metric: 'withdrawal (ERC-20)',
    measured: `${withdrawal} gas`,
    goal: '—',
  });
} finally {
  provider.destroy();
  await anvil.process.stop();
}
