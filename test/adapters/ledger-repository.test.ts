import { Wallet } from 'ethers';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createDynamoClients } from '#adapters/dynamodb/clients.js';
import { DynamoTable } from '#adapters/dynamodb/dynamo-table.js';
import { DynamoLedgerRepository, ledgerKeys } from '#adapters/dynamodb/ledger-repository.js';
import { LOCAL_STAND_IN_CREDENTIALS } from '#adapters/local-credentials.js';
import type { Address } from '#domain/address.js';
import { ConflictError, DependencyError } from '#domain/errors.js';
import { MAX_AMOUNT } from '#domain/ledger/amount.js';
import { splitSale } from '#domain/ledger/revenue-split.js';
import { parseTxHash } from '#domain/tx-hash.js';
import { testConfig, uniqueId } from '#test/helpers/stack.js';

// Built from the adapters alone (not the app's composition root) so this file does not load the routes.
const config = testConfig();
const dynamo = createDynamoClients({
  region: config.aws.region,
  endpoint: config.aws.dynamoDbEndpoint,
  credentials: LOCAL_STAND_IN_CREDENTIALS,
});
afterAll(() => dynamo.client.destroy());
const table = new DynamoTable(dynamo.document, config.aws.tableName);
const ledger = new DynamoLedgerRepository(table);

const CHAIN = 31337;
const newAddress = () => Wallet.createRandom().address as Address;
const txHash = () =>
  parseTxHash(
    `0x${uniqueId('')
      .replace(/[^0-9a-f]/g, '')
      .padEnd(64, '0')
      .slice(0, 64)}`,
  );
const now = () => new Date().toISOString();

async function credit(recipient: Address, amount: bigint, currency: 'native' | Address = 'native') {
  const hash = txHash();
  await ledger.recordSale({
    saleId: uniqueId('sale'),
    chainId: CHAIN,
    currency,
    txHash: hash,
    amount,
    credits: [{ recipient, role: 'split', amount }],
  });
  return hash;
}

function payoutRequest(recipient: Address, amount: bigint) {
  return {
    id: uniqueId('payout'),
    recipient,
    chainId: CHAIN,
    currency: 'native' as const,
    amount,
    requestedAt: now(),
  };
}

