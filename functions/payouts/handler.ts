/**
 * Payout worker Lambda entry (scheduled). Placeholder until the purchases issue implements the
 * payout state machine: it only reports that there is nothing to do.
 */
export const handler = async (): Promise<{ processed: number }> => ({ processed: 0 });
