/**
 * The ledger's model-based test, shared by the in-memory fake (many runs) and the DynamoDB adapter
 * (few runs): random sequences of settle / replay / withdraw / payout outcome, checking after every
 * step that no base unit is lost or invented — Σ balances + Σ outstanding payouts == Σ settled — and
 * that every balance equals the model's and is never negative.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import type { Address } from '#domain/address.js';
import { ConflictError, InvalidInputError } from '#domain/errors.js';
import { MAX_AMOUNT, splitSale } from '#domain/ledger/revenue-split.js';
import { parseTxHash, type TxHash } from '#domain/tx-hash.js';
import type { LedgerRepository, PayoutRepository } from '#ports/ledger.js';

const CURRENCY = 'native' as const;

/** One run's system under test: its own chain id and recipients keep runs apart in a shared table. */
export interface LedgerUnderTest {
  ledger: LedgerRepository & PayoutRepository;
  chainId: number;
  /** people[0] is the platform; people[3] the referrer. */
  people: readonly [Address, Address, Address, Address];
  /** Σ amounts of this run's payouts that are not re-credited. */
  outstanding(): Promise<bigint>;
}

interface Model {
  settled: bigint;
  txs: TxHash[];
  nextTx: number;
  nextPayout: number;
  balances: Map<Address, bigint>;
}

async function checkInvariant(model: Model, real: LedgerUnderTest): Promise<void> {
  let balances = 0n;
  for (const person of real.people) {
    const balance = await real.ledger.balance({
      recipient: person,
      chainId: real.chainId,
      currency: CURRENCY,
    });
    expect(balance).toBe(model.balances.get(person) ?? 0n);
    expect(balance >= 0n).toBe(true);
    balances += balance;
  }
  expect(balances + (await real.outstanding())).toBe(model.settled);
}

type Command = fc.AsyncCommand<Model, LedgerUnderTest>;

class Settle implements Command {
  constructor(
    readonly amount: bigint,
    readonly bps: number,
    readonly referrer: boolean,
  ) {}
  check = () => true;
  async run(model: Model, real: LedgerUnderTest) {
    const txHash = parseTxHash(
      `0x${real.chainId.toString(16).padStart(16, '0')}${(model.nextTx++).toString(16).padStart(48, '0')}`,
    );
    const [platform, alice, bob, referrer] = real.people;
    const credits = splitSale({
      amount: this.amount,
      platformFeeBps: 250,
      platformRecipient: platform,
      referrerFeeBps: 100,
      referrer: this.referrer ? referrer : undefined,
      split: [
        { address: alice, bps: this.bps },
        { address: bob, bps: 10_000 - this.bps },
      ],
    });
    await real.ledger.recordSale({
      saleId: `sale-${txHash}`,
      chainId: real.chainId,
      currency: CURRENCY,
      txHash,
      amount: this.amount,
      credits,
    });
    model.txs.push(txHash);
    model.settled += this.amount;
    for (const credit of credits) {
      model.balances.set(credit.recipient, (model.balances.get(credit.recipient) ?? 0n) + credit.amount);
    }
    await checkInvariant(model, real);
  }
  toString = () => `Settle(${this.amount}, ${this.bps}, ${this.referrer})`;
}

class Replay implements Command {
  constructor(readonly pick: number) {}
  check = (model: Readonly<Model>) => model.txs.length > 0;
  async run(model: Model, real: LedgerUnderTest) {
    const txHash = model.txs[this.pick % model.txs.length] as TxHash;
    await expect(
      real.ledger.recordSale({
        saleId: `replay-${model.nextTx++}-${txHash}`,
        chainId: real.chainId,
        currency: CURRENCY,
        txHash,
        amount: 1n,
        credits: [{ recipient: real.people[1], role: 'split', amount: 1n }],
      }),
    ).rejects.toMatchObject({ code: 'TX_ALREADY_CLAIMED' });
    await checkInvariant(model, real);
  }
  toString = () => `Replay(${this.pick})`;
}

