/**
 * The payout worker with the real ethers treasury sender on its OWN anvil (chain 31339: this file
 * mines blocks, which must not move other files' confirmations). The repository is the in-memory
 * fake with the DynamoDB adapter's contract; crashes are injected by wrapping the ports.
 */
import { type Contract, type JsonRpcProvider, Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvmChainGateway } from '#adapters/chain/evm-chain-gateway.js';
import { EvmTreasurySender } from '#adapters/chain/evm-treasury-sender.js';
import { createDynamoClients } from '#adapters/dynamodb/clients.js';
import { DynamoTable } from '#adapters/dynamodb/dynamo-table.js';
import { DynamoLedgerRepository } from '#adapters/dynamodb/ledger-repository.js';
import { LOCAL_STAND_IN_CREDENTIALS } from '#adapters/local-credentials.js';
import type { Address } from '#domain/address.js';
import type { CurrencyId } from '#domain/ledger/balance.js';
import type { SignedTransfer } from '#domain/payouts/payout.js';
import { PayoutWorker } from '#domain/payouts/payout-worker.js';
import { parseTxHash } from '#domain/tx-hash.js';
import type { LedgerRepository, PayoutRepository } from '#ports/ledger.js';
import type { TreasurySender } from '#ports/treasury.js';
import { buildPayoutWorker } from '#runtime/payout-worker.js';
import { InMemoryLedger } from '#test/fakes/in-memory-ledger.js';
import { deployToken, fundedWallet, type PrivateChain, startPrivateChain } from '#test/helpers/chain.js';
import { testConfig } from '#test/helpers/stack.js';

const CHAIN_ID = 31339;
const CONFIRMATIONS = 2;
let chain: PrivateChain | undefined;
let provider: JsonRpcProvider;
let gateway: EvmChainGateway;
let treasury: Wallet;
let sender: EvmTreasurySender;
let token: Contract;
let tokenAddress: Address;
let payoutSeq = 0;

beforeAll(async () => {
  chain = await startPrivateChain(CHAIN_ID);
  ({ provider, gateway } = chain);
  treasury = await fundedWallet(provider);
  token = await deployToken(treasury, 'USD', 6);
  tokenAddress = (await token.getAddress()) as Address;
  await (await token.getFunction('mint')(treasury.address, 1_000_000_000n)).wait();
  sender = new EvmTreasurySender(gateway, treasury.privateKey);
});

afterAll(async () => {
  await chain?.stop();
});

const clock = { now: () => new Date() };
const byCount = { confirmations: CONFIRMATIONS, useFinalizedTag: false };
const byFinalizedTag = { confirmations: 1, useFinalizedTag: true };
const mine = (blocks = CONFIRMATIONS) => provider.send('anvil_mine', [`0x${blocks.toString(16)}`]);
const treasuryNonce = () => provider.getTransactionCount(treasury.address, 'latest');
const nativeBalance = (address: string) => provider.getBalance(address);
const tokenBalance = (address: string, erc20: Contract = token): Promise<bigint> =>
  erc20.getFunction('balanceOf')(address);

function worker(repository: PayoutRepository, treasurySender: TreasurySender = sender) {
  return new PayoutWorker({
    repository,
    sender: treasurySender,
    clock,
    chainIds: [CHAIN_ID, 999],
    finality: () => ({ confirmations: CONFIRMATIONS, useFinalizedTag: false }),
  });
}

/** Credits `amount` to a fresh recipient and requests a payout of all of it. */
async function requestPayout(
  ledger: LedgerRepository,
  currency: CurrencyId,
  amount: bigint,
  chainId = CHAIN_ID,
) {
  const recipient = Wallet.createRandom().address as Address;
  const txHash = parseTxHash(`0x${(++payoutSeq).toString(16).padStart(64, '0')}`);
  await ledger.recordSale({
    saleId: txHash,
    chainId,
    currency,
    txHash,
    amount,
    credits: [{ recipient, role: 'split', amount }],
  });
  const payout = await ledger.requestPayout({
    id: `payout-${payoutSeq}`,
    recipient,
    chainId,
    currency,
    amount,
    requestedAt: new Date(Date.now() + payoutSeq).toISOString(),
  });
  return { payout, recipient };
}

