/**
 * An in-memory LedgerRepository + PayoutRepository with the same contract as the DynamoDB adapter
 * (conditional claims, conditional debits, conditional status moves). Used by unit and model-based tests.
 */

import { ConflictError, NotFoundError } from '#domain/errors.js';
import { assertLedgerAmount } from '#domain/ledger/amount.js';
import type { BalanceKey, LedgerSale } from '#domain/ledger/balance.js';
import {
  PAYOUT_TRANSITIONS,
  type Payout,
  type PayoutStatus,
  type SignedTransfer,
} from '#domain/payouts/payout.js';
import type { LedgerRepository, PayoutRepository } from '#ports/ledger.js';

/**
 * Guards a status change by the transition table, as the DynamoDB adapter's conditions do.
 * @throws ConflictError code PAYOUT_INVALID_TRANSITION
 */
function assertPayoutTransition(from: PayoutStatus, to: PayoutStatus): void {
  if (!PAYOUT_TRANSITIONS[from].includes(to)) {
    throw new ConflictError(`A payout cannot go from ${from} to ${to}`, {
      code: 'PAYOUT_INVALID_TRANSITION',
      details: { from, to },
    });
  }
}

const balanceId = (key: BalanceKey) =>
  `${key.recipient.toLowerCase()}|${key.chainId}|${key.currency.toLowerCase()}`;

export class InMemoryLedger implements LedgerRepository, PayoutRepository {
  readonly balances = new Map<string, bigint>();
  readonly claims = new Set<string>();
  readonly payouts = new Map<string, Payout>();

  async recordSale(sale: LedgerSale): Promise<void> {
    const claim = `${sale.chainId}|${sale.txHash}`;
    if (this.claims.has(claim))
      throw new ConflictError('Transaction already claimed', { code: 'TX_ALREADY_CLAIMED' });
    this.claims.add(claim);
    for (const credit of sale.credits) {
      const id = balanceId({ recipient: credit.recipient, chainId: sale.chainId, currency: sale.currency });
      this.balances.set(id, (this.balances.get(id) ?? 0n) + credit.amount);
    }
  }

  async balance(key: BalanceKey): Promise<bigint> {
    return this.balances.get(balanceId(key)) ?? 0n;
  }

  async requestPayout(payout: Omit<Payout, 'status' | 'updatedAt'>): Promise<Payout> {
    const id = balanceId(payout);
    const balance = this.balances.get(id) ?? 0n;
    // As the DynamoDB ledger: positive and at most 2^256 − 1, else invalid input (before any balance check).
    assertLedgerAmount(payout.amount);
    if (balance < payout.amount) {
      throw new ConflictError('Insufficient balance', { code: 'INSUFFICIENT_BALANCE' });
    }
    if (this.payouts.has(payout.id)) throw new ConflictError('Payout exists');
    this.balances.set(id, balance - payout.amount);
    const stored: Payout = { ...payout, status: 'requested', updatedAt: payout.requestedAt };
    this.payouts.set(payout.id, stored);
    return { ...stored };
  }

  async get(payoutId: string): Promise<Payout | undefined> {
    const payout = this.payouts.get(payoutId);
    return payout ? { ...payout } : undefined;
  }

  async listByStatus(
    chainId: number,
    status: 'requested' | 'sent' | 'failed',
    limit: number,
  ): Promise<Payout[]> {
    return [...this.payouts.values()]
      .filter((payout) => payout.chainId === chainId && payout.status === status)
      .sort((a, b) => (a.requestedAt < b.requestedAt ? -1 : 1))
      .slice(0, limit)
      .map((payout) => ({ ...payout }));
  }

  async recordSigned(payoutId: string, transfer: SignedTransfer, at: string): Promise<void> {
    this.move(payoutId, 'requested', 'sent', at, { transfer });
  }

  async markConfirmed(payoutId: string, blockNumber: bigint, at: string): Promise<void> {
    this.move(payoutId, 'sent', 'confirmed', at, { blockNumber });
  }

  async markFailed(payoutId: string, reason: string, at: string): Promise<void> {
    this.move(payoutId, 'sent', 'failed', at, { failureReason: reason });
  }

  async recredit(payoutId: string, at: string): Promise<void> {
    const payout = this.move(payoutId, 'failed', 'recredited', at, {});
    const id = balanceId(payout);
    this.balances.set(id, (this.balances.get(id) ?? 0n) + payout.amount);
  }

  private move(
    payoutId: string,
    from: PayoutStatus,
    to: PayoutStatus,
    at: string,
    patch: Partial<Payout>,
  ): Payout {
    const payout = this.payouts.get(payoutId);
    if (!payout) throw new NotFoundError('No such payout');
    if (payout.status !== from) throw new ConflictError(`Payout is ${payout.status}, not ${from}`);
    assertPayoutTransition(from, to);
    const next = { ...payout, ...patch, status: to, updatedAt: at };
    this.payouts.set(payoutId, next);
    return next;
  }
}
