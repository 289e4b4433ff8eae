/**
 * Revenue split of one sale, exact to the base unit. Given the price and the fees, every credit is an
 * integer number of base units and the credits always sum to the price exactly (nothing lost, nothing
 * invented), however large the price (up to 2^256 − 1) and however awkward the basis points.
 *
 * Remainder rule (largest remainder, Hamilton's method, in ONE pass over every leg):
 * 1. Each leg has a weight out of 10000 × 10000 = 10^8:
 *    platform = platformFeeBps × 10000, referrer = referrerFeeBps × 10000 (only with a referrer),
 *    each split recipient = (10000 − platformFeeBps − referrerFeeBps) × recipientBps.
 *    Its exact share is price × weight / 10^8 (a rational number).
 * 2. Every leg first gets the floor of its exact share. The units left over (fewer than the number of
 *    legs) go one each to the legs with the largest fractional remainders.
 * 3. Ties between equal remainders are broken by address (lower-case hex, ascending), then by role
 *    (platform, referrer, split) — never by input order, so the same sale always credits the same way.
 * Hence each credit is the floor or the ceiling of its exact share: within 1 base unit of exact.
 * Splitting in one pass (rather than fees first, then the rest) is what keeps every leg — not only the
 * fees — within 1 unit of its exact share.
 */
import { type Address, isAddressLike, isZeroAddress, toChecksumAddress } from '#domain/address.js';
import { InvalidInputError } from '#domain/errors.js';
import { MAX_AMOUNT } from './amount.js';
import { type SplitShare, TOTAL_BPS, validateSplit } from './split-rules.js';

export type { SplitShare };
/** The largest price the split accepts: the one amount limit (amount.ts). */
export { MAX_AMOUNT };
export const BPS_DENOMINATOR = BigInt(TOTAL_BPS);

export type CreditRole = 'platform' | 'referrer' | 'split';

const ROLE_ORDER: Record<CreditRole, number> = { platform: 0, referrer: 1, split: 2 };

export interface SaleSplitInput {
  /** The price actually settled, in base units. */
  amount: bigint;
  platformFeeBps: number;
  platformRecipient: Address;
  /** Charged only when `referrer` is set (see `eligibleReferrer`). */
  referrerFeeBps: number;
  referrer?: Address | undefined;
  /** The model's split snapshotted at sale time: bps sum to 10000, no duplicate addresses. */
  split: readonly SplitShare[];
}

export interface Credit {
  recipient: Address;
  role: CreditRole;
  amount: bigint;
}

function assertFeeBps(name: string, bps: number): void {
  if (!Number.isInteger(bps) || bps < 0 || bps > TOTAL_BPS) {
    throw new InvalidInputError(`${name} must be an integer from 0 to 10000`, { code: 'INVALID_FEE' });
  }
}

interface Leg {
  recipient: Address;
  role: CreditRole;
  weight: bigint;
}

/**
 * Splits one sale into credits (platform, referrer if any, then the split recipients in the order
 * given). Credits of zero are kept, so a sale's history always shows every leg; use `balanceDeltas`
 * to aggregate per address before updating balances.
 * @throws InvalidInputError (INVALID_AMOUNT, INVALID_FEE, INVALID_SPLIT)
 */