describe('PayoutWorker with EvmTreasurySender on anvil', () => {
  it('pays a native payout once: requested → sent → confirmed', async () => {
    const ledger = new InMemoryLedger();
    const { payout, recipient } = await requestPayout(ledger, 'native', 12_345n);

    expect(await worker(ledger).runOnce()).toMatchObject({ sent: 1, confirmed: 0, errors: 0 });
    expect((await ledger.get(payout.id))?.status).toBe('sent');
    await mine();
    expect(await worker(ledger).runOnce()).toMatchObject({ confirmed: 1, errors: 0 });

    const stored = await ledger.get(payout.id);
    expect(stored?.status).toBe('confirmed');
    expect(await nativeBalance(recipient)).toBe(12_345n);
    expect(await worker(ledger).runOnce()).toMatchObject({ sent: 0, rebroadcast: 0, confirmed: 0 });
  });

  it('pays an ERC-20 payout once', async () => {
    const ledger = new InMemoryLedger();
    const { payout, recipient } = await requestPayout(ledger, tokenAddress, 2_500_000n);
    await worker(ledger).runOnce();
    await mine();
    await worker(ledger).runOnce();
    expect((await ledger.get(payout.id))?.status).toBe('confirmed');
    expect(await tokenBalance(recipient)).toBe(2_500_000n);
  });

  it('killed between "signed" and "recorded", then restarted → exactly one on-chain transfer', async () => {
    const ledger = new InMemoryLedger();
    const { payout, recipient } = await requestPayout(ledger, tokenAddress, 777n);
    const nonceBefore = await treasuryNonce();
    let signedBeforeCrash: SignedTransfer | undefined;
    const crashing: PayoutRepository = Object.create(ledger);
    crashing.recordSigned = async (_id, transfer) => {
      signedBeforeCrash = transfer;
      throw new Error('process killed');
    };

    expect(await worker(crashing).runOnce()).toMatchObject({ sent: 0, errors: 1 });
    expect(signedBeforeCrash).toBeDefined();
    expect((await ledger.get(payout.id))?.status).toBe('requested');
    await mine();
    expect(await treasuryNonce()).toBe(nonceBefore); // the signed tx never reached a node

    await worker(ledger).runOnce(); // restart
    await mine();
    await worker(ledger).runOnce();
    await worker(ledger).runOnce();

    expect((await ledger.get(payout.id))?.status).toBe('confirmed');
    expect(await tokenBalance(recipient)).toBe(777n);
    expect(await treasuryNonce()).toBe(nonceBefore + 1);
    // Even if the lost signed bytes surfaced later, they reuse the consumed nonce and can never be mined.
    expect(signedBeforeCrash?.nonce).toBe(nonceBefore);
  });

  it('killed between "recorded" and "broadcast", then restarted → re-broadcasts the same tx, one transfer', async () => {
    const ledger = new InMemoryLedger();
    const { payout, recipient } = await requestPayout(ledger, 'native', 4_242n);
    const nonceBefore = await treasuryNonce();
    const crashing: TreasurySender = Object.create(sender);
    crashing.broadcast = async () => {
      throw new Error('process killed');
    };

    expect(await worker(ledger, crashing).runOnce()).toMatchObject({ sent: 1 });
    const recorded = (await ledger.get(payout.id))?.transfer;
    expect(recorded?.nonce).toBe(nonceBefore);
    expect(await provider.send('eth_getTransactionByHash', [recorded?.txHash])).toBeNull();

    expect(await worker(ledger).runOnce()).toMatchObject({ rebroadcast: 1, sent: 0 });
    await mine();
    expect(await worker(ledger).runOnce()).toMatchObject({ confirmed: 1 });
    await worker(ledger).runOnce();

    expect((await ledger.get(payout.id))?.transfer?.txHash).toBe(recorded?.txHash);
    expect(await nativeBalance(recipient)).toBe(4_242n);
    expect(await treasuryNonce()).toBe(nonceBefore + 1);
  });

  it('killed after broadcasting, restarted many times → looks the hash up, never resends', async () => {
    const ledger = new InMemoryLedger();
    const { recipient } = await requestPayout(ledger, 'native', 99n);
    const nonceBefore = await treasuryNonce();
    await worker(ledger).runOnce();
    for (let restart = 0; restart < 3; restart++) await worker(ledger).runOnce();
    await mine();
    for (let restart = 0; restart < 3; restart++) await worker(ledger).runOnce();
    expect(await nativeBalance(recipient)).toBe(99n);
    expect(await treasuryNonce()).toBe(nonceBefore + 1);
  });

  it('one recipient’s failure never blocks the others; the failed payout is re-credited', async () => {
    const ledger = new InMemoryLedger();
    const scarce = await deployToken(treasury, 'RARE', 6); // the treasury holds none of it
    const scarceAddress = (await scarce.getAddress()) as Address;
    const failing = await requestPayout(ledger, scarceAddress, 50n);
    const unsupported = await requestPayout(ledger, 'native', 5n, 999); // no RPC for chain 999
    const native = await requestPayout(ledger, 'native', 1_000n);
    const erc20 = await requestPayout(ledger, tokenAddress, 2_000n);

    const first = await worker(ledger).runOnce();
    expect(first).toMatchObject({ sent: 3, errors: 1 });
    await mine();
    const second = await worker(ledger).runOnce();
    expect(second).toMatchObject({ confirmed: 2, failed: 1, recredited: 1 });

    expect((await ledger.get(failing.payout.id))?.status).toBe('recredited');
    expect((await ledger.get(failing.payout.id))?.failureReason).toBe('TRANSFER_REVERTED');
    expect(
      await ledger.balance({ recipient: failing.recipient, chainId: CHAIN_ID, currency: scarceAddress }),
    ).toBe(50n);
    expect((await ledger.get(unsupported.payout.id))?.status).toBe('requested');
    expect(await nativeBalance(native.recipient)).toBe(1_000n);
    expect(await tokenBalance(erc20.recipient)).toBe(2_000n);
  });

  it('fails and re-credits a recorded payout whose nonce another transaction took', async () => {
    const ledger = new InMemoryLedger();
    const lost = await requestPayout(ledger, 'native', 10n);
    const nonceBefore = await treasuryNonce();
    const crashing: TreasurySender = Object.create(sender);
    crashing.broadcast = async () => {
      throw new Error('RPC down');
    };
    await worker(ledger, crashing).runOnce(); // recorded with nonceBefore, never broadcast
    // Meanwhile the treasury's nonce is used by another transaction (e.g. an operator's manual send).
    await (
      await treasury.sendTransaction({ to: Wallet.createRandom().address, value: 1n, nonce: nonceBefore })
    ).wait();
    await mine();

    expect(await worker(ledger).runOnce()).toMatchObject({ failed: 1, recredited: 1, rebroadcast: 0 });
    expect((await ledger.get(lost.payout.id))?.failureReason).toBe('NONCE_TAKEN');
    expect(await ledger.balance({ recipient: lost.recipient, chainId: CHAIN_ID, currency: 'native' })).toBe(
      10n,
    );
    expect(await nativeBalance(lost.recipient)).toBe(0n);
  });
});

