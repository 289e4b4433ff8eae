/**
 * Pull payouts, the recipient's side: ask to withdraw (part of) a balance. The debit and the payout
 * record are one conditional transaction (the balance never goes negative); the worker sends it later.
 */
import { randomBytes } from 'node:crypto';
import type { ChainConfig } from '../../config.js';
import type { Clock } from '../../ports/clock.js';
import type { LedgerRepository } from '../../ports/ledger.js';
import type { Caller } from '../auth/caller.js';
import { ConflictError, InvalidInputError } from '../errors.js';
import { MAX_AMOUNT } from '../ledger/amount.js';
import type { CurrencyId } from '../ledger/balance.js';
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

const min = (a: bigint, b: bigint) => (a < b ? a : b);

export class PayoutRequestService {
  constructor(
    private readonly ledger: LedgerRepository,
    private readonly history: PayoutHistory,
    private readonly chains: readonly ChainConfig[],
    private readonly clock: Clock,
  ) {}

  /** Withdraws `amount` (default: the whole balance) of one currency on one chain. */
  async request(caller: Caller, input: { chainId: number; currency: string; amount?: string | undefined }) {
    const chain = this.chains.find((candidate) => candidate.chainId === input.chainId);
    const currency = chain?.currencies.find(
      (candidate) => candidate.address.toLowerCase() === input.currency.toLowerCase(),
    )?.address as CurrencyId | undefined;
    if (!chain || !currency) {
      throw new InvalidInputError('That chain and currency are not accepted here', {
        code: 'CURRENCY_UNSUPPORTED',
      });
    }
    const key = { recipient: caller.address, chainId: chain.chainId, currency };
    // A balance (a sum of credits) may exceed what one transfer can move: the whole balance means up
    // to MAX_AMOUNT per payout; the rest stays for the next one.
    const amount =
      input.amount === undefined ? min(await this.ledger.balance(key), MAX_AMOUNT) : BigInt(input.amount);
    if (amount <= 0n)
      throw new ConflictError('There is nothing to withdraw', { code: 'INSUFFICIENT_BALANCE' });
    const payout = await this.ledger.requestPayout({
      id: `pay_${randomBytes(12).toString('hex')}`,
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