class Withdraw implements Command {
  constructor(
    readonly who: number,
    readonly fraction: number,
  ) {}
  check = () => true;
  async run(model: Model, real: LedgerUnderTest) {
    const recipient = real.people[this.who] as Address;
    const balance = model.balances.get(recipient) ?? 0n;
    // fraction > 100 asks for more than the balance: refused without writing anything.
    const amount = (balance * BigInt(this.fraction)) / 100n + (this.fraction > 100 ? 1n : 0n);
    const payout = {
      id: `payout-${real.chainId}-${model.nextPayout++}`,
      recipient,
      chainId: real.chainId,
      currency: CURRENCY,
      amount,
      requestedAt: new Date(1_700_000_000_000 + model.nextPayout * 1000).toISOString(),
    };
    // Zero, or more than any amount can be (2^256 − 1, e.g. 107% of a balance near it): invalid input.
    if (amount === 0n || amount > MAX_AMOUNT) {
      await expect(real.ledger.requestPayout(payout)).rejects.toThrowError(InvalidInputError);
    } else if (amount <= balance) {
      await real.ledger.requestPayout(payout);
      model.balances.set(recipient, balance - amount);
    } else {
      await expect(real.ledger.requestPayout(payout)).rejects.toThrowError(ConflictError);
    }
    await checkInvariant(model, real);
  }
  toString = () => `Withdraw(${this.who}, ${this.fraction}%)`;
}

/** The worker's outcome for the oldest requested payout: confirmed, or failed and re-credited. */
class PayoutOutcome implements Command {
  constructor(readonly succeeds: boolean) {}
  check = () => true;
  async run(model: Model, real: LedgerUnderTest) {
    const [payout] = await real.ledger.listByStatus(real.chainId, 'requested', 1);
    if (!payout) return;
    const at = new Date().toISOString();
    const transfer = {
      rawTx: '0x02',
      txHash: parseTxHash(`0x${'00'.repeat(32)}`),
      nonce: 0,
      from: real.people[0],
    };
    await real.ledger.recordSigned(payout.id, transfer, at);
    if (this.succeeds) {
      await real.ledger.markConfirmed(payout.id, 1n, at);
    } else {
      await real.ledger.markFailed(payout.id, 'TRANSFER_REVERTED', at);
      await real.ledger.recredit(payout.id, at);
      model.balances.set(payout.recipient, (model.balances.get(payout.recipient) ?? 0n) + payout.amount);
      await expect(real.ledger.recredit(payout.id, at)).rejects.toThrowError(ConflictError);
    }
    await checkInvariant(model, real);
  }
  toString = () => `PayoutOutcome(${this.succeeds})`;
}

/** Commands over amounts up to `maxAmount` (default: the one amount limit, 2^256 − 1). */
export function ledgerCommands(maxAmount: bigint = MAX_AMOUNT) {
  return [
    fc
      .tuple(fc.bigInt({ min: 0n, max: maxAmount }), fc.integer({ min: 1, max: 9_999 }), fc.boolean())
      .map(([amount, bps, referrer]) => new Settle(amount, bps, referrer)),
    fc.nat().map((pick) => new Replay(pick)),
    fc
      .tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 120 }))
      .map(([who, fraction]) => new Withdraw(who, fraction)),
    fc.boolean().map((succeeds) => new PayoutOutcome(succeeds)),
  ];
}

/** Runs the model against fresh systems from `setup`. */
export async function runLedgerModel(
  setup: () => LedgerUnderTest,
  options: {
    numRuns: number;
    maxCommands: number;
    maxAmount?: bigint;
    /** Report the first counterexample as found: shrinking against a real table outlasts the test timeout. */
    endOnFailure?: boolean;
  },
): Promise<void> {
  await fc.assert(
    fc.asyncProperty(
      fc.commands(ledgerCommands(options.maxAmount), { maxCommands: options.maxCommands }),
      async (cmds) => {
        const real = setup();
        const model: Model = { settled: 0n, txs: [], nextTx: 1, nextPayout: 1, balances: new Map() };
        await fc.asyncModelRun(() => ({ model, real }), cmds);
      },
    ),
    { numRuns: options.numRuns, endOnFailure: options.endOnFailure ?? false },
  );
}