describe('PayoutWorker never re-credits without proof that another transaction used the nonce', () => {
  /** Wraps the real sender so its receipt look-ups miss, as from a node whose transaction index lags. */
  function lagging(): TreasurySender {
    const wrapped: TreasurySender = Object.create(sender);
    wrapped.lookup = async () => ({ state: 'unknown' });
    return wrapped;
  }

  it('its own transfer mined, the receipt not served yet: neither failed nor re-sent; confirmed once served', async () => {
    const ledger = new InMemoryLedger();
    const { payout, recipient } = await requestPayout(ledger, 'native', 606n);
    const nonceBefore = await treasuryNonce();
    await worker(ledger).runOnce();
    await mine();

    expect(await worker(ledger, lagging()).runOnce()).toMatchObject({
      failed: 0,
      recredited: 0,
      rebroadcast: 0,
      errors: 0,
    });
    expect((await ledger.get(payout.id))?.status).toBe('sent');

    expect(await worker(ledger).runOnce()).toMatchObject({ confirmed: 1 });
    expect(await nativeBalance(recipient)).toBe(606n);
    expect(await ledger.balance({ recipient, chainId: CHAIN_ID, currency: 'native' })).toBe(0n);
    expect(await treasuryNonce()).toBe(nonceBefore + 1);
  });

  it('a nonce the node counts as used with no transaction in its block: an error, the payout stays sent', async () => {
    const ledger = new InMemoryLedger();
    const { payout, recipient } = await requestPayout(ledger, 'native', 707n);
    const crashing: TreasurySender = Object.create(sender);
    crashing.broadcast = async () => {
      throw new Error('RPC down');
    };
    await worker(ledger, crashing).runOnce(); // recorded, never broadcast
    const nonce = (await ledger.get(payout.id))?.transfer?.nonce ?? -1;
    // A node whose state moved past the nonce without a block to show for it (a restarted anvil can
    // load such a state: its dump on exit may hold an account's new nonce but not the block).
    await provider.send('anvil_setNonce', [treasury.address, `0x${(nonce + 1).toString(16)}`]);
    await mine();

    expect(await worker(ledger).runOnce()).toMatchObject({
      errors: 1,
      failed: 0,
      recredited: 0,
      rebroadcast: 0,
    });
    expect((await ledger.get(payout.id))?.status).toBe('sent');
    expect(await ledger.balance({ recipient, chainId: CHAIN_ID, currency: 'native' })).toBe(0n);
    expect(await nativeBalance(recipient)).toBe(0n);
  });
});

