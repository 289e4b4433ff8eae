/**
 * Pull payouts, the recipient's side: ask to withdraw (part of) a balance. The debit and the payout
 * record are one conditional transaction (the balance never goes negative); the worker sends it later.
 */

import type { Caller } from '#domain/auth/caller.js';
import { ConflictError, InvalidInputError } from '#domain/errors.js';
import { newId } from '#domain/ids.js';
import { wholeBalancePayout } from '#domain/ledger/amount.js';
import type { CurrencyId } from '#domain/ledger/balance.js';
import type { Clock } from '#ports/clock.js';
import type { LedgerRepository } from '#ports/ledger.js';
import type { Payout } from './payout.js';

export interface PayoutHistory {
  payoutsOf(recipient: Caller['address'], limit?: number): Promise<Payout[]>;
}

export function payoutView(payout: Payout) {
  return {
    id: payout.id,
    status: payout.status,
    chainId: payout.chainId,
    currency: payout.currency,
    amount: payout.amount.toString(),
    requestedAt: payout.requestedAt,
    updatedAt: payout.updatedAt,
    txHash: payout.transfer?.txHash ?? null,
    failureReason: payout.failureReason ?? null,
  };
}

/** What payouts need to know of an accepted chain: its id and the currencies paid on it. */
export interface PayoutChain {
  chainId: number;
  currencies: ReadonlyArray<{ address: CurrencyId }>;
}

export class PayoutRequestService {
  constructor(
    private readonly ledger: LedgerRepository,
    private readonly history: PayoutHistory,
    private readonly chains: readonly PayoutChain[],
    private readonly clock: Clock,
  ) {}

  /** Withdraws `amount` (default: the whole balance) of one currency on one chain. */
  async request(caller: Caller, input: { chainId: number; currency: string; amount?: string | undefined }) {
    const chain = this.chains.find((candidate) => candidate.chainId === input.chainId);
    const currency = chain?.currencies.find(
      (candidate) => candidate.address.toLowerCase() === input.currency.toLowerCase(),
    )?.address;
    if (!chain || !currency) {
      throw new InvalidInputError('That chain and currency are not accepted here', {
        code: 'CURRENCY_UNSUPPORTED',
      });
    }
    const key = { recipient: caller.address, chainId: chain.chainId, currency };
    const amount =
      input.amount === undefined ? wholeBalancePayout(await this.ledger.balance(key)) : BigInt(input.amount);
    if (amount <= 0n)
      throw new ConflictError('There is nothing to withdraw', { code: 'INSUFFICIENT_BALANCE' });
    const payout = await this.ledger.requestPayout({
      id: newId('payout'),
      ...key,
      amount,
      requestedAt: this.clock.now().toISOString(),
    });
    return payoutView(payout);
  }

  async list(caller: Caller) {
    return (await this.history.payoutsOf(caller.address)).map(payoutView);
  }
}
