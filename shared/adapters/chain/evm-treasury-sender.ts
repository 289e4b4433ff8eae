/**
 * The treasury signer for payouts, with ethers v6 over EvmChainGateway's providers: signs native and
 * ERC-20 transfers WITHOUT sending them (the worker records the signed bytes first), broadcasts raw
 * transactions idempotently, and looks transactions up by hash. ethers is imported lazily.
 */
import type { Address } from '#domain/address.js';
import { DependencyError } from '#domain/errors.js';
import type { SignedTransfer } from '#domain/payouts/payout.js';
import { parseTxHash } from '#domain/tx-hash.js';
import type { Finality, NonceUse, TransferLookup, TransferRequest, TreasurySender } from '#ports/treasury.js';
import type { EvmChainGateway } from './evm-chain-gateway.js';
import { blockSchema, hexQuantity, receiptSchema, transactionSchema } from './rpc-schemas.js';

/** Used when gas estimation fails (e.g. the transfer would revert): the tx is mined, reverts, and the payout fails cleanly. */
const FALLBACK_GAS = { native: 21_000n, erc20: 100_000n } as const;

/** Node answers to a re-broadcast that mean "I already have (or had) this transaction". */
const ALREADY_KNOWN =
  /already known|known transaction|already imported|nonce too low|transaction already exists/i;

export class EvmTreasurySender implements TreasurySender {
  constructor(
    private readonly gateway: EvmChainGateway,
    private readonly privateKey: string,
  ) {}

  /** The treasury's address. */
  async address(): Promise<Address> {
    const { computeAddress } = await import('ethers');
    return computeAddress(this.privateKey) as Address;
  }

  async sign(request: TransferRequest): Promise<SignedTransfer> {
    const { Interface, Transaction, Wallet } = await import('ethers');
    const provider = await this.gateway.provider(request.chainId);
    const wallet = new Wallet(this.privateKey, provider);
    const from = wallet.address as Address;
    const call =
      request.currency === 'native'
        ? { to: request.to, value: request.amount, data: '0x' }
        : {
            to: request.currency,
            value: 0n,
            data: new Interface(['function transfer(address to, uint256 value)']).encodeFunctionData(
              'transfer',
              [request.to, request.amount],
            ),
          };
    try {
      const [nonce, fees] = await Promise.all([
        provider.getTransactionCount(from, 'pending'),
        provider.getFeeData(),
      ]);
      const estimated = await provider
        .estimateGas({ ...call, from })
        .then((gas) => (gas * 12n) / 10n)
        .catch(() => (request.currency === 'native' ? FALLBACK_GAS.native : FALLBACK_GAS.erc20));
      const tx = Transaction.from({
        type: 2,
        chainId: request.chainId,
        nonce,
        to: call.to,
        value: call.value,
        data: call.data,
        gasLimit: estimated,
        maxFeePerGas: fees.maxFeePerGas ?? fees.gasPrice,
        maxPriorityFeePerGas: fees.maxPriorityFeePerGas ?? 0n,
      });
      const rawTx = await wallet.signTransaction(tx);
      return { rawTx, txHash: parseTxHash(Transaction.from(rawTx).hash as string), nonce, from };
    } catch (error) {
      throw new DependencyError(`chain:${request.chainId}`, 'Could not prepare the payout transaction', {
        cause: error,
      });
    }
  }

  async broadcast(chainId: number, rawTx: string): Promise<void> {
    try {
      await this.gateway.rpc(chainId, 'eth_sendRawTransaction', [rawTx]);
    } catch (error) {
      if (ALREADY_KNOWN.test(messagesOf(error))) return;
      throw error;
    }
  }

  async lookup(chainId: number, txHash: string): Promise<TransferLookup> {
    const receipt = receiptSchema
      .nullable()
      .safeParse(await this.gateway.rpc(chainId, 'eth_getTransactionReceipt', [txHash]));
    if (!receipt.success) throw malformed(chainId, 'eth_getTransactionReceipt', receipt.error);
    if (receipt.data) {
      const onTop = (await this.blockNumber(chainId)) - receipt.data.blockNumber;
      return {
        state: 'mined',
        success: receipt.data.status === 1n,
        blockNumber: receipt.data.blockNumber,
        confirmations: onTop < 0n ? 0 : Number(onTop),
      };
    }
    const tx = transactionSchema
      .nullable()
      .safeParse(await this.gateway.rpc(chainId, 'eth_getTransactionByHash', [txHash]));
    if (!tx.success) throw malformed(chainId, 'eth_getTransactionByHash', tx.error);
    return tx.data ? { state: 'pending' } : { state: 'unknown' };
  }

