/**
 * Revenue splits: who gets which share of each sale, in integer basis points. The split in force is
 * snapshotted into every sale by the purchases flow, so changing it never rewrites history.
 */
import { z } from 'zod';
import { CATALOGUE_LIMITS, personAddressSchema, splitRecipientSchema } from './schemas.js';

export const TOTAL_BPS = 10_000;

/**
 * A whole split as requested: 1..50 recipients, each a person address (EIP-55, never the zero
 * address), no duplicate address, bps summing to exactly 10000. Stored splits are read back with the
 * plain `splitRecipientSchema`, so a split saved before a rule was added still loads.
 */
export const splitSchema = z
  .array(splitRecipientSchema.extend({ address: personAddressSchema('checksummed') }))
  .min(1, 'a split needs at least one recipient')
  .max(CATALOGUE_LIMITS.splitRecipients, `a split has at most ${CATALOGUE_LIMITS.splitRecipients} recipients`)
  .superRefine((recipients, ctx) => {
    const seen = new Map<string, number>();
    recipients.forEach((recipient, index) => {
      const key = recipient.address.toLowerCase();
      const first = seen.get(key);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [index, 'address'],
          message: `duplicate recipient ${recipient.address} (also at index ${first})`,
        });
      } else {
        seen.set(key, index);
      }
    });
    const total = recipients.reduce((sum, recipient) => sum + recipient.bps, 0);
    if (total !== TOTAL_BPS) {
      ctx.addIssue({ code: 'custom', message: `bps must sum to exactly ${TOTAL_BPS} (got ${total})` });
    }
  });
export type Split = z.infer<typeof splitSchema>;

/** The split a new model starts with: everything to its owner. */
export function ownerOnlySplit(owner: `0x${string}`): Split {
  return [{ address: owner, bps: TOTAL_BPS, role: 'owner' }];
}
