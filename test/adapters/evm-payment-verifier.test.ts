/**
 * EvmPaymentVerifier against a real anvil. This file starts its OWN anvil (chain 31338) so that it can
 * mine, pause mining and reorg without touching the chain other test files share.
 */
import { createServer, type Server } from 'node:http';
import { type Contract, type JsonRpcProvider, type TransactionReceipt, Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EvmChainGateway } from '#adapters/chain/evm-chain-gateway.js';
import { EvmPaymentVerifier, type JsonRpcCaller } from '#adapters/chain/evm-payment-verifier.js';
import type { Address } from '#domain/address.js';
import { DependencyError, InvalidInputError, NotFoundError, PaymentError } from '#domain/errors.js';
import type { ExpectedPayment } from '#ports/payment-verifier.js';
import { freePort } from '#scripts/local-stack/processes.js';
import { deployToken, fundedWallet, type PrivateChain, startPrivateChain } from '#test/helpers/chain.js';

const CHAIN_ID = 31338;
const REQUIRED = 2;
let chain: PrivateChain | undefined;
let provider: JsonRpcProvider;
let gateway: EvmChainGateway;
let verifier: EvmPaymentVerifier;
let deployer: Wallet;
let token: Contract;
let tokenAddress: Address;

beforeAll(async () => {
  chain = await startPrivateChain(CHAIN_ID);
  ({ provider, gateway } = chain);
  verifier = new EvmPaymentVerifier(gateway, [
    { chainId: CHAIN_ID, confirmations: REQUIRED, useFinalizedTag: false },
  ]);
  deployer = await fundedWallet(provider);
  token = await deployToken(deployer, 'USD', 6);
  tokenAddress = (await token.getAddress()) as Address;
});

afterAll(async () => {
  await chain?.stop();
});

