/**
 * The one limit on amounts, everywhere: an offer's price, an order, a sale, a credit, a payout. It is
 * the EVM's (uint256), because every amount we accept must also be payable on chain and recordable in
 * the ledger: an offer priced above what storage holds would be ordered and paid, then refused at
 * settlement with the payment left unclaimed. Balances are sums of credits and may exceed it; the
 * ledger stores them exactly (see shared/adapters/dynamodb/balance-limbs.ts).
 */
import { ConflictError, InvalidInputError } from '#domain/errors.js';

/** uint256's maximum: the largest price, order, sale, credit or payout, in base units. */
export const MAX_AMOUNT = 2n ** 256n - 1n;

/** How the limit reads in messages and API descriptions. */
export const MAX_AMOUNT_DESCRIPTION = 'at most 2^256 − 1 base units (uint256)';

/** Whether `text` is a canonical decimal amount (no sign, no leading zeros) from 0 to MAX_AMOUNT. */
export function isAmountText(text: string): boolean {
  return /^(0|[1-9]\d{0,77})$/.test(text) && BigInt(text) <= MAX_AMOUNT;
}

/**
 * The ledger's guard on one amount it records (a sale, a credit, a payout): within the limit, and
 * positive unless `allowZero` (a free sale records zero).
 * @throws InvalidInputError code INVALID_AMOUNT or AMOUNT_TOO_LARGE.
 */
export function assertLedgerAmount(amount: bigint, allowZero = false): void {
  if (amount < (allowZero ? 0n : 1n)) {
    throw new InvalidInputError(`Amount must be ${allowZero ? 'zero or more' : 'positive'}`, {
      code: 'INVALID_AMOUNT',
    });
  }
  if (amount > MAX_AMOUNT) {
    throw new InvalidInputError(`Amount must be ${MAX_AMOUNT_DESCRIPTION}`, { code: 'AMOUNT_TOO_LARGE' });
  }
}

/**
 * What "withdraw the whole balance" moves in one payout. A balance (a sum of credits) may exceed what
 * one transfer can move: the whole balance means up to MAX_AMOUNT per payout; the rest stays for the
 * next one.
 */
export function wholeBalancePayout(balance: bigint): bigint {
  return balance < MAX_AMOUNT ? balance : MAX_AMOUNT;
}

/**
 * What is left of `balance` after debiting `amount`: a balance never goes negative.
 * @throws ConflictError code INSUFFICIENT_BALANCE when the balance is smaller than the amount.
 */
export function balanceAfterDebit(balance: bigint, amount: bigint): bigint {
  if (balance < amount) {
    throw new ConflictError('The balance is smaller than the payout', { code: 'INSUFFICIENT_BALANCE' });
  }
  return balance - amount;
}