describe('DynamoLedgerRepository: sales and balances', () => {
  it('credits every recipient of a split and sums one address’s legs', async () => {
    const [platform, alice, bob] = [newAddress(), newAddress(), newAddress()];
    const credits = splitSale({
      amount: 10n ** 18n + 7n,
      platformFeeBps: 250,
      platformRecipient: platform,
      referrerFeeBps: 0,
      split: [
        { address: alice, bps: 7_000 },
        { address: bob, bps: 2_000 },
        { address: platform, bps: 1_000 },
      ],
    });
    await ledger.recordSale({
      saleId: uniqueId('sale'),
      chainId: CHAIN,
      currency: 'native',
      txHash: txHash(),
      amount: 10n ** 18n + 7n,
      credits,
    });

    const balances = await Promise.all(
      [platform, alice, bob].map((recipient) =>
        ledger.balance({ recipient, chainId: CHAIN, currency: 'native' }),
      ),
    );
    expect(balances.reduce((sum, balance) => sum + balance, 0n)).toBe(10n ** 18n + 7n);
    const expected = (address: Address) =>
      credits.filter((c) => c.recipient === address).reduce((sum, c) => sum + c.amount, 0n);
    expect(balances).toEqual([expected(platform), expected(alice), expected(bob)]);
  });

  it('refuses a second sale with the same transaction: TX_ALREADY_CLAIMED, nothing credited', async () => {
    const recipient = newAddress();
    const hash = await credit(recipient, 500n);
    const replay = ledger.recordSale({
      saleId: uniqueId('sale'),
      chainId: CHAIN,
      currency: 'native',
      // Any case parses to the one TxHash the first sale claimed.
      txHash: parseTxHash(hash.toUpperCase().replace('0X', '0x')),
      amount: 500n,
      credits: [{ recipient, role: 'split', amount: 500n }],
    });
    await expect(replay).rejects.toMatchObject({ name: 'ConflictError', code: 'TX_ALREADY_CLAIMED' });
    expect(await ledger.balance({ recipient, chainId: CHAIN, currency: 'native' })).toBe(500n);
  });

  it('keeps amounts exact up to 2^256 − 1 and refuses anything above that one limit, writing nothing', async () => {
    const recipient = newAddress();
    const big = 123_456_789_012_345_678_901_234_567_890_123n;
    await credit(recipient, big);
    await credit(recipient, 10n ** 40n);
    await credit(recipient, MAX_AMOUNT);
    await credit(recipient, MAX_AMOUNT);
    const key = { recipient, chainId: CHAIN, currency: 'native' as const };
    // Balances are sums: they may exceed the per-amount limit, and stay exact.
    expect(await ledger.balance(key)).toBe(big + 10n ** 40n + 2n * MAX_AMOUNT);
    await expect(credit(recipient, MAX_AMOUNT + 1n)).rejects.toMatchObject({ code: 'AMOUNT_TOO_LARGE' });
    await expect(ledger.requestPayout(payoutRequest(recipient, MAX_AMOUNT + 1n))).rejects.toMatchObject({
      code: 'AMOUNT_TOO_LARGE',
    });
    expect(await ledger.balance(key)).toBe(big + 10n ** 40n + 2n * MAX_AMOUNT);
    await ledger.requestPayout(payoutRequest(recipient, MAX_AMOUNT));
    expect(await ledger.balance(key)).toBe(big + 10n ** 40n + MAX_AMOUNT);
    expect((await ledger.balancesOf(recipient))[0]?.balance).toBe(big + 10n ** 40n + MAX_AMOUNT);
  });

  it('never rounds: a credit that would push a limb past 38 digits writes nothing', async () => {
    const recipient = newAddress();
    const key = { recipient, chainId: CHAIN, currency: 'native' as const };
    // A limb ~10^12 credits deep without a debit (written directly: that many credits take too long).
    const deep = 10n ** 38n - 1n;
    await table.put({ Item: { ...ledgerKeys.balance(key), entity: 'balance', b0: deep, rev: 1 } });
    // deep + 2 needs 39 significant digits: DynamoDB refuses it (ValidationException) instead of rounding.
    await expect(credit(recipient, 2n)).rejects.toBeInstanceOf(DependencyError);
    expect(await ledger.balance(key)).toBe(deep);
  });

  it('reads a balance item of the earlier one-Number format, and credits and debits it exactly', async () => {
    const recipient = newAddress();
    const key = { recipient, chainId: CHAIN, currency: 'native' as const };
    const legacy = 10n ** 38n - 1n;
    await table.put({
      Item: {
        ...ledgerKeys.balance(key),
        entity: 'balance',
        recipient,
        chainId: CHAIN,
        currency: 'native',
        balance: legacy,
        updatedAt: now(),
      },
    });
    expect(await ledger.balance(key)).toBe(legacy);
    await credit(recipient, MAX_AMOUNT);
    expect(await ledger.balance(key)).toBe(legacy + MAX_AMOUNT);
    await ledger.requestPayout(payoutRequest(recipient, MAX_AMOUNT - 5n));
    expect(await ledger.balance(key)).toBe(legacy + 5n);
    const item = await table.get(ledgerKeys.balance(key));
    expect(item?.balance).toBeUndefined(); // folded into the limbs by the debit
    expect((await ledger.balancesOf(recipient))[0]?.balance).toBe(legacy + 5n);
  });

  it('keeps balances apart per chain and currency, and lists them', async () => {
    const recipient = newAddress();
    const token = newAddress();
    await credit(recipient, 5n);
    await credit(recipient, 7n, token);
    expect(
      await ledger.balance({ recipient, chainId: CHAIN, currency: token.toLowerCase() as Address }),
    ).toBe(7n);
    expect(await ledger.balance({ recipient, chainId: 1, currency: 'native' })).toBe(0n);
    const listed = await ledger.balancesOf(recipient);
    expect(listed).toHaveLength(2);
    expect(listed).toEqual(
      expect.arrayContaining([
        { recipient, chainId: CHAIN, currency: 'native', balance: 5n },
        { recipient, chainId: CHAIN, currency: token, balance: 7n },
      ]),
    );
  });
});