async function buyer(units = 10_000_000n): Promise<Wallet> {
  const wallet = await fundedWallet(provider);
  await (await token.getFunction('mint')(wallet.address, units)).wait();
  return wallet;
}
const payTo = () => Wallet.createRandom().address as Address;
const head = async () => BigInt(await provider.getBlockNumber());
/** Polls for a raw receipt (ethers' wait() throws on a reverted receipt). */
async function receiptOf(hash: string): Promise<{ status: string }> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const receipt = await provider.send('eth_getTransactionReceipt', [hash]);
    if (receipt) return receipt;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no receipt for ${hash}`);
}
const mine = (blocks: number) => provider.send('anvil_mine', [`0x${blocks.toString(16)}`]);

async function payErc20(
  from: Wallet,
  to: string,
  amount: bigint,
  erc20: Contract = token,
): Promise<TransactionReceipt> {
  const tx = await (erc20.connect(from) as Contract).getFunction('transfer')(to, amount);
  return (await tx.wait()) as TransactionReceipt;
}

function order(
  overrides: Partial<ExpectedPayment> & Pick<ExpectedPayment, 'txHash' | 'buyer' | 'payTo'>,
): ExpectedPayment {
  return {
    chainId: CHAIN_ID,
    currency: tokenAddress,
    amount: 1_000_000n,
    orderBlockNumber: 0n,
    ...overrides,
  };
}

describe('EvmPaymentVerifier: accepted payments', () => {
  it('reports an ERC-20 payment as confirming, then final after the confirmations (≤ 4 RPC calls)', async () => {
    const payer = await buyer();
    const to = payTo();
    const orderBlock = await head();
    const receipt = await payErc20(payer, to, 1_000_000n);
    const expected = order({
      txHash: receipt.hash,
      buyer: payer.address as Address,
      payTo: to,
      orderBlockNumber: orderBlock,
    });

    expect(await verifier.verify(expected)).toEqual({
      status: 'confirming',
      confirmations: 0,
      required: 2,
      rpcCalls: 3,
    });
    await mine(1);
    expect(await verifier.verify(expected)).toMatchObject({ status: 'confirming', confirmations: 1 });
    await mine(1);
    expect(await verifier.verify(expected)).toEqual({
      status: 'final',
      paid: 1_000_000n,
      payer: payer.address,
      blockNumber: BigInt(receipt.blockNumber),
      blockHash: receipt.blockHash,
      confirmations: 2,
      rpcCalls: 4,
    });
  });

  it('accepts an overpayment and records what was paid', async () => {
    const payer = await buyer();
    const to = payTo();
    const orderBlock = await head();
    const receipt = await payErc20(payer, to, 1_500_000n);
    await mine(REQUIRED);
    const result = await verifier.verify(
      order({
        txHash: receipt.hash,
        buyer: payer.address as Address,
        payTo: to,
        orderBlockNumber: orderBlock,
      }),
    );
    expect(result).toMatchObject({ status: 'final', paid: 1_500_000n });
  });

  it('verifies a native payment: confirming then final, 4 RPC calls each', async () => {
    const payer = await fundedWallet(provider);
    const to = payTo();
    const orderBlock = await head();
    const receipt = (await (
      await payer.sendTransaction({ to, value: 10n ** 18n })
    ).wait()) as TransactionReceipt;
    const expected = order({
      txHash: receipt.hash,
      buyer: payer.address as Address,
      payTo: to,
      currency: 'native',
      amount: 10n ** 18n,
      orderBlockNumber: orderBlock,
    });
    expect(await verifier.verify(expected)).toEqual({
      status: 'confirming',
      confirmations: 0,
      required: 2,
      rpcCalls: 4,
    });
    await mine(REQUIRED);
    expect(await verifier.verify(expected)).toMatchObject({ status: 'final', paid: 10n ** 18n, rpcCalls: 4 });
  });

  it('keeps the call count at 4 however tall the chain is', async () => {
    const payer = await buyer();
    const to = payTo();
    const orderBlock = await head();
    const receipt = await payErc20(payer, to, 1_000_000n);
    await mine(300); // anvil mines ~4 ms per block; the count must not grow with height anyway
    const before = verifier.rpcCallCount;
    const result = await verifier.verify(
      order({
        txHash: receipt.hash,
        buyer: payer.address as Address,
        payTo: to,
        orderBlockNumber: orderBlock,
      }),
    );
    expect(result).toMatchObject({ status: 'final', rpcCalls: 4 });
    expect(verifier.rpcCallCount - before).toBe(4);
  });

  it('answers confirming for a pending transaction (known, not mined)', async () => {
    const payer = await buyer();
    const to = payTo();
    const orderBlock = await head();
    await provider.send('evm_setAutomine', [false]);
    try {
      const tx = await (token.connect(payer) as Contract).getFunction('transfer')(to, 1_000_000n, {
        gasLimit: 100_000n,
      });
      const result = await verifier.verify(
        order({ txHash: tx.hash, buyer: payer.address as Address, payTo: to, orderBlockNumber: orderBlock }),
      );
      expect(result).toEqual({ status: 'confirming', confirmations: 0, required: 2, rpcCalls: 3 });
    } finally {
      await provider.send('evm_setAutomine', [true]);
      await mine(1);
    }
  });

  it('with useFinalizedTag, is final only once the finalized block reaches the payment', async () => {
    const finalizing = new EvmPaymentVerifier(gateway, [
      { chainId: CHAIN_ID, confirmations: 2, useFinalizedTag: true },
    ]);
    const payer = await buyer();
    const to = payTo();
    const orderBlock = await head();
    const receipt = await payErc20(payer, to, 1_000_000n);
    const expected = order({
      txHash: receipt.hash,
      buyer: payer.address as Address,
      payTo: to,
      orderBlockNumber: orderBlock,
    });
    // anvil --slots-in-an-epoch 1: finalized trails the head by two blocks.
    expect(await finalizing.verify(expected)).toMatchObject({ status: 'confirming' });
    await mine(2);
    expect(await finalizing.verify(expected)).toMatchObject({ status: 'final', rpcCalls: 4 });
  });
});

describe('EvmPaymentVerifier: rejections', () => {
  it('refuses a look-alike token with the same symbol: NO_QUALIFYING_TRANSFER', async () => {
    const payer = await fundedWallet(provider);
    const fake = await deployToken(payer, 'USD', 6);
    await (await fake.getFunction('mint')(payer.address, 5_000_000n)).wait();
    const to = payTo();
    const orderBlock = await head();
    const receipt = await payErc20(payer, to, 5_000_000n, fake);
    await mine(REQUIRED);
    await expect(
      verifier.verify(
        order({
          txHash: receipt.hash,
          buyer: payer.address as Address,
          payTo: to,
          orderBlockNumber: orderBlock,
        }),
      ),
    ).rejects.toMatchObject({ name: 'PaymentError', code: 'NO_QUALIFYING_TRANSFER' });
  });

  it('refuses a transfer to another address: NO_QUALIFYING_TRANSFER (ERC-20 and native)', async () => {
    const payer = await buyer();
    const orderBlock = await head();
    const erc20 = await payErc20(payer, payTo(), 1_000_000n);
    const native = (await (
      await payer.sendTransaction({ to: payTo(), value: 1000n })
    ).wait()) as TransactionReceipt;
    const to = payTo();
    const base = { buyer: payer.address as Address, payTo: to, orderBlockNumber: orderBlock };
    await expect(verifier.verify(order({ ...base, txHash: erc20.hash }))).rejects.toMatchObject({
      code: 'NO_QUALIFYING_TRANSFER',
    });
    await expect(
      verifier.verify(order({ ...base, txHash: native.hash, currency: 'native', amount: 1000n })),
    ).rejects.toMatchObject({ code: 'NO_QUALIFYING_TRANSFER' });
  });

  it('refuses a reverted transaction: TX_REVERTED', async () => {
    const payer = await buyer(1n);
    const to = payTo();
    const orderBlock = await head();
    // More than the balance, with a manual gas limit so it is mined (and reverts) instead of failing estimation.
    const tx = await (token.connect(payer) as Contract).getFunction('transfer')(to, 1_000_000n, {
      gasLimit: 100_000n,
    });
    const receipt = await receiptOf(tx.hash);
    expect(receipt.status).toBe('0x0');
    await expect(
      verifier.verify(
        order({ txHash: tx.hash, buyer: payer.address as Address, payTo: to, orderBlockNumber: orderBlock }),
      ),
    ).rejects.toSatisfy((error) => error instanceof PaymentError && error.code === 'TX_REVERTED');
  });

  it('refuses a payment made by another account: PAYER_MISMATCH (ERC-20 and native)', async () => {
    const payer = await buyer();
    const someoneElse = await buyer();
    const to = payTo();
    const orderBlock = await head();
    const erc20 = await payErc20(someoneElse, to, 1_000_000n);
    const native = (await (
      await someoneElse.sendTransaction({ to, value: 1000n })
    ).wait()) as TransactionReceipt;
    const base = { buyer: payer.address as Address, payTo: to, orderBlockNumber: orderBlock };
    await expect(verifier.verify(order({ ...base, txHash: erc20.hash }))).rejects.toMatchObject({
      code: 'PAYER_MISMATCH',
    });
    await expect(
      verifier.verify(order({ ...base, txHash: native.hash, currency: 'native', amount: 1000n })),
    ).rejects.toMatchObject({ code: 'PAYER_MISMATCH' });
  });

  it('refuses a payment mined in or before the order’s block: TX_PREDATES_ORDER', async () => {
    const payer = await buyer();
    const to = payTo();
    const receipt = await payErc20(payer, to, 1_000_000n);
    const orderBlock = await head(); // the order was created after the payment was mined
    expect(orderBlock).toBe(BigInt(receipt.blockNumber));
    await mine(REQUIRED);
    await expect(
      verifier.verify(
        order({
          txHash: receipt.hash,
          buyer: payer.address as Address,
          payTo: to,
          orderBlockNumber: orderBlock,
        }),
      ),
    ).rejects.toMatchObject({ code: 'TX_PREDATES_ORDER' });
  });

  it('refuses an underpayment: UNDERPAID with what was paid', async () => {
    const payer = await buyer();
    const to = payTo();
    const orderBlock = await head();
    const receipt = await payErc20(payer, to, 999_999n);
    const native = (await (await payer.sendTransaction({ to, value: 999n })).wait()) as TransactionReceipt;
    const base = { buyer: payer.address as Address, payTo: to, orderBlockNumber: orderBlock };
    await expect(verifier.verify(order({ ...base, txHash: receipt.hash }))).rejects.toMatchObject({
      code: 'UNDERPAID',
      details: { paid: '999999', amount: '1000000' },
    });
    await mine(REQUIRED); // also once final (the native final path reads the value from the block)
    await expect(
      verifier.verify(order({ ...base, txHash: native.hash, currency: 'native', amount: 1000n })),
    ).rejects.toMatchObject({ code: 'UNDERPAID' });
  });

  it('answers TX_NOT_FOUND for a hash the chain does not know', async () => {
    const unknown = `0x${'ab'.repeat(32)}`;
    await expect(
      verifier.verify(order({ txHash: unknown, buyer: payTo(), payTo: payTo() })),
    ).rejects.toSatisfy((error) => error instanceof NotFoundError && error.code === 'TX_NOT_FOUND');
  });

  it('refuses a chain id that is not configured: CHAIN_UNSUPPORTED, no RPC call', async () => {
    const before = verifier.rpcCallCount;
    await expect(
      verifier.verify(
        order({ chainId: 31337, txHash: `0x${'01'.repeat(32)}`, buyer: payTo(), payTo: payTo() }),
      ),
    ).rejects.toSatisfy((error) => error instanceof InvalidInputError && error.code === 'CHAIN_UNSUPPORTED');
    expect(verifier.rpcCallCount).toBe(before);
  });

  it('refuses an RPC endpoint serving another chain: DependencyError (503)', async () => {
    const misrouted = new EvmChainGateway([{ chainId: 31337, rpcUrl: chain?.rpcUrl as string }]);
    const wrong = new EvmPaymentVerifier(misrouted, [
      { chainId: 31337, confirmations: 1, useFinalizedTag: false },
    ]);
    await expect(
      wrong.verify(order({ chainId: 31337, txHash: `0x${'02'.repeat(32)}`, buyer: payTo(), payTo: payTo() })),
    ).rejects.toSatisfy((error) => error instanceof DependencyError && error.code === 'CHAIN_ID_MISMATCH');
    await misrouted.destroy();
  });
});

describe('EvmPaymentVerifier: reorgs before finality', () => {
  it('never reports a payment reorged out as final (anvil_reorg)', async () => {
    const payer = await buyer();
    const to = payTo();
    const orderBlock = await head();
    const receipt = await payErc20(payer, to, 1_000_000n);
    const expected = order({
      txHash: receipt.hash,
      buyer: payer.address as Address,
      payTo: to,
      orderBlockNumber: orderBlock,
    });
    expect(await verifier.verify(expected)).toMatchObject({ status: 'confirming' });

    await provider.send('anvil_reorg', [1, []]);
    await mine(REQUIRED + 2);
    await expect(verifier.verify(expected)).rejects.toMatchObject({ code: 'TX_NOT_FOUND' });
  });

  it('answers confirming when the receipt’s block is no longer canonical at its height', async () => {
    const payer = await buyer();
    const to = payTo();
    const orderBlock = await head();
    const snapshot = await provider.send('evm_snapshot', []);
    const receipt = await payErc20(payer, to, 1_000_000n);
    const staleReceipt = await provider.send('eth_getTransactionReceipt', [receipt.hash]);
    await provider.send('evm_revert', [snapshot]);
    await mine(REQUIRED + 3); // other blocks now stand at the receipt's height
    // A lagging node behind a load balancer still serves the old receipt:
    const lagging: JsonRpcCaller = {
      rpc: (chainId, method, params) =>
        method === 'eth_getTransactionReceipt'
          ? Promise.resolve(staleReceipt)
          : gateway.rpc(chainId, method, params),
    };
    const result = await new EvmPaymentVerifier(lagging, [
      { chainId: CHAIN_ID, confirmations: REQUIRED, useFinalizedTag: false },
    ]).verify(
      order({
        txHash: receipt.hash,
        buyer: payer.address as Address,
        payTo: to,
        orderBlockNumber: orderBlock,
      }),
    );
    expect(result).toMatchObject({ status: 'confirming', confirmations: 0 });
  });
});

describe('EvmPaymentVerifier: a failing RPC is a 503, never a verdict', () => {
  let server: Server;
  let url: string;
  let mode: 'garbage-receipt' | 'wrong-receipt-shape' | 'not-json' | 'hang' = 'garbage-receipt';

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        if (mode === 'hang') return; // never answers
        const call = JSON.parse(body) as { id: number; method: string };
        if (mode === 'not-json') return void response.end('<html>bad gateway</html>');
        const result =
          call.method === 'eth_chainId'
            ? `0x${CHAIN_ID.toString(16)}`
            : mode === 'garbage-receipt'
              ? 'surprise'
              : { transactionHash: `0x${'11'.repeat(32)}`, status: '0x1', blockNumber: 'tomorrow', logs: [] };
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify({ jsonrpc: '2.0', id: call.id, result }));
      });
    });
    const port = await freePort();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  const verifyAgainst = async (rpcUrl: string, timeoutMs = 2000) => {
    const flaky = new EvmChainGateway([{ chainId: CHAIN_ID, rpcUrl }], timeoutMs);
    try {
      return await new EvmPaymentVerifier(flaky, [
        { chainId: CHAIN_ID, confirmations: 1, useFinalizedTag: false },
      ]).verify(order({ txHash: `0x${'11'.repeat(32)}`, buyer: payTo(), payTo: payTo() }));
    } finally {
      await flaky.destroy();
    }
  };

  it.each(['garbage-receipt', 'wrong-receipt-shape', 'not-json'] as const)(
    'refuses %s with DependencyError',
    async (m) => {
      mode = m;
      await expect(verifyAgainst(url)).rejects.toBeInstanceOf(DependencyError);
    },
  );

  it('turns a timeout into DependencyError', async () => {
    mode = 'hang';
    const started = Date.now();
    await expect(verifyAgainst(url, 300)).rejects.toBeInstanceOf(DependencyError);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('turns an unreachable RPC into DependencyError', async () => {
    await expect(verifyAgainst('http://127.0.0.1:9', 500)).rejects.toBeInstanceOf(DependencyError);
  });
});
