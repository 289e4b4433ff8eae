/**
 * Verifies that a transaction pays an order, over JSON-RPC (through EvmChainGateway, whose providers
 * never serve cached results). Every answer is validated with zod; anything unexpected is a failed
 * dependency (503), never a reason to accept a payment.
 *
 * Calls per verification — bounded and independent of chain height:
 *   unknown / pending tx            eth_chainId, eth_getTransactionReceipt, eth_getTransactionByHash   = 3
 *   ERC-20, not yet final           eth_chainId, receipt, head                                         = 3
 *   ERC-20, final                   eth_chainId, receipt, head, eth_getBlockByNumber(height, false)    = 4
 *   native, not yet final           eth_chainId, receipt, head, eth_getTransactionByHash (value)       = 4
 *   native, final                   eth_chainId, receipt, head, eth_getBlockByNumber(height, true)     = 4
 * (the native final check reads the value from the canonical block's own copy of the transaction, so
 * the canonical-hash check and the value cost one call). "head" is eth_blockNumber, or the `finalized`
 * block where the chain is configured with useFinalizedTag.
 *
 * Order of checks: chain id → receipt (else pending / TX_NOT_FOUND) → status → mined after the order's
 * block → qualifying transfer → payer → amount → finality (confirmations AND the receipt's block still
 * canonical at its height). Content rejections come before finality so a buyer learns of an underpaid
 * or misdirected payment at once rather than after the confirmations.
 */
import type { z } from 'zod';
import type { Address } from '#domain/address.js';
import { DependencyError, InvalidInputError, NotFoundError, PaymentError } from '#domain/errors.js';
import { isTxHash, parseTxHash } from '#domain/tx-hash.js';
import type { ExpectedPayment, PaymentVerification, PaymentVerifier } from '#ports/payment-verifier.js';
import { TRANSFER_TOPIC } from './evm-chain-gateway.js';
import {
  blockSchema,
  hexQuantity,
  type RpcReceipt,
  receiptSchema,
  transactionSchema,
} from './rpc-schemas.js';

/** The slice of EvmChainGateway the verifier uses (one JSON-RPC call; transport errors → DependencyError). */
export interface JsonRpcCaller {
  rpc(chainId: number, method: string, params: unknown[]): Promise<unknown>;
}

/** Finality policy per chain (from ChainConfig). */
export interface ChainFinality {
  chainId: number;
  confirmations: number;
  useFinalizedTag: boolean;
}

export class EvmPaymentVerifier implements PaymentVerifier {
  private totalCalls = 0;

  constructor(
    private readonly gateway: JsonRpcCaller,
    private readonly chains: readonly ChainFinality[],
  ) {
    // A payment in the head block is one reorg away from never having happened (config refuses 0 too).
    for (const chain of chains) {
      if (!Number.isInteger(chain.confirmations) || chain.confirmations < 1) {
        throw new RangeError(`chain ${chain.chainId}: confirmations must be at least 1`);
      }
    }
  }

  /** JSON-RPC calls made by this verifier since it was built (for benchmarks and metrics). */
  get rpcCallCount(): number {
    return this.totalCalls;
  }