  async finalHeight(chainId: number, finality: Finality): Promise<bigint> {
    if (!Number.isInteger(finality.confirmations) || finality.confirmations < 1) {
      // The head block is one reorg away from never having happened (config refuses 0 too).
      throw new RangeError(`chain ${chainId}: confirmations must be at least 1`);
    }
    if (finality.useFinalizedTag) {
      const finalized = blockSchema.safeParse(
        await this.gateway.rpc(chainId, 'eth_getBlockByNumber', ['finalized', false]),
      );
      if (!finalized.success) throw malformed(chainId, 'eth_getBlockByNumber', finalized.error);
      return finalized.data.number;
    }
    return (await this.blockNumber(chainId)) - BigInt(finality.confirmations);
  }

  /**
   * Finds the block where the treasury's transaction count passed `nonce` — galloping down from the
   * final height (`finalHeight`), then bisecting: about 2·log2(distance) historical-state reads, a handful when
   * the worker runs every few minutes — and reads the transaction with that nonce from the block.
   * The node must serve account state for the blocks searched (any archive RPC; a full node's recent
   * window); when it cannot, the call fails and the payout waits.
   */
  async nonceUse(chainId: number, from: Address, nonce: number, finality: Finality): Promise<NonceUse> {
    const top = await this.finalHeight(chainId, finality);
    const target = BigInt(nonce);
    const usedBy = async (height: bigint) =>
      height >= 0n && (await this.transactionCount(chainId, from, height)) > target;
    if (!(await usedBy(top))) return { state: 'unused' };

    // Invariant: the count passed the nonce at `high` but not yet at `low` (-1: before genesis).
    let high = top;
    let low = -1n;
    for (let step = 1n; high - step >= 0n; step *= 2n) {
      if (!(await usedBy(high - step))) {
        low = high - step;
        break;
      }
      high -= step;
    }
    while (high - low > 1n) {
      const middle = low + (high - low) / 2n;
      if (await usedBy(middle)) high = middle;
      else low = middle;
    }

    const block = blockSchema.safeParse(
      await this.gateway.rpc(chainId, 'eth_getBlockByNumber', [toQuantity(high), true]),
    );
    if (!block.success) throw malformed(chainId, 'eth_getBlockByNumber', block.error);
    const sender = from.toLowerCase();
    for (const entry of block.data.transactions) {
      // An entry that does not parse (an exotic transaction type) cannot be ours.
      const tx = transactionSchema.safeParse(entry);
      if (tx.success && tx.data.from.toLowerCase() === sender && tx.data.nonce === target) {
        return { state: 'used', txHash: tx.data.hash, blockNumber: high };
      }
    }
    return { state: 'unexplained', blockNumber: high };
  }

  private async blockNumber(chainId: number): Promise<bigint> {
    const head = hexQuantity.safeParse(await this.gateway.rpc(chainId, 'eth_blockNumber', []));
    if (!head.success) throw malformed(chainId, 'eth_blockNumber', head.error);
    return head.data;
  }

  private async transactionCount(chainId: number, from: Address, height: bigint): Promise<bigint> {
    const count = hexQuantity.safeParse(
      await this.gateway.rpc(chainId, 'eth_getTransactionCount', [from, toQuantity(height)]),
    );
    if (!count.success) throw malformed(chainId, 'eth_getTransactionCount', count.error);
    return count.data;
  }
}

const toQuantity = (value: bigint) => `0x${value.toString(16)}`;

function malformed(chainId: number, method: string, cause: unknown): DependencyError {
  return new DependencyError(`chain:${chainId}`, `JSON-RPC ${method} answered a malformed result`, { cause });
}

/** The messages of an error and its causes (ethers nests the node's message). */
function messagesOf(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    if (current instanceof Error) parts.push(current.message);
    const nested = (current as { error?: { message?: unknown } }).error?.message;
    if (typeof nested === 'string') parts.push(nested);
    current = (current as { cause?: unknown }).cause;
  }
  return parts.join(' | ');
}
