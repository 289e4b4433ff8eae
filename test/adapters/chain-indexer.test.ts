/**
 * The chain indexer against a private anvil running the marketplace contract and the shared DynamoDB:
 * sales become paid orders, licences and earnings history once final and only once — whether a run is
 * repeated, killed between any two writes, raced by the fast path, or the chain reorganises before or
 * after finality — and transfers move licences to their new holders.
 */
import { type Contract, parseEther, type Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EvmMarketLogSource } from '#adapters/chain/evm-market-log-source.js';
import { DynamoMarketIndexRepository } from '#adapters/dynamodb/market-index-repository.js';
import { DynamoPurchaseRepository } from '#adapters/dynamodb/purchase-repository.js';
import { PrivateKeyLicenceSigner } from '#adapters/keys/private-key-licence-signer.js';
import { type Address, toChecksumAddress } from '#domain/address.js';
import { DependencyError } from '#domain/errors.js';
import { decodeLicenceToken } from '#domain/licences/licence-token.js';
import { ChainIndexer, splitShares } from '#domain/market/chain-indexer.js';
import { parseTxHash } from '#domain/tx-hash.js';
import { systemClock } from '#ports/clock.js';
import type { MarketIndexRepository } from '#ports/market-index.js';
import { type PrivateChain, startPrivateChain } from '#test/helpers/chain.js';
import {
  buyArgs,
  createSplit,
  deployMarket,
  MARKET_CHAIN_ID,
  type MarketSetup,
  marketWallet,
  mined,
  registerModel,
} from '#test/helpers/market.js';
import { prepareSale } from '#test/helpers/market-orders.js';
import { testApp } from '#test/helpers/stack.js';

const CHAIN_ID = MARKET_CHAIN_ID;
const CONFIRMATIONS = 2;
const { infra, close } = testApp();
const purchases = new DynamoPurchaseRepository(infra.table);
const repository = new DynamoMarketIndexRepository(infra.table);

let chain: PrivateChain;
let setup: MarketSetup;
let owner: Wallet;
let modelKey: string;
let split: { splitId: string; recipients: Address[]; bps: number[] };
let deployBlock: number;

beforeAll(async () => {
  chain = await startPrivateChain(CHAIN_ID);
  const startBlock = await chain.provider.getBlockNumber();
  setup = await deployMarket(chain);
  deployBlock = startBlock + 1;
  owner = await marketWallet(chain);
  const contributor = await marketWallet(chain);
  const recipients = [owner.address, contributor.address].sort((a, b) =>
    a.toLowerCase() < b.toLowerCase() ? -1 : 1,
  );
  const bps = recipients.map((recipient) => (recipient === owner.address ? 7000 : 3000));
  const splitId = await createSplit(
    setup.market,
    recipients.map((address, index) => ({ address, bps: bps[index] as number })),
  );
  split = { splitId, recipients: recipients.map((value) => toChecksumAddress(value.toLowerCase())), bps };
  modelKey = await registerModel(setup, owner, splitId);
}, 60_000);

afterAll(async () => {
  await chain?.stop();
  await close();
});

function indexer(repo: MarketIndexRepository = repository, gateway = chain.gateway): ChainIndexer {
  return new ChainIndexer(
    new EvmMarketLogSource(gateway, [
      { chainId: CHAIN_ID, confirmations: CONFIRMATIONS, useFinalizedTag: false },
    ]),
    repo,
    new PrivateKeyLicenceSigner(`0x${'5'.repeat(64)}`, CHAIN_ID),
    systemClock,
    {
      chains: [{ chainId: CHAIN_ID, market: marketAddress(), deployBlock }],
      maxBlockRange: 50,
      recentHashes: 16,
    },
  );
}

function marketAddress(): Address {
  return toChecksumAddress(String(setup.market.target).toLowerCase());
}

async function mine(blocks: number): Promise<void> {
  await chain.provider.send('anvil_mine', [`0x${blocks.toString(16)}`]);
}

/** An order of ours for a sale through the contract, as POST /orders stores it, and the buy that pays it. */
function orderAndBuy(options: { transferable?: boolean; price?: bigint } = {}) {
  return prepareSale(chain, { chainId: CHAIN_ID, setup, owner, modelKey, split }, [purchases], options);
}

async function storedOrder(orderId: string) {
  return purchases.getOrder(orderId);
}

