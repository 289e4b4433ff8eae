/**
 * What the domain needs to store the revenue ledger: balances per (recipient, chain, currency), sales
 * whose payment transaction can be claimed once, and payouts debited atomically from a balance.
 * Implemented by DynamoLedgerRepository (and an in-memory fake in the tests).
 */
import type { BalanceKey, LedgerSale } from '#domain/ledger/balance.js';
import type { Payout, PayoutStatus, SignedTransfer } from '#domain/payouts/payout.js';

export interface LedgerRepository {
  /**
   * Claims (chainId, txHash) and adds every credit to its recipient's balance, all or nothing.
   * @throws ConflictError code TX_ALREADY_CLAIMED if that transaction settled a sale before.
   */
  recordSale(sale: LedgerSale): Promise<void>;
  /** The balance in base units (0 when the recipient never earned in that currency). */
  balance(key: BalanceKey): Promise<bigint>;
  /**
   * Debits `payout.amount` from the balance and writes the payout as `requested`, atomically.
   * @throws ConflictError code INSUFFICIENT_BALANCE when the balance is smaller (nothing written).
   */
  requestPayout(payout: Omit<Payout, 'status' | 'updatedAt'>): Promise<Payout>;
}

/** What the payout worker needs: payouts by status and conditional status changes. */
export interface PayoutRepository {
  get(payoutId: string): Promise<Payout | undefined>;
  /** Payouts of one chain in one open status, oldest first (nonces are per chain, so workers go chain by chain). */
  listByStatus(
    chainId: number,
    status: Extract<PayoutStatus, 'requested' | 'sent' | 'failed'>,
    limit: number,
  ): Promise<Payout[]>;
  /**
   * requested → sent, recording the signed transaction. Must be durable before the worker broadcasts.
   * @throws ConflictError if the payout is no longer `requested` (another worker got there first).
   */
  recordSigned(payoutId: string, transfer: SignedTransfer, at: string): Promise<void>;
  /** sent → confirmed. */
  markConfirmed(payoutId: string, blockNumber: bigint, at: string): Promise<void>;
  /** sent → failed. */
  markFailed(payoutId: string, reason: string, at: string): Promise<void>;
  /** failed → recredited, adding the amount back to the balance in the same transaction. */
  recredit(payoutId: string, at: string): Promise<void>;
}
