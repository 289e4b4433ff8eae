/** The ledger model (test/helpers/ledger-model.ts) against the in-memory ledger: many long runs. */
import { describe, it } from 'vitest';
import { type Address, toChecksumAddress } from '#domain/address.js';
import { InMemoryLedger } from '#test/fakes/in-memory-ledger.js';
import { runLedgerModel } from '#test/helpers/ledger-model.js';

const person = (n: number) => toChecksumAddress(`0x${n.toString(16).padStart(40, '0')}`);

describe('ledger model (fast-check commands) on the in-memory ledger', () => {
  it('never loses or invents a base unit: Σ balances + Σ payouts == Σ settled', async () => {
    await runLedgerModel(
      () => {
        const ledger = new InMemoryLedger();
        return {
          ledger,
          chainId: 31337,
          people: [person(1), person(2), person(3), person(4)] as [Address, Address, Address, Address],
          outstanding: async () =>
            [...ledger.payouts.values()]
              .filter((payout) => payout.status !== 'recredited')
              .reduce((sum, payout) => sum + payout.amount, 0n),
        };
      },
      { numRuns: 150, maxCommands: 60 },
    );
  });
});