describe('PayoutWorker over the DynamoDB repository', () => {
  const config = testConfig();
  const dynamo = createDynamoClients({
    region: config.aws.region,
    endpoint: config.aws.dynamoDbEndpoint,
    credentials: LOCAL_STAND_IN_CREDENTIALS,
  });
  afterAll(() => dynamo.client.destroy());
  const repositoryTable = new DynamoTable(dynamo.document, config.aws.tableName);
  const repository = new DynamoLedgerRepository(repositoryTable);

  it('killed between "signed" and "recorded", restarted → exactly one transfer, balance debited once', async () => {
    const { payout, recipient } = await requestPayout(repository, tokenAddress, 31_337n);
    const nonceBefore = await treasuryNonce();
    const crashing: PayoutRepository = Object.create(repository);
    crashing.recordSigned = async () => {
      throw new Error('process killed');
    };
    expect(await worker(crashing).runOnce()).toMatchObject({ errors: 1, sent: 0 });
    expect((await repository.get(payout.id))?.status).toBe('requested');

    await worker(repository).runOnce();
    await mine();
    await worker(repository).runOnce();
    await worker(repository).runOnce();

    expect(await repository.get(payout.id)).toMatchObject({ status: 'confirmed' });
    expect(await tokenBalance(recipient)).toBe(31_337n);
    expect(await treasuryNonce()).toBe(nonceBefore + 1);
    expect(await repository.balance({ recipient, chainId: CHAIN_ID, currency: tokenAddress })).toBe(0n);
  });

  it('confirms a payout only once its block is finalized on a chain configured with useFinalizedTag', async () => {
    // The worker as deployed (buildPayoutWorker from config): 1 confirmation, but the finalized tag.
    const finalizedConfig = testConfig({
      CHAINS: JSON.stringify([
        {
          chainId: CHAIN_ID,
          rpcUrl: chain?.rpcUrl,
          confirmations: 1,
          useFinalizedTag: true,
          payTo: treasury.address,
          currencies: [{ address: 'native', symbol: 'ETH', decimals: 18 }],
        },
      ]),
      TREASURY_PRIVATE_KEY: treasury.privateKey,
    });
    const deployed = buildPayoutWorker(finalizedConfig, { table: repositoryTable, chains: gateway });
    if (!deployed) throw new Error('a treasury key is configured: the worker must be built');
    const { payout, recipient } = await requestPayout(repository, 'native', 4_242n);

    await deployed.runOnce(); // signed, recorded, broadcast: mined in the head block
    const sentIn = (
      await provider.getTransactionReceipt((await repository.get(payout.id))?.transfer?.txHash ?? '')
    )?.blockNumber;
    await mine(1); // one confirmation: enough by count, yet anvil's finalized block is still below it
    expect(BigInt((await provider.getBlock('finalized'))?.number ?? -1)).toBeLessThan(BigInt(sentIn ?? -1));
    await deployed.runOnce();
    expect((await repository.get(payout.id))?.status).toBe('sent');

    await mine(1); // now finalized
    expect(BigInt((await provider.getBlock('finalized'))?.number ?? -1)).toBeGreaterThanOrEqual(
      BigInt(sentIn ?? -1),
    );
    await deployed.runOnce();
    expect(await repository.get(payout.id)).toMatchObject({
      status: 'confirmed',
      blockNumber: BigInt(sentIn ?? -1),
    });
    expect(await nativeBalance(recipient)).toBe(4_242n);
  });
});

