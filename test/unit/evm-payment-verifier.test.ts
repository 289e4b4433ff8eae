/**
 * Edge cases of ERC-20 log accounting that are awkward to produce on anvil, with a scripted JSON-RPC
 * caller (the anvil tests in test/adapters cover the real flows).
 */
import { describe, expect, it } from 'vitest';
import { TRANSFER_TOPIC } from '#adapters/chain/evm-chain-gateway.js';
import { EvmPaymentVerifier, type JsonRpcCaller } from '#adapters/chain/evm-payment-verifier.js';
import { type Address, toChecksumAddress } from '#domain/address.js';
import { DependencyError } from '#domain/errors.js';

const addr = (n: number): Address => toChecksumAddress(`0x${n.toString(16).padStart(40, '0')}`);
const TOKEN = addr(0x70c);
const LOOKALIKE = addr(0xbad);
const BUYER = addr(0xb0b);
const PAY_TO = addr(0x7ea);
const HASH = `0x${'aa'.repeat(32)}`;
const BLOCK_HASH = `0x${'bb'.repeat(32)}`;
const topic = (address: Address) => `0x${address.slice(2).toLowerCase().padStart(64, '0')}`;
const word = (value: bigint) => `0x${value.toString(16).padStart(64, '0')}`;

function transferLog(
  token: Address,
  from: Address,
  to: Address,
  value: bigint,
  extra: Record<string, unknown> = {},
) {
  return {
    address: token,
    topics: [TRANSFER_TOPIC, topic(from), topic(to)],
    data: word(value),
    removed: false,
    ...extra,
  };
}

function scripted(logs: unknown[], overrides: Record<string, unknown> = {}): JsonRpcCaller {
  const receipt = {
    transactionHash: HASH,
    blockHash: BLOCK_HASH,
    blockNumber: '0x10',
    from: BUYER,
    to: TOKEN,
    status: '0x1',
    logs,
    ...overrides,
  };
  const answers: Record<string, unknown> = {
    eth_chainId: '0x1',
    eth_getTransactionReceipt: receipt,
    eth_blockNumber: '0x20',
    eth_getBlockByNumber: { number: '0x10', hash: BLOCK_HASH, transactions: [HASH] },
  };
  return { rpc: async (_chainId, method) => answers[method] };
}

const verify = (caller: JsonRpcCaller, amount = 100n) =>
  new EvmPaymentVerifier(caller, [{ chainId: 1, confirmations: 12, useFinalizedTag: false }]).verify({
    chainId: 1,
    txHash: HASH,
    buyer: BUYER,
    payTo: PAY_TO,
    currency: TOKEN,
    amount,
    orderBlockNumber: 1n,
  });

describe('EvmPaymentVerifier ERC-20 accounting', () => {
  it('sums several qualifying Transfer logs in one transaction', async () => {
    const caller = scripted([transferLog(TOKEN, BUYER, PAY_TO, 60n), transferLog(TOKEN, BUYER, PAY_TO, 40n)]);
    expect(await verify(caller)).toMatchObject({ status: 'final', paid: 100n, rpcCalls: 4 });
  });

  it('counts nothing from a look-alike token, a removed log or a 4-topic (ERC-721) Transfer', async () => {
    const caller = scripted([
      transferLog(TOKEN, BUYER, PAY_TO, 30n),
      transferLog(LOOKALIKE, BUYER, PAY_TO, 1_000n),
      transferLog(TOKEN, BUYER, PAY_TO, 1_000n, { removed: true }),
      {
        ...transferLog(TOKEN, BUYER, PAY_TO, 0n),
        topics: [TRANSFER_TOPIC, topic(BUYER), topic(PAY_TO), word(1_000n)],
      },
    ]);
    await expect(verify(caller)).rejects.toMatchObject({
      code: 'UNDERPAID',
      details: { paid: '30', amount: '100' },
    });
  });

  it('does not count a third party’s transfer in the same transaction', async () => {
    const caller = scripted([
      transferLog(TOKEN, BUYER, PAY_TO, 50n),
      transferLog(TOKEN, addr(0xc0ffee), PAY_TO, 50n),
    ]);
    await expect(verify(caller)).rejects.toMatchObject({ code: 'UNDERPAID', details: { paid: '50' } });
  });

  it('compares addresses case-insensitively (an order may store lower-case addresses)', async () => {
    const caller = scripted([transferLog(TOKEN, BUYER, PAY_TO, 100n)]);
    const result = await new EvmPaymentVerifier(caller, [
      { chainId: 1, confirmations: 12, useFinalizedTag: false },
    ]).verify({
      chainId: 1,
      txHash: HASH.toUpperCase().replace('0X', '0x'),
      buyer: BUYER.toLowerCase() as Address,
      payTo: PAY_TO.toLowerCase() as Address,
      currency: TOKEN.toLowerCase() as Address,
      amount: 100n,
      orderBlockNumber: 1n,
    });
    expect(result).toMatchObject({ status: 'final', paid: 100n });
  });

  it('treats a receipt for another transaction as a broken dependency', async () => {
    const caller = scripted([transferLog(TOKEN, BUYER, PAY_TO, 100n)], {
      transactionHash: `0x${'cc'.repeat(32)}`,
    });
    await expect(verify(caller)).rejects.toBeInstanceOf(DependencyError);
  });

  it('refuses a malformed tx hash before any RPC call', async () => {
    const caller: JsonRpcCaller = {
      rpc: async () => {
        throw new Error('must not be called');
      },
    };
    await expect(
      new EvmPaymentVerifier(caller, [{ chainId: 1, confirmations: 1, useFinalizedTag: false }]).verify({
        chainId: 1,
        txHash: '0x1234',
        buyer: BUYER,
        payTo: PAY_TO,
        currency: TOKEN,
        amount: 1n,
        orderBlockNumber: 0n,
      }),
    ).rejects.toMatchObject({ code: 'INVALID_TX_HASH' });
  });
});

describe('EvmPaymentVerifier finality policy', () => {
  it('refuses to be built with a chain that would count a payment in the head block as final', () => {
    expect(
      () => new EvmPaymentVerifier(scripted([]), [{ chainId: 1, confirmations: 0, useFinalizedTag: false }]),
    ).toThrowError(/confirmations must be at least 1/);
  });
});