export function splitSale(input: SaleSplitInput): Credit[] {
  const { amount } = input;
  if (amount < 0n || amount > MAX_AMOUNT) {
    throw new InvalidInputError('Amount must be from 0 to 2^256 - 1 base units', { code: 'INVALID_AMOUNT' });
  }
  assertFeeBps('platformFeeBps', input.platformFeeBps);
  assertFeeBps('referrerFeeBps', input.referrerFeeBps);
  const referrerBps = input.referrer ? input.referrerFeeBps : 0;
  if (input.platformFeeBps + referrerBps > TOTAL_BPS) {
    throw new InvalidInputError('Fees exceed 100%', { code: 'INVALID_FEE' });
  }
  const split = validateSplit(input.split);
  const restBps = BigInt(TOTAL_BPS - input.platformFeeBps - referrerBps);

  const legs: Leg[] = [
    {
      recipient: toChecksumAddress(input.platformRecipient),
      role: 'platform',
      weight: BigInt(input.platformFeeBps) * BPS_DENOMINATOR,
    },
  ];
  if (input.referrer) {
    legs.push({
      recipient: toChecksumAddress(input.referrer),
      role: 'referrer',
      weight: BigInt(referrerBps) * BPS_DENOMINATOR,
    });
  }
  for (const share of split) {
    legs.push({ recipient: share.address, role: 'split', weight: restBps * BigInt(share.bps) });
  }

  const denominator = BPS_DENOMINATOR * BPS_DENOMINATOR;
  const floors = legs.map((leg) => (amount * leg.weight) / denominator);
  const remainders = legs.map((leg) => (amount * leg.weight) % denominator);
  let leftover = amount - floors.reduce((sum, value) => sum + value, 0n);

  const order = legs
    .map((leg, index) => ({ leg, index }))
    .sort((a, b) => {
      const ra = remainders[a.index] as bigint;
      const rb = remainders[b.index] as bigint;
      if (ra !== rb) return ra > rb ? -1 : 1;
      const aa = a.leg.recipient.toLowerCase();
      const ab = b.leg.recipient.toLowerCase();
      if (aa !== ab) return aa < ab ? -1 : 1;
      return ROLE_ORDER[a.leg.role] - ROLE_ORDER[b.leg.role];
    });
  // leftover < legs.length because each remainder is < 1 unit; only legs with a remainder get one.
  for (const { index } of order) {
    if (leftover === 0n) break;
    if ((remainders[index] as bigint) === 0n) break;
    floors[index] = (floors[index] as bigint) + 1n;
    leftover -= 1n;
  }
  if (leftover !== 0n) throw new Error('revenue split invariant broken: leftover units');

  return legs.map((leg, index) => ({
    recipient: leg.recipient,
    role: leg.role,
    amount: floors[index] as bigint,
  }));
}

/** A credit of a settled payment: a leg of the sale split, or an overpayment going back to the buyer. */
export interface PaymentCredit {
  recipient: Address;
  role: CreditRole | 'overpayment';
  amount: bigint;
}

/**
 * The credits of a payment that settles a sale: the sale split of the price (`splitSale`), then, when
 * the buyer paid more than the price, the difference credited back to the buyer's withdrawable
 * balance (overpayment is the buyer's money).
 * @throws InvalidInputError as `splitSale`
 */
export function paymentCredits(input: SaleSplitInput & { paid: bigint; buyer: Address }): PaymentCredit[] {
  const { paid, buyer, ...sale } = input;
  const credits: PaymentCredit[] = splitSale(sale);
  if (paid > sale.amount) credits.push({ recipient: buyer, role: 'overpayment', amount: paid - sale.amount });
  return credits;
}

/**
 * Sums credits per recipient address (an address can hold several legs, e.g. the platform being a
 * split recipient too). DynamoDB refuses two operations on one item in a transaction, so balance
 * updates must use these totals. Zero totals are left out. Ordered by address.
 */
export function balanceDeltas(
  credits: ReadonlyArray<{ recipient: Address; amount: bigint }>,
): Array<{ recipient: Address; amount: bigint }> {
  const totals = new Map<Address, bigint>();
  for (const credit of credits) {
    totals.set(credit.recipient, (totals.get(credit.recipient) ?? 0n) + credit.amount);
  }
  return [...totals.entries()]
    .filter(([, amount]) => amount > 0n)
    .sort(([a], [b]) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1))
    .map(([recipient, amount]) => ({ recipient, amount }));
}

/**
 * The referrer that earns the referrer fee on an order, or undefined. Only a frontend the operator
 * registered (REFERRER_ADDRESSES) may earn it: otherwise any buyer could name a second wallet of his
 * own and take the fee out of the creators' share as a rebate. Among registered ones, the buyer (no
 * self-referral) and the platform recipient earn nothing; neither does a missing, malformed or zero
 * address (request validation refuses those first).
 * @throws InvalidInputError code REFERRER_NOT_REGISTERED for a well-formed address that is not
 *   registered, so a misconfigured frontend learns at once instead of silently earning nothing.
 */
export function eligibleReferrer(
  referrer: string | undefined,
  context: { buyer: Address; platformRecipient: Address; registered: readonly Address[] },
): Address | undefined {
  if (!referrer || !isAddressLike(referrer)) return undefined;
  const address = toChecksumAddress(referrer);
  if (isZeroAddress(address)) return undefined;
  if (!context.registered.some((candidate) => toChecksumAddress(candidate) === address)) {
    throw new InvalidInputError(`${address} is not a registered referrer`, {
      code: 'REFERRER_NOT_REGISTERED',
    });
  }
  if (address === toChecksumAddress(context.buyer)) return undefined;
  if (address === toChecksumAddress(context.platformRecipient)) return undefined;
  return address;
}
