/**
 * How a ledger balance is stored exactly over the whole amount range (credits up to 2^256 − 1, sums
 * beyond it) when a DynamoDB Number holds only 38 significant digits.
 *
 * Encoding: three Number attributes, limbs in base 10^26, value = b0 + b1·10^26 + b2·10^52.
 * - A credit ADDs its own limbs (each below 10^26; the top one takes everything above 10^52, below
 *   1.2·10^25 for any uint256) and 1 to the revision counter `rev`, with no carry and no read, so
 *   concurrent credits inside settlement transactions never lose an update (ADD is atomic).
 * - After k credits since the last normalisation each limb is below (k + 1)·10^26: it needs ~10^12
 *   credits without a debit to reach 38 digits. Even then nothing is rounded: DynamoDB refuses an
 *   ADD whose result needs more than 38 digits (ValidationException; measured on DynamoDB Local), so
 *   the worst case is a refused credit, never a wrong balance.
 * - A debit (payout request) reads the limbs and `rev`, lets the domain check balance ≥ amount on the
 *   exact value, and writes the NORMALISED limbs of (value − amount) with the condition `rev = :rev`
 *   (optimistic concurrency; any credit or debit in between bumped `rev`, so a lost race is retried on
 *   a fresh read). A debit never goes negative, and it resets every limb below 10^26.
 * - Items written before this encoding hold one Number `balance` (< 10^38): it counts as a fourth,
 *   legacy limb at 10^0 until the first debit folds it into the limbs and removes it. So a local
 *   `.data/` from an earlier version keeps working without a reset.
 * Why not one decimal string: a string cannot be added to atomically, so every credit (in the hot
 * settlement path, where the platform's balance is credited by every sale) would need a read and a
 * conditional write; limbs keep credits blind and contention-free, and only debits (rare) pay for
 * the read.
 */
import { z } from 'zod';

/** 10^26: a limb times a credit count of up to ~10^12 stays within DynamoDB's 38 digits. */
export const LIMB_BASE = 10n ** 26n;

/** The attribute names, lowest limb first. */
export const LIMB_ATTRIBUTES = ['b0', 'b1', 'b2'] as const;

export type Limbs = readonly [bigint, bigint, bigint];

/**
 * The limbs of a non-negative amount: two below 10^26 and the top one with the rest (any size).
 * @throws RangeError for a negative amount (callers validate first).
 */
export function toLimbs(amount: bigint): Limbs {
  if (amount < 0n) throw new RangeError('a balance limb encoding needs a non-negative amount');
  return [amount % LIMB_BASE, (amount / LIMB_BASE) % LIMB_BASE, amount / (LIMB_BASE * LIMB_BASE)];
}

const integer = z.union([z.number().int(), z.bigint()]).transform((value) => BigInt(value));

/** The balance attributes of an item as stored (all optional: an absent limb is 0). */
export const storedBalanceSchema = z.object({
  b0: integer.optional(),
  b1: integer.optional(),
  b2: integer.optional(),
  /** Pre-limb items: one Number with the whole balance. */
  balance: integer.optional(),
  rev: integer.optional(),
});
export type StoredBalance = z.infer<typeof storedBalanceSchema>;

/** The exact value of a stored balance (0 for an absent item). */
export function balanceValue(stored: StoredBalance | undefined): bigint {
  if (!stored) return 0n;
  const [b0, b1, b2] = [stored.b0 ?? 0n, stored.b1 ?? 0n, stored.b2 ?? 0n];
  return (stored.balance ?? 0n) + b0 + b1 * LIMB_BASE + b2 * LIMB_BASE * LIMB_BASE;
}