describe('ChainIndexer', () => {
  it('indexes a sale once it is final, and only once', async () => {
    const { order, buy, buyer } = await orderAndBuy();
    const receipt = await buy();
    expect(receipt?.status).toBe(1);
    // Not final yet: nothing is written.
    await indexer().catchUp(CHAIN_ID);
    expect((await storedOrder(order.orderId))?.status).toBe('awaiting_payment');

    await mine(CONFIRMATIONS);
    const reports = await indexer().catchUp(CHAIN_ID);
    expect(reports.reduce((sum, report) => sum + report.applied, 0)).toBe(1);
    const paid = await storedOrder(order.orderId);
    expect(paid).toMatchObject({ status: 'paid', txHash: receipt?.hash, licenceId: order.reservedLicenceId });
    const licence = await repository.getLicence(order.reservedLicenceId as string);
    expect(licence).toMatchObject({ state: 'active', licensee: order.buyer, onChain: { chainId: CHAIN_ID } });
    const onChainOwner = await setup.market.getFunction('ownerOf')(BigInt(licence?.onChain?.tokenId ?? 0));
    expect(onChainOwner).toBe(buyer.address);
    expect(decodeLicenceToken(licence?.token ?? '').message.licensee).toBe(order.buyer);

    // Sale record: platform fee, and the split of the rest by the contract's rule.
    const sales = await purchases.listSalesByModel(order.modelId, 10);
    expect(sales.items).toHaveLength(1);
    const price = parseEther('1');
    const platform = (price * 250n) / 10_000n;
    const shares = splitShares(price - platform, split.bps);
    expect(sales.items[0]?.credits).toEqual([
      {
        recipient: toChecksumAddress(setup.feeRecipient.address.toLowerCase()),
        role: 'platform',
        amount: platform.toString(),
      },
      ...split.recipients.map((recipient, index) => ({
        recipient,
        role: 'split',
        amount: (shares[index] as bigint).toString(),
      })),
    ]);
    expect(sales.items[0]?.credits.reduce((sum, credit) => sum + BigInt(credit.amount), 0n)).toBe(price);

    // Again: nothing new.
    const again = await indexer().catchUp(CHAIN_ID);
    expect(again.reduce((sum, report) => sum + report.applied, 0)).toBe(0);
    expect((await purchases.listSalesByModel(order.modelId, 10)).items).toHaveLength(1);
  });

  it('the fast path indexes one final transaction at once; the scan then finds it claimed', async () => {
    const { order, buy } = await orderAndBuy();
    const receipt = await buy();
    const txHash = parseTxHash(receipt?.hash ?? '');
    expect(await indexer().indexTransaction(CHAIN_ID, txHash)).toEqual({ status: 'not_final' });
    await mine(CONFIRMATIONS);
    expect(await indexer().indexTransaction(CHAIN_ID, txHash)).toMatchObject({
      status: 'indexed',
      applied: 1,
    });
    expect(await indexer().indexTransaction(CHAIN_ID, txHash)).toMatchObject({
      status: 'indexed',
      applied: 0,
    });
    const reports = await indexer().catchUp(CHAIN_ID);
    expect(reports.reduce((sum, report) => sum + report.applied, 0)).toBe(0);
    expect((await purchases.listSalesByModel(order.modelId, 10)).items).toHaveLength(1);
  });

  it('killed between any two writes and restarted: every sale indexed exactly once', async () => {
    const sales = [];
    for (let index = 0; index < 3; index++) {
      const sale = await orderAndBuy();
      await sale.buy();
      sales.push(sale);
    }
    await mine(CONFIRMATIONS);
    // Crash after the k-th write, for k = 0, 1, 2...; each restart continues where the last died.
    for (let crashAfter = 0; crashAfter < 8; crashAfter++) {
      let writes = 0;
      const crashing = new Proxy(repository, {
        get(target, property, receiver) {
          const value = Reflect.get(target, property, receiver);
          if (typeof value !== 'function') return value;
          const writing = ['applySale', 'applyOrphan', 'applyTransfer', 'undo', 'saveCursor'].includes(
            String(property),
          );
          return async (...args: unknown[]) => {
            if (writing && writes++ >= crashAfter) throw new Error('killed');
            return value.apply(target, args);
          };
        },
      });
      await indexer(crashing)
        .catchUp(CHAIN_ID)
        .catch((error: Error) => expect(error.message).toBe('killed'));
    }
    await indexer().catchUp(CHAIN_ID);
    for (const { order } of sales) {
      expect((await storedOrder(order.orderId))?.status).toBe('paid');
      expect((await purchases.listSalesByModel(order.modelId, 10)).items).toHaveLength(1);
    }
  });

  it('follows a transfer of a transferable licence to its new holder, re-signing its token', async () => {
    const { order, buy, buyer } = await orderAndBuy({ transferable: true });
    const receipt = await buy();
    await mine(CONFIRMATIONS);
    await indexer().catchUp(CHAIN_ID);
    const licence = await repository.getLicence(order.reservedLicenceId as string);
    const next = await marketWallet(chain);
    await mined(
      (setup.market.connect(buyer) as Contract).getFunction('transferFrom')(
        buyer.address,
        next.address,
        BigInt(licence?.onChain?.tokenId ?? 0),
      ),
    );
    await mine(CONFIRMATIONS);
    await indexer().catchUp(CHAIN_ID);
    const moved = await repository.getLicence(order.reservedLicenceId as string);
    expect(moved?.licensee).toBe(toChecksumAddress(next.address.toLowerCase()));
    expect(decodeLicenceToken(moved?.token ?? '').message.licensee).toBe(moved?.licensee);
    expect(receipt?.status).toBe(1);
  });

  it('a reorg before finality never reaches the table', async () => {
    const { order, buy } = await orderAndBuy();
    await indexer().catchUp(CHAIN_ID);
    await buy();
    // The sale's block is replaced by an empty one before it is final.
    await chain.provider.send('anvil_reorg', [1, []]);
    await mine(CONFIRMATIONS + 1);
    await indexer().catchUp(CHAIN_ID);
    expect((await storedOrder(order.orderId))?.status).toBe('awaiting_payment');
    expect(await repository.getLicence(order.reservedLicenceId as string)).toBeUndefined();
  });

  it('a reorg beyond finality undoes the sale (licence revoked, order open again); re-mined, it is restored', async () => {
    const { order, buy, sale, buyer } = await orderAndBuy();
    await indexer().catchUp(CHAIN_ID);
    await buy();
    await mine(CONFIRMATIONS + 1);
    await indexer().catchUp(CHAIN_ID);
    expect((await storedOrder(order.orderId))?.status).toBe('paid');

    // Deeper than the confirmations: the chain forgets the sale.
    await chain.provider.send('anvil_reorg', [CONFIRMATIONS + 3, []]);
    await mine(CONFIRMATIONS + 1);
    const reports = await indexer().catchUp(CHAIN_ID);
    expect(reports.some((report) => report.reorgedFrom !== undefined)).toBe(true);
    expect(reports.reduce((sum, report) => sum + report.undone, 0)).toBeGreaterThanOrEqual(1);
    expect((await storedOrder(order.orderId))?.status).toBe('awaiting_payment');
    const voided = await repository.getLicence(order.reservedLicenceId as string);
    expect(voided).toMatchObject({ state: 'revoked' });
    expect(voided?.revokeReason).toMatch(/^REORGED/);
    expect((await purchases.listSalesByModel(order.modelId, 10)).items).toHaveLength(0);

    // The same signed sale bought again: the order and licence come back once.
    // (The reorg also dropped the buyer's funding: anvil_setBalance is state, not a transaction.)
    await chain.provider.send('anvil_setBalance', [buyer.address, `0x${parseEther('1000').toString(16)}`]);
    await mined(
      (setup.market.connect(buyer) as Contract).getFunction('buy')(...buyArgs(sale), {
        value: sale.offer.price,
      }),
    );
    await mine(CONFIRMATIONS);
    await indexer().catchUp(CHAIN_ID);
    expect((await storedOrder(order.orderId))?.status).toBe('paid');
    expect(await repository.getLicence(order.reservedLicenceId as string)).toMatchObject({ state: 'active' });
    expect((await purchases.listSalesByModel(order.modelId, 10)).items).toHaveLength(1);
  });

  it.each(Array.from({ length: CONFIRMATIONS }, (_, index) => index + 1))(
    'a reorg of depth %i while the sale is not yet final: nothing is ever written',
    async (depth) => {
      const { order, buy } = await orderAndBuy();
      await indexer().catchUp(CHAIN_ID);
      await buy();
      await mine(depth - 1);
      await indexer().catchUp(CHAIN_ID);
      // The sale's block is among the `depth` replaced.
      await chain.provider.send('anvil_reorg', [depth, []]);
      await mine(CONFIRMATIONS + 1);
      await indexer().catchUp(CHAIN_ID);
      expect((await storedOrder(order.orderId))?.status).toBe('awaiting_payment');
      expect(await repository.getLicence(order.reservedLicenceId)).toBeUndefined();
    },
  );

  it.each(Array.from({ length: CONFIRMATIONS + 3 }, (_, index) => index + 1))(
    'a reorg of depth %i after the sale was indexed: undone exactly when it reaches the sale',
    async (depth) => {
      const { order, buy } = await orderAndBuy();
      await indexer().catchUp(CHAIN_ID);
      await buy();
      // CONFIRMATIONS + 1 blocks on top: final, indexed; a reorg deeper than that removes its block.
      await mine(CONFIRMATIONS + 1);
      await indexer().catchUp(CHAIN_ID);
      expect((await storedOrder(order.orderId))?.status).toBe('paid');

      await chain.provider.send('anvil_reorg', [depth, []]);
      await mine(CONFIRMATIONS + 1);
      await indexer().catchUp(CHAIN_ID);
      const reached = depth > CONFIRMATIONS + 1;
      expect((await storedOrder(order.orderId))?.status).toBe(reached ? 'awaiting_payment' : 'paid');
      expect((await repository.getLicence(order.reservedLicenceId))?.state).toBe(
        reached ? 'revoked' : 'active',
      );
      expect((await purchases.listSalesByModel(order.modelId, 10)).items).toHaveLength(reached ? 0 : 1);
    },
  );

  it('an RPC answering garbage is a dependency failure and moves nothing', async () => {
    const { createServer } = await import('node:http');
    const server = createServer((_request, response) =>
      response.end('{"jsonrpc":"2.0","id":1,"result":"nonsense"}'),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const { EvmChainGateway } = await import('#adapters/chain/evm-chain-gateway.js');
    const garbage = new EvmChainGateway([{ chainId: CHAIN_ID, rpcUrl: `http://127.0.0.1:${port}` }], 500);
    const before = await repository.getCursor(CHAIN_ID);
    try {
      await expect(indexer(repository, garbage).step(CHAIN_ID)).rejects.toBeInstanceOf(DependencyError);
      expect(await repository.getCursor(CHAIN_ID)).toEqual(before);
    } finally {
      await garbage.destroy();
      server.close();
    }
  });

  it('an RPC that never answers is a dependency failure within the gateway timeout, and moves nothing', async () => {
    const { createServer } = await import('node:http');
    const server = createServer(() => {}); // accepts, never answers
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const { EvmChainGateway } = await import('#adapters/chain/evm-chain-gateway.js');
    const silent = new EvmChainGateway([{ chainId: CHAIN_ID, rpcUrl: `http://127.0.0.1:${port}` }], 300);
    const before = await repository.getCursor(CHAIN_ID);
    try {
      await expect(indexer(repository, silent).step(CHAIN_ID)).rejects.toBeInstanceOf(DependencyError);
      expect(await repository.getCursor(CHAIN_ID)).toEqual(before);
    } finally {
      await silent.destroy();
      server.closeAllConnections();
      server.close();
    }
  });

  it('a node behind the cursor is a dependency failure, not a reorg: nothing is undone', async () => {
    const { order, buy } = await orderAndBuy();
    await buy();
    await mine(CONFIRMATIONS);
    await indexer().catchUp(CHAIN_ID);
    expect((await storedOrder(order.orderId))?.status).toBe('paid');
    // Another node of the same chain id that has seen only its first few blocks.
    const behind = await startPrivateChain(CHAIN_ID);
    try {
      await expect(indexer(repository, behind.gateway).step(CHAIN_ID)).rejects.toBeInstanceOf(
        DependencyError,
      );
      expect((await storedOrder(order.orderId))?.status).toBe('paid');
      expect(await repository.getLicence(order.reservedLicenceId as string)).toMatchObject({
        state: 'active',
      });
    } finally {
      await behind.stop();
    }
  });

  it('credits the split by the contract’s rule: floors, leftovers one each to the first recipients', () => {
    expect(splitShares(10n, [3334, 3333, 3333])).toEqual([4n, 3n, 3n]);
    expect(splitShares(1n, [5000, 5000])).toEqual([1n, 0n]);
    expect(splitShares(0n, [10_000])).toEqual([0n]);
  });
});
