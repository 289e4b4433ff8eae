/** The treasury's side of payouts: sign, broadcast and look up transfers on an EVM chain. */
import type { Address } from '#domain/address.js';
import type { CurrencyId } from '#domain/ledger/balance.js';
import type { SignedTransfer } from '#domain/payouts/payout.js';
import type { TxHash } from '#domain/tx-hash.js';

export interface TransferRequest {
  chainId: number;
  currency: CurrencyId;
  to: Address;
  amount: bigint;
}

/**
 * When a chain counts a transaction as final (the chain's ChainConfig): `confirmations` blocks on top
 * of it, or — with `useFinalizedTag` — the node's `finalized` block at or above it.
 */
export interface Finality {
  confirmations: number;
  useFinalizedTag: boolean;
}

export type TransferLookup =
  /** No node knows the hash: never broadcast, dropped, or reorged out. */
  | { state: 'unknown' }
  /** In the mempool, not mined. */
  | { state: 'pending' }
  | { state: 'mined'; success: boolean; blockNumber: bigint; confirmations: number };

export type NonceUse =
  /** No transaction with this nonce is mined at that height. */
  | { state: 'unused' }
  /** The transaction `txHash`, mined in `blockNumber`, used it. */
  | { state: 'used'; txHash: TxHash; blockNumber: bigint }
  /**
   * The node counts the nonce as used, yet the block where its count passed the nonce holds no
   * transaction with it: the node's state and its blocks disagree (a corrupt or half-synced node).
   */
  | { state: 'unexplained'; blockNumber: bigint };

export interface TreasurySender {
  /** Signs (does not send) a transfer with the treasury's next nonce (`pending` count). */
  sign(request: TransferRequest): Promise<SignedTransfer>;
  /**
   * Broadcasts a recorded transaction. Idempotent: a node that already knows it, or has mined it,
   * is not an error. Transport failures throw DependencyError.
   */
  broadcast(chainId: number, rawTx: string): Promise<void>;
  lookup(chainId: number, txHash: string): Promise<TransferLookup>;
  /**
   * The highest block that `finality` counts as final now: the node's `finalized` block with
   * useFinalizedTag, else head − confirmations. A transfer mined at or below it is done.
   */
  finalHeight(chainId: number, finality: Finality): Promise<bigint>;
  /**
   * Which mined transaction used the treasury's `nonce`, judged at the final height (`finalHeight`:
   * a reorg cannot undo what it finds). Read from the block that used the nonce, not from the node's
   * transaction index, which may lag behind its state.
   */
  nonceUse(chainId: number, from: Address, nonce: number, finality: Finality): Promise<NonceUse>;
}
