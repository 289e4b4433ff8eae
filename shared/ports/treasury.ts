/** The treasury's side of payouts: sign, broadcast and look up transfers on an EVM chain. */
import type { Address } from '../domain/address.js';
import type { CurrencyId } from '../domain/ledger/balance.js';
import type { SignedTransfer } from '../domain/payouts/payout.js';

export interface TransferRequest {
  chainId: number;
  currency: CurrencyId;
  to: Address;
  amount: bigint;
}

export type TransferLookup =
  /** No node knows the hash: never broadcast, dropped, or reorged out. */
  | { state: 'unknown' }
  /** In the mempool, not mined. */
  | { state: 'pending' }
  | { state: 'mined'; success: boolean; blockNumber: bigint; confirmations: number };

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
   * The treasury's count of transactions mined at `confirmations` blocks below the head: nonces below
   * it are used for good (a shallow reorg cannot give them back).
   */
  minedNonce(chainId: number, from: Address, confirmations: number): Promise<number>;
}
