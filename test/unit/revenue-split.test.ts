import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Address, toChecksumAddress } from '#domain/address.js';
import { InvalidInputError } from '#domain/errors.js';
import { platformFeeRecipient } from '#domain/ledger/fee-recipients.js';
import {
  balanceDeltas,
  eligibleReferrer,
  MAX_AMOUNT,
  type SplitShare,
  splitSale,
} from '#domain/ledger/revenue-split.js';

const addr = (n: number): Address => toChecksumAddress(`0x${n.toString(16).padStart(40, '0')}`);
const PLATFORM = addr(0xfee);
const A = addr(0xa);
const B = addr(0xb);

const addressArb = fc
  .uint8Array({ minLength: 20, maxLength: 20 })
  .map((bytes) => toChecksumAddress(`0x${Buffer.from(bytes).toString('hex')}`));

/** A valid split: 1..50 distinct addresses, bps ≥ 1 each, summing to 10000. */
const splitArb: fc.Arbitrary<SplitShare[]> = fc.integer({ min: 1, max: 50 }).chain((count) =>
  fc
    .tuple(
      fc.uniqueArray(addressArb, { minLength: count, maxLength: count, selector: (a) => a.toLowerCase() }),
      fc.uniqueArray(fc.integer({ min: 1, max: 9_999 }), { minLength: count - 1, maxLength: count - 1 }),
    )
    .map(([addresses, cuts]) => {
      const points = [0, ...cuts.sort((x, y) => x - y), 10_000];
      return addresses.map((address, i) => ({
        address,
        bps: (points[i + 1] as number) - (points[i] as number),
      }));
    }),
);

const saleArb = fc.record({
  amount: fc.bigInt({ min: 0n, max: MAX_AMOUNT }),
  platformFeeBps: fc.integer({ min: 0, max: 10_000 }),
  referrerShare: fc.integer({ min: 0, max: 10_000 }),
  referrer: fc.option(addressArb, { nil: undefined }),
  platformRecipient: addressArb,
  split: splitArb,
});

type Sale = typeof saleArb extends fc.Arbitrary<infer T> ? T : never;

function toInput(sale: Sale) {
  // Keep platform + referrer ≤ 10000 bps.
  const referrerFeeBps = Math.floor((sale.referrerShare * (10_000 - sale.platformFeeBps)) / 10_000);
  return { ...sale, referrerFeeBps };
}

/** Each leg's exact share as a fraction over 10^8 (see the module comment). */
function exactNumerators(input: ReturnType<typeof toInput>): bigint[] {
  const referrerBps = input.referrer ? input.referrerFeeBps : 0;
  const rest = BigInt(10_000 - input.platformFeeBps - referrerBps);
  const weights = [BigInt(input.platformFeeBps) * 10_000n];
  if (input.referrer) weights.push(BigInt(referrerBps) * 10_000n);
  for (const share of input.split) weights.push(rest * BigInt(share.bps));
  return weights.map((weight) => input.amount * weight);
}