describe('DynamoLedgerRepository: payouts', () => {
  it('debits atomically under 20 concurrent payout requests and never goes negative', async () => {
    const recipient = newAddress();
    await credit(recipient, 100n);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => ledger.requestPayout(payoutRequest(recipient, 10n))),
    );
    const succeeded = results.filter((result) => result.status === 'fulfilled');
    const refused = results.filter((result) => result.status === 'rejected');
    expect(succeeded).toHaveLength(10);
    for (const result of refused) {
      expect(result.reason).toMatchObject({ name: 'ConflictError', code: 'INSUFFICIENT_BALANCE' });
    }
    expect(await ledger.balance({ recipient, chainId: CHAIN, currency: 'native' })).toBe(0n);
    expect(await ledger.payoutsOf(recipient)).toHaveLength(10);
  });

  it('refuses a payout larger than the balance, or from no balance, writing nothing', async () => {
    const recipient = newAddress();
    await credit(recipient, 9n);
    const request = payoutRequest(recipient, 10n);
    await expect(ledger.requestPayout(request)).rejects.toMatchObject({ code: 'INSUFFICIENT_BALANCE' });
    expect(await ledger.get(request.id)).toBeUndefined();
    await expect(ledger.requestPayout(payoutRequest(newAddress(), 1n))).rejects.toMatchObject({
      code: 'INSUFFICIENT_BALANCE',
    });
    expect(await ledger.balance({ recipient, chainId: CHAIN, currency: 'native' })).toBe(9n);
  });

  it('moves requested → sent → confirmed, leaving the open-payouts index when done', async () => {
    const recipient = newAddress();
    await credit(recipient, 50n);
    const { id } = await ledger.requestPayout(payoutRequest(recipient, 50n));
    const transfer = {
      rawTx: '0x02ab',
      txHash: parseTxHash(`0x${'12'.repeat(32)}`),
      nonce: 7,
      from: newAddress(),
    };

    expect((await ledger.listByStatus(CHAIN, 'requested', 1000)).map((p) => p.id)).toContain(id);
    await ledger.recordSigned(id, transfer, now());
    await expect(ledger.recordSigned(id, transfer, now())).rejects.toBeInstanceOf(ConflictError);
    expect(await ledger.get(id)).toMatchObject({ status: 'sent', transfer });
    await ledger.markConfirmed(id, 123n, now());
    expect(await ledger.get(id)).toMatchObject({ status: 'confirmed', blockNumber: 123n });
    const item = await table.get(ledgerKeys.payout(id));
    expect(item?.gsi1pk).toBeUndefined();
    await expect(ledger.markFailed(id, 'late', now())).rejects.toBeInstanceOf(ConflictError);
  });

  it('re-credits a failed payout exactly once', async () => {
    const recipient = newAddress();
    await credit(recipient, 30n);
    const { id } = await ledger.requestPayout(payoutRequest(recipient, 20n));
    await ledger.recordSigned(
      id,
      { rawTx: '0x02', txHash: parseTxHash(`0x${'34'.repeat(32)}`), nonce: 1, from: newAddress() },
      now(),
    );
    await ledger.markFailed(id, 'TRANSFER_REVERTED', now());
    expect((await ledger.listByStatus(CHAIN, 'failed', 1000)).map((p) => p.id)).toContain(id);

    await ledger.recredit(id, now());
    await expect(ledger.recredit(id, now())).rejects.toBeInstanceOf(ConflictError);
    expect(await ledger.get(id)).toMatchObject({ status: 'recredited', failureReason: 'TRANSFER_REVERTED' });
    expect(await ledger.balance({ recipient, chainId: CHAIN, currency: 'native' })).toBe(30n);
  });
});

describe('DynamoLedgerRepository: balances over the whole amount range (fast-check)', () => {
  /** Amounts anywhere up to 2^256 − 1, with the limb boundaries (10^26, 10^52) and the limit itself. */
  const amount = fc.oneof(
    fc.bigInt({ min: 1n, max: MAX_AMOUNT }),
    fc.constantFrom(
      1n,
      10n ** 26n - 1n,
      10n ** 26n,
      10n ** 52n - 1n,
      10n ** 52n,
      10n ** 38n,
      10n ** 40n,
      MAX_AMOUNT - 1n,
      MAX_AMOUNT,
    ),
  );
  type Op =
    | { kind: 'credit'; amount: bigint }
    | { kind: 'debit'; amount: bigint }
    | { kind: 'debitShare'; pct: number };
  const op: fc.Arbitrary<Op> = fc.oneof(
    amount.map((value) => ({ kind: 'credit' as const, amount: value })),
    amount.map((value) => ({ kind: 'debit' as const, amount: value })),
    // A share of the balance (capped at the limit), so debits succeed as well as fail.
    fc.integer({ min: 1, max: 100 }).map((pct) => ({ kind: 'debitShare' as const, pct })),
  );

  it('a random sequence of concurrent batches of credits and debits leaves exactly the bigint model', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(op, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 8 }),
        async (batches) => {
          const recipient = newAddress();
          const key = { recipient, chainId: CHAIN, currency: 'native' as const };
          let model = 0n;
          for (const batch of batches) {
            const start = model;
            // The batch runs concurrently: credits race each other and the debits' read-check-write.
            const results = await Promise.allSettled(
              batch.map(async (step) => {
                if (step.kind === 'credit') {
                  await credit(recipient, step.amount);
                  return step.amount;
                }
                const wanted = step.kind === 'debit' ? step.amount : (start * BigInt(step.pct)) / 100n;
                const debit = wanted > MAX_AMOUNT ? MAX_AMOUNT : wanted < 1n ? 1n : wanted;
                await ledger.requestPayout(payoutRequest(recipient, debit));
                return -debit;
              }),
            );
            for (const result of results) {
              if (result.status === 'fulfilled') model += result.value;
              else
                expect(result.reason).toMatchObject({ name: 'ConflictError', code: 'INSUFFICIENT_BALANCE' });
            }
            const balance = await ledger.balance(key);
            expect(balance).toBe(model);
            expect(balance >= 0n).toBe(true);
          }
          const credited = batches.some((batch) => batch.some((step) => step.kind === 'credit'));
          expect((await ledger.balancesOf(recipient)).map((entry) => entry.balance)).toEqual(
            credited ? [model] : [],
          );
        },
      ),
      { numRuns: 12 },
    );
  });
});
