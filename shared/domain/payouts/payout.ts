/**
 * A pull payout: a recipient withdraws (part of) a balance. The balance is debited when the payout is
 * requested; the payout worker then sends it from the treasury. States and the only allowed moves:
 *
 *   requested ──sign+record──▶ sent ──mined ok──▶ confirmed
 *                               │
 *                               └──reverted / nonce taken by another tx──▶ failed ──▶ recredited
 *
 * `sent` means "this exact signed transaction (raw bytes, hash, nonce) is recorded": it is entered
 * BEFORE the transaction is broadcast, so a crash at any point leaves either nothing signed on record
 * (nothing was broadcast, signing again is safe) or a recorded transaction that is re-broadcast and
 * looked up by hash — never a second, different transaction for the same payout.
 */
import type { Address } from '#domain/address.js';
import type { CurrencyId } from '#domain/ledger/balance.js';
import type { TxHash } from '#domain/tx-hash.js';

export const PAYOUT_STATUSES = ['requested', 'sent', 'confirmed', 'failed', 'recredited'] as const;
export type PayoutStatus = (typeof PAYOUT_STATUSES)[number];

/**
 * The transition table: from each status, the statuses it may move to. The ledger adapter enforces it
 * with a condition on the current status in every move; test/fakes/in-memory-ledger.ts checks it.
 */
export const PAYOUT_TRANSITIONS: Readonly<Record<PayoutStatus, readonly PayoutStatus[]>> = {
  requested: ['sent'],
  sent: ['confirmed', 'failed'],
  confirmed: [],
  failed: ['recredited'],
  recredited: [],
};

/** A transaction signed by the treasury, recorded before it is broadcast. */
export interface SignedTransfer {
  rawTx: string;
  txHash: TxHash;
  nonce: number;
  from: Address;
}

export interface Payout {
  id: string;
  recipient: Address;
  chainId: number;
  currency: CurrencyId;
  amount: bigint;
  status: PayoutStatus;
  requestedAt: string;
  updatedAt: string;
  transfer?: SignedTransfer | undefined;
  /** Block of the confirmed transfer. */
  blockNumber?: bigint | undefined;
  failureReason?: string | undefined;
}
