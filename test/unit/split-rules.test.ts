import { describe, expect, it } from 'vitest';
import { splitSchema } from '#domain/catalogue/split.js';
import { InvalidInputError } from '#domain/errors.js';
import { type SplitShare, splitIssues, validateSplit } from '#domain/ledger/split-rules.js';

const A = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
const B = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';

describe('the split rules, shared by the catalogue and the sale split', () => {
  it('lists every broken rule in order: recipient by recipient, then the total', () => {
    const split = [
      { address: A, bps: 0 },
      { address: A.toLowerCase(), bps: 5000 },
    ];
    expect([...splitIssues(split)]).toEqual([
      { rule: 'bps', index: 0, bps: 0 },
      { rule: 'duplicate', index: 1, firstIndex: 0, address: A.toLowerCase() },
      { rule: 'total', total: 5000 },
    ]);
  });

  it('words the first broken rule as INVALID_SPLIT in the sale split', () => {
    const cases: Array<[SplitShare[], string]> = [
      [[], 'A split needs 1 to 50 recipients'],
      [[{ address: '0x12' as SplitShare['address'], bps: 10_000 }], 'Not an address: 0x12'],
      [[{ address: A, bps: 1.5 }], 'Each share must be an integer from 1 to 10000 basis points'],
      [
        [
          { address: A, bps: 5000 },
          { address: A, bps: 5000 },
        ],
        `Duplicate recipient ${A}`,
      ],
      [[{ address: A, bps: 9000 }], 'Shares must sum to 10000 basis points, not 9000'],
    ];
    for (const [split, message] of cases) {
      expect(() => validateSplit(split)).toThrowError(message);
      expect(() => validateSplit(split)).toThrowError(InvalidInputError);
    }
  });

  it('words duplicates and the total per field in the catalogue', () => {
    const result = splitSchema.safeParse([
      { address: A, bps: 4000 },
      { address: B, bps: 3000 },
      { address: A, bps: 2000 },
    ]);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map(({ path, message }) => ({ path, message }))).toEqual([
      { path: [2, 'address'], message: `duplicate recipient ${A} (also at index 0)` },
      { path: [], message: 'bps must sum to exactly 10000 (got 9000)' },
    ]);
  });

  it('returns a valid split with checksummed addresses', () => {
    expect(validateSplit([{ address: B.toLowerCase() as SplitShare['address'], bps: 10_000 }])).toEqual([
      { address: B, bps: 10_000 },
    ]);
  });
});
