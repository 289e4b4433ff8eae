/**
 * The revenue-split rules, stated once: 1 to 50 recipients, each share an integer from 1 to 10000
 * basis points, the shares summing to exactly 10000, no address twice (case-insensitive). Two
 * boundaries check them in their own words: the catalogue, when an owner sets a split
 * (catalogue/split.ts: one zod issue per problem, EIP-55 and non-zero addresses required), and the sale
 * split, which re-checks the snapshotted split before moving money (`validateSplit`: INVALID_SPLIT).
 */
import { type Address, isAddressLike, toChecksumAddress } from '#domain/address.js';
import { InvalidInputError } from '#domain/errors.js';

/** A whole split, in basis points: every split sums to exactly this. */
export const TOTAL_BPS = 10_000;
/** Design limit on revenue-split recipients (keeps a settlement inside one DynamoDB transaction). */
export const MAX_SPLIT_RECIPIENTS = 50;

/** One recipient's share of a model's revenue, in basis points. */
export interface SplitShare {
  address: Address;
  bps: number;
}

/** One broken rule; recipients are named by their index in the split. */
export type SplitIssue =
  | { rule: 'recipient-count'; count: number }
  | { rule: 'address'; index: number; address: string }
  | { rule: 'bps'; index: number; bps: number }
  | { rule: 'duplicate'; index: number; firstIndex: number; address: string }
  | { rule: 'total'; total: number };

/**
 * Every rule `split` breaks, in a fixed order: the recipient count; then, recipient by recipient, its
 * address (any case form a 20-byte hex address may take), its bps, whether its address came earlier;
 * last the total. Lazy: a caller that stops at the first issue checks no further.
 */
export function* splitIssues(split: readonly { address: string; bps: number }[]): Generator<SplitIssue> {
  if (split.length === 0 || split.length > MAX_SPLIT_RECIPIENTS) {
    yield { rule: 'recipient-count', count: split.length };
  }
  const seen = new Map<string, number>();
  let total = 0;
  for (const [index, share] of split.entries()) {
    if (!isAddressLike(share.address)) yield { rule: 'address', index, address: share.address };
    if (!Number.isInteger(share.bps) || share.bps < 1 || share.bps > TOTAL_BPS) {
      yield { rule: 'bps', index, bps: share.bps };
    }
    const key = share.address.toLowerCase();
    const firstIndex = seen.get(key);
    if (firstIndex !== undefined) {
      yield { rule: 'duplicate', index, firstIndex, address: share.address };
    } else {
      seen.set(key, index);
    }
    total += share.bps;
  }
  if (total !== TOTAL_BPS) yield { rule: 'total', total };
}

/** How `validateSplit` words each issue. */
function invalidSplitMessage(issue: SplitIssue): string {
  switch (issue.rule) {
    case 'recipient-count':
      return `A split needs 1 to ${MAX_SPLIT_RECIPIENTS} recipients`;
    case 'address':
      return `Not an address: ${issue.address}`;
    case 'bps':
      return `Each share must be an integer from 1 to ${TOTAL_BPS} basis points`;
    case 'duplicate':
      return `Duplicate recipient ${issue.address}`;
    case 'total':
      return `Shares must sum to ${TOTAL_BPS} basis points, not ${issue.total}`;
  }
}

/**
 * Validates a revenue split against the rules above. Returns the split with checksummed addresses.
 * @throws InvalidInputError code INVALID_SPLIT, worded after the first broken rule
 */
export function validateSplit(split: readonly SplitShare[]): SplitShare[] {
  const first = splitIssues(split).next();
  if (!first.done) throw new InvalidInputError(invalidSplitMessage(first.value), { code: 'INVALID_SPLIT' });
  return split.map((share) => ({ address: toChecksumAddress(share.address), bps: share.bps }));
}
