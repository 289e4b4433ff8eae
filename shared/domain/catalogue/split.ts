/**
 * Revenue splits: who gets which share of each sale, in integer basis points. The split in force is
 * snapshotted into every sale by the purchases flow, so changing it never rewrites history. The rules
 * themselves live with the money (ledger/split-rules.ts); this is how a requested split is checked
 * and worded at the catalogue's boundary.
 */
import { z } from 'zod';
import { MAX_SPLIT_RECIPIENTS, splitIssues, TOTAL_BPS } from '#domain/ledger/split-rules.js';
import { personAddressSchema, splitRecipientSchema } from './schemas.js';

/**
 * A whole split as requested: 1..50 recipients, each a person address (EIP-55, never the zero
 * address), no duplicate address, bps summing to exactly 10000. Stored splits are read back with the
 * plain `splitRecipientSchema`, so a split saved before a rule was added still loads.
 */
export const splitSchema = z
  .array(splitRecipientSchema.extend({ address: personAddressSchema('checksummed') }))
  .min(1, 'a split needs at least one recipient')
  .max(MAX_SPLIT_RECIPIENTS, `a split has at most ${MAX_SPLIT_RECIPIENTS} recipients`)
  .superRefine((recipients, ctx) => {
    // The recipient count and each recipient's address and bps are checked above, field by field.
    for (const issue of splitIssues(recipients)) {
      if (issue.rule === 'duplicate') {
        ctx.addIssue({
          code: 'custom',
          path: [issue.index, 'address'],
          message: `duplicate recipient ${issue.address} (also at index ${issue.firstIndex})`,
        });
      } else if (issue.rule === 'total') {
        ctx.addIssue({
          code: 'custom',
          message: `bps must sum to exactly ${TOTAL_BPS} (got ${issue.total})`,
        });
      }
    }
  });
export type Split = z.infer<typeof splitSchema>;

/** The split a new model starts with: everything to its owner. */
export function ownerOnlySplit(owner: `0x${string}`): Split {
  return [{ address: owner, bps: TOTAL_BPS, role: 'owner' }];
}