describe('splitSale properties (fast-check)', () => {
  it('credits sum exactly to the amount, for amounts up to 2^256 − 1', () => {
    fc.assert(
      fc.property(saleArb, (sale) => {
        const credits = splitSale(toInput(sale));
        expect(credits.reduce((sum, credit) => sum + credit.amount, 0n)).toBe(sale.amount);
      }),
      { numRuns: 300 },
    );
  });

  it('gives every leg the floor or the ceiling of its exact share (within 1 base unit)', () => {
    fc.assert(
      fc.property(saleArb, (sale) => {
        const input = toInput(sale);
        const credits = splitSale(input);
        const exact = exactNumerators(input);
        const denominator = 10n ** 8n;
        credits.forEach((credit, i) => {
          const scaled = credit.amount * denominator;
          const numerator = exact[i] as bigint;
          const difference = scaled > numerator ? scaled - numerator : numerator - scaled;
          expect(difference < denominator).toBe(true);
          expect(credit.amount >= 0n).toBe(true);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('does not depend on the order of the split (ties go by address, not position)', () => {
    fc.assert(
      fc.property(saleArb, fc.integer(), (sale, seed) => {
        const input = toInput(sale);
        const shuffled = [...input.split].sort(
          (x, y) => ((x.bps * 31 + seed) % 97) - ((y.bps * 31 + seed) % 97),
        );
        const key = (c: { recipient: string; role: string }) => `${c.role}:${c.recipient}`;
        const asMap = (credits: ReturnType<typeof splitSale>) =>
          new Map(credits.map((credit) => [key(credit), credit.amount]));
        expect(asMap(splitSale({ ...input, split: shuffled }))).toEqual(asMap(splitSale(input)));
      }),
      { numRuns: 100 },
    );
  });

  it('keeps balance deltas summing to the amount when addresses repeat across roles', () => {
    fc.assert(
      fc.property(saleArb, (sale) => {
        const input = toInput({ ...sale, platformRecipient: sale.split[0]!.address });
        const deltas = balanceDeltas(splitSale(input));
        expect(deltas.reduce((sum, delta) => sum + delta.amount, 0n)).toBe(sale.amount);
        expect(new Set(deltas.map((delta) => delta.recipient)).size).toBe(deltas.length);
      }),
      { numRuns: 100 },
    );
  });
});

describe('splitSale examples', () => {
  it('splits an even amount with fees exactly', () => {
    const credits = splitSale({
      amount: 1000n,
      platformFeeBps: 250,
      platformRecipient: PLATFORM,
      referrerFeeBps: 100,
      referrer: addr(0xc),
      split: [
        { address: A, bps: 6000 },
        { address: B, bps: 4000 },
      ],
    });
    expect(credits.map((c) => [c.role, c.amount])).toEqual([
      ['platform', 25n],
      ['referrer', 10n],
      ['split', 579n],
      ['split', 386n],
    ]);
  });

  it('hands leftover units to the largest remainders', () => {
    // Exact: platform 24.975, referrer 9.99, A 578.421, B 385.614 → floors 996, 3 left over.
    const credits = splitSale({
      amount: 999n,
      platformFeeBps: 250,
      platformRecipient: PLATFORM,
      referrerFeeBps: 100,
      referrer: addr(0xc),
      split: [
        { address: A, bps: 6000 },
        { address: B, bps: 4000 },
      ],
    });
    expect(credits.map((c) => c.amount)).toEqual([25n, 10n, 578n, 386n]);
  });

  it('breaks equal remainders by ascending address', () => {
    const split = [
      { address: B, bps: 5000 },
      { address: A, bps: 5000 },
    ];
    const base = { amount: 1n, platformFeeBps: 0, platformRecipient: PLATFORM, referrerFeeBps: 0 };
    expect(splitSale({ ...base, split }).map((c) => [c.recipient, c.amount])).toEqual([
      [PLATFORM, 0n],
      [B, 0n],
      [A, 1n],
    ]);
  });

  it('charges the referrer fee only when a referrer is given', () => {
    const base = {
      amount: 10_000n,
      platformFeeBps: 0,
      platformRecipient: PLATFORM,
      referrerFeeBps: 500,
      split: [{ address: A, bps: 10_000 }],
    };
    expect(splitSale(base).map((c) => c.amount)).toEqual([0n, 10_000n]);
    expect(splitSale({ ...base, referrer: B }).map((c) => c.amount)).toEqual([0n, 500n, 9_500n]);
  });

  it.each([
    ['shares not summing to 10000', [{ address: A, bps: 9_999 }], 'INVALID_SPLIT'],
    [
      'a duplicate recipient (other case)',
      [
        { address: A, bps: 5_000 },
        { address: A.toLowerCase() as Address, bps: 5_000 },
      ],
      'INVALID_SPLIT',
    ],
    [
      'a zero share',
      [
        { address: A, bps: 10_000 },
        { address: B, bps: 0 },
      ],
      'INVALID_SPLIT',
    ],
    ['no recipients', [], 'INVALID_SPLIT'],
    [
      '51 recipients',
      Array.from({ length: 51 }, (_, i) => ({ address: addr(i + 1), bps: i === 0 ? 5_000 : 100 })),
      'INVALID_SPLIT',
    ],
  ])('rejects %s', (_name, split, code) => {
    const run = () =>
      splitSale({ amount: 1n, platformFeeBps: 0, platformRecipient: PLATFORM, referrerFeeBps: 0, split });
    expect(run).toThrowError(InvalidInputError);
    expect(run).toThrowError(expect.objectContaining({ code }));
  });

  it('rejects fees above 100% and amounts outside uint256', () => {
    const split = [{ address: A, bps: 10_000 }];
    const base = { platformRecipient: PLATFORM, split, referrer: B };
    expect(() =>
      splitSale({ ...base, amount: 1n, platformFeeBps: 9_000, referrerFeeBps: 1_001 }),
    ).toThrowError(expect.objectContaining({ code: 'INVALID_FEE' }));
    expect(() => splitSale({ ...base, amount: -1n, platformFeeBps: 0, referrerFeeBps: 0 })).toThrowError(
      expect.objectContaining({ code: 'INVALID_AMOUNT' }),
    );
    expect(() =>
      splitSale({ ...base, amount: MAX_AMOUNT + 1n, platformFeeBps: 0, referrerFeeBps: 0 }),
    ).toThrowError(expect.objectContaining({ code: 'INVALID_AMOUNT' }));
  });

  it('merges one address’s legs into one balance delta', () => {
    const credits = splitSale({
      amount: 100n,
      platformFeeBps: 1_000,
      platformRecipient: A,
      referrerFeeBps: 0,
      split: [
        { address: A, bps: 5_000 },
        { address: B, bps: 5_000 },
      ],
    });
    expect(balanceDeltas(credits)).toEqual([
      { recipient: A, amount: 55n },
      { recipient: B, amount: 45n },
    ]);
  });
});

describe('eligibleReferrer', () => {
  const FRONTEND = addr(0xf0);
  const context = { buyer: A, platformRecipient: PLATFORM, registered: [FRONTEND, A, PLATFORM] };
  it('accepts a registered frontend, checksummed', () => {
    expect(eligibleReferrer(FRONTEND.toLowerCase(), context)).toBe(FRONTEND);
  });
  it.each([
    ['missing', undefined],
    ['malformed', '0x1234'],
    ['the zero address', `0x${'0'.repeat(40)}`],
    ['the buyer (self-referral), even registered', A.toLowerCase()],
    ['the platform, even registered', PLATFORM],
  ])('gives no referrer fee to %s', (_name, referrer) => {
    expect(eligibleReferrer(referrer, context)).toBeUndefined();
  });
  it('refuses an address the operator did not register: REFERRER_NOT_REGISTERED', () => {
    expect(() => eligibleReferrer(B, context)).toThrowError(
      expect.objectContaining({ name: 'InvalidInputError', code: 'REFERRER_NOT_REGISTERED' }),
    );
    expect(() => eligibleReferrer(FRONTEND, { ...context, registered: [] })).toThrowError(
      expect.objectContaining({ code: 'REFERRER_NOT_REGISTERED' }),
    );
  });
});

describe('platformFeeRecipient', () => {
  const chains = [{ payTo: B }];
  it('uses the explicit recipient in every stage', () => {
    expect(platformFeeRecipient('prod', PLATFORM, chains)).toBe(PLATFORM);
    expect(platformFeeRecipient('local', PLATFORM, chains)).toBe(PLATFORM);
  });
  it('falls back to the first chain’s pay-to address on the local and test stages only', () => {
    expect(platformFeeRecipient('local', undefined, chains)).toBe(B);
    expect(platformFeeRecipient('test', undefined, chains)).toBe(B);
    for (const stage of ['dev', 'staging', 'prod']) {
      expect(platformFeeRecipient(stage, undefined, chains)).toBeUndefined();
    }
  });
});