describe('EvmTreasurySender', () => {
  it('treats re-broadcasting a known or mined transaction as success', async () => {
    const signed = await sender.sign({
      chainId: CHAIN_ID,
      currency: 'native',
      to: Wallet.createRandom().address as Address,
      amount: 1n,
    });
    await sender.broadcast(CHAIN_ID, signed.rawTx);
    await sender.broadcast(CHAIN_ID, signed.rawTx);
    await mine(1);
    await sender.broadcast(CHAIN_ID, signed.rawTx);
    expect(await sender.lookup(CHAIN_ID, signed.txHash)).toMatchObject({ state: 'mined', success: true });
    expect(await sender.address()).toBe(treasury.address);
  });

  it('finds the transaction that used a nonce from its block, however deep, in a few reads', async () => {
    const to = Wallet.createRandom().address;
    const nonce = await treasuryNonce();
    const sent = await (await treasury.sendTransaction({ to, value: 1n, nonce })).wait();
    await mine(41);
    let calls = 0;
    const counting: EvmChainGateway = Object.create(gateway);
    counting.rpc = (...args) => {
      calls++;
      return gateway.rpc(...args);
    };
    const probe = new EvmTreasurySender(counting, treasury.privateKey);

    expect(await probe.nonceUse(CHAIN_ID, treasury.address as Address, nonce, byCount)).toEqual({
      state: 'used',
      txHash: sent?.hash,
      blockNumber: BigInt(sent?.blockNumber ?? -1),
    });
    // head, the count at the confirmed height, 6 gallop + 5 bisection steps at most, the block.
    expect(calls).toBeLessThanOrEqual(14);
    expect(await sender.nonceUse(CHAIN_ID, treasury.address as Address, nonce + 1, byCount)).toEqual({
      state: 'unused',
    });
    expect(
      await sender.nonceUse(CHAIN_ID, treasury.address as Address, nonce, {
        confirmations: 1000,
        useFinalizedTag: false,
      }),
    ).toEqual({
      state: 'unused',
    });
  });

  it('judges a nonce at the finalized block where the chain uses the finalized tag', async () => {
    const nonce = await treasuryNonce();
    const sent = await (
      await treasury.sendTransaction({ to: Wallet.createRandom().address, value: 1n, nonce })
    ).wait();
    await mine(1);
    // One block on top: final by a count of 1, not yet below anvil's finalized block (head − 2 here).
    expect(await sender.nonceUse(CHAIN_ID, treasury.address as Address, nonce, byFinalizedTag)).toEqual({
      state: 'unused',
    });
    await mine(1);
    expect(await sender.nonceUse(CHAIN_ID, treasury.address as Address, nonce, byFinalizedTag)).toEqual({
      state: 'used',
      txHash: sent?.hash,
      blockNumber: BigInt(sent?.blockNumber ?? -1),
    });
  });

  it('answers unknown for a hash no node knows', async () => {
    expect(await sender.lookup(CHAIN_ID, `0x${'cd'.repeat(32)}`)).toEqual({ state: 'unknown' });
  });
});