  async verify(expected: ExpectedPayment): Promise<PaymentVerification> {
    const policy = this.chains.find((chain) => chain.chainId === expected.chainId);
    if (!policy) {
      throw new InvalidInputError(`Chain ${expected.chainId} is not supported`, {
        code: 'CHAIN_UNSUPPORTED',
      });
    }
    const txHash = parseTxHash(expected.txHash);
    let calls = 0;
    const call = async <S extends z.ZodType>(
      method: string,
      params: unknown[],
      schema: S,
    ): Promise<z.infer<S>> => {
      calls++;
      this.totalCalls++;
      const raw = await this.gateway.rpc(expected.chainId, method, params);
      const parsed = schema.safeParse(raw);
      if (!parsed.success) {
        throw new DependencyError(
          `chain:${expected.chainId}`,
          `JSON-RPC ${method} answered a malformed result`,
          {
            cause: parsed.error,
          },
        );
      }
      return parsed.data;
    };

    // 1. Never trust a misconfigured endpoint: it must serve the order's chain.
    const served = await call('eth_chainId', [], hexQuantity);
    if (served !== BigInt(expected.chainId)) {
      throw new DependencyError(
        `chain:${expected.chainId}`,
        `The RPC endpoint serves chain ${served}, not ${expected.chainId}`,
        { code: 'CHAIN_ID_MISMATCH' },
      );
    }

    // 2. Receipt; without one the tx is either pending (known) or unknown (never sent / reorged out).
    const receipt = await call('eth_getTransactionReceipt', [txHash], receiptSchema.nullable());
    if (!receipt) {
      const pending = await call('eth_getTransactionByHash', [txHash], transactionSchema.nullable());
      if (!pending)
        throw new NotFoundError('No transaction with that hash on this chain', { code: 'TX_NOT_FOUND' });
      return { status: 'confirming', confirmations: 0, required: policy.confirmations, rpcCalls: calls };
    }
    if (receipt.transactionHash !== txHash) {
      throw new DependencyError(
        `chain:${expected.chainId}`,
        'JSON-RPC answered the receipt of another transaction',
      );
    }
    if (receipt.status !== 1n) throw new PaymentError('The transaction reverted', { code: 'TX_REVERTED' });
    if (receipt.blockNumber <= expected.orderBlockNumber) {
      throw new PaymentError('The transaction was mined before the order was created', {
        code: 'TX_PREDATES_ORDER',
        details: {
          txBlock: receipt.blockNumber.toString(),
          orderBlock: expected.orderBlockNumber.toString(),
        },
      });
    }

    // 3. How final is the receipt's block?
    let final: boolean;
    let confirmations: number;
    if (policy.useFinalizedTag) {
      const finalized = await call('eth_getBlockByNumber', ['finalized', false], blockSchema);
      final = finalized.number >= receipt.blockNumber;
      confirmations = final ? policy.confirmations : 0;
    } else {
      const head = await call('eth_blockNumber', [], hexQuantity);
      const onTop = head - receipt.blockNumber;
      confirmations = onTop < 0n ? 0 : Number(onTop > 1_000_000n ? 1_000_000n : onTop);
      final = confirmations >= policy.confirmations;
    }
    const confirming = (): PaymentVerification => ({
      status: 'confirming',
      confirmations: Math.min(confirmations, policy.confirmations),
      required: policy.confirmations,
      rpcCalls: calls,
    });
    const blockTag = `0x${receipt.blockNumber.toString(16)}`;

    // 4. What was paid, by whom — then 5. whether the receipt's block is still canonical.
    if (expected.currency === 'native') {
      checkNativeEnvelope(receipt, expected);
      if (!final) {
        const tx = await call('eth_getTransactionByHash', [txHash], transactionSchema.nullable());
        if (!tx) return confirming(); // reorged out between the two calls
        checkNativeValue(tx.value, expected);
        return confirming();
      }
      const block = await call('eth_getBlockByNumber', [blockTag, true], blockSchema);
      const entry = block.transactions.find(
        (candidate) =>
          typeof candidate === 'object' &&
          candidate !== null &&
          'hash' in candidate &&
          typeof candidate.hash === 'string' &&
          isTxHash(candidate.hash) &&
          parseTxHash(candidate.hash) === txHash,
      );
      if (block.hash !== receipt.blockHash || entry === undefined)
        return { ...confirming(), confirmations: 0 };
      const parsedTx = transactionSchema.safeParse(entry);
      if (!parsedTx.success) {
        throw new DependencyError(`chain:${expected.chainId}`, 'JSON-RPC answered a malformed transaction', {
          cause: parsedTx.error,
        });
      }
      const tx = parsedTx.data;
      checkNativeValue(tx.value, expected);
      return finalResult(receipt, tx.value, receipt.from, confirmations, calls);
    }

    const paid = erc20Paid(receipt, expected, expected.currency);
    if (!final) return confirming();
    const block = await call('eth_getBlockByNumber', [blockTag, false], blockSchema);
    if (block.hash !== receipt.blockHash) return { ...confirming(), confirmations: 0 };
    return finalResult(receipt, paid, expected.buyer, confirmations, calls);
  }
}

function finalResult(
  receipt: RpcReceipt,
  paid: bigint,
  payer: Address,
  confirmations: number,
  rpcCalls: number,
): PaymentVerification {
  return {
    status: 'final',
    paid,
    payer,
    blockNumber: receipt.blockNumber,
    blockHash: receipt.blockHash,
    confirmations,
    rpcCalls,
  };
}

/** A native payment is a plain transfer from the buyer to payTo (value sent by contracts is not seen). */
function checkNativeEnvelope(receipt: RpcReceipt, expected: ExpectedPayment): void {
  if (receipt.to?.toLowerCase() !== expected.payTo.toLowerCase()) {
    throw new PaymentError('The transaction does not pay the order’s pay-to address', {
      code: 'NO_QUALIFYING_TRANSFER',
    });
  }
  if (receipt.from.toLowerCase() !== expected.buyer.toLowerCase()) {
    throw new PaymentError('The transaction was not sent by the buyer', { code: 'PAYER_MISMATCH' });
  }
}

function checkNativeValue(value: bigint, expected: ExpectedPayment): void {
  if (value < expected.amount) throw underpaid(value, expected.amount);
}

/**
 * Sums the Transfer logs emitted by the allow-listed token contract, to payTo, from the buyer. Logs of
 * any other contract (a look-alike token with the same symbol) count for nothing.
 */
function erc20Paid(receipt: RpcReceipt, expected: ExpectedPayment, token: Address): bigint {
  let toPayee = 0;
  let fromBuyer = 0;
  let paid = 0n;
  const tokenAddress = token.toLowerCase();
  for (const log of receipt.logs) {
    if (log.removed || log.address.toLowerCase() !== tokenAddress) continue;
    const [topic, fromTopic, toTopic] = log.topics;
    if (log.topics.length !== 3 || topic?.toLowerCase() !== TRANSFER_TOPIC || !fromTopic || !toTopic)
      continue;
    if (topicAddress(toTopic) !== expected.payTo.toLowerCase()) continue;
    toPayee++;
    if (topicAddress(fromTopic) !== expected.buyer.toLowerCase()) continue;
    fromBuyer++;
    paid += log.data === '0x' ? 0n : BigInt(log.data);
  }
  if (toPayee === 0) {
    throw new PaymentError('The transaction has no transfer of the order’s token to the pay-to address', {
      code: 'NO_QUALIFYING_TRANSFER',
    });
  }
  if (fromBuyer === 0)
    throw new PaymentError('The transfer was not made by the buyer', { code: 'PAYER_MISMATCH' });
  if (paid < expected.amount) throw underpaid(paid, expected.amount);
  return paid;
}

function topicAddress(topic: string): string {
  return `0x${topic.slice(-40)}`.toLowerCase();
}

function underpaid(paid: bigint, amount: bigint): PaymentError {
  return new PaymentError('The payment is less than the order’s amount', {
    code: 'UNDERPAID',
    details: { paid: paid.toString(), amount: amount.toString() },
  });
}
