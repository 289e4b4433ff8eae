/**
 * The revenue ledger and payouts in the single table. The items (balance, tx claim, sale, payout) and
 * their keys are declared in shared/table-layout.ts (rendered in docs/table-layout.md); recipients
 * are stored EIP-55, currencies `native` or the lower-case token address, tx hashes as `TxHash`.
 *
 * Every amount (sale, credit, payout) is at most MAX_AMOUNT = 2^256 − 1, the one limit the offers
 * accept too (AMOUNT_TOO_LARGE otherwise), and is stored exactly: decimal strings where nothing adds
 * them (sales, payouts), and for balances three Number limbs in base 10^26 plus a revision counter
 * (balance-limbs.ts says why and proves it exact): credits ADD their limbs blind and atomically;
 * a debit reads the exact value, checks it covers the amount, and writes the remainder on condition
 * that the revision is unchanged — retried on a fresh read when a credit or debit got in between —
 * so a balance never goes negative however many debits race. Numbers beyond 2^53 come back from the
 * DocumentClient as bigint; both are read back through zod.
 *
 * gsi1 is sparse: only payouts that still need the worker (requested, sent, failed) carry it.
 */
import { z } from 'zod';
import { type Address, isAddressLike, toChecksumAddress } from '#domain/address.js';
import { ConflictError, NotFoundError } from '#domain/errors.js';
import { assertLedgerAmount, balanceAfterDebit } from '#domain/ledger/amount.js';
import type { BalanceKey, CurrencyId, LedgerSale } from '#domain/ledger/balance.js';
import { balanceDeltas } from '#domain/ledger/revenue-split.js';
import {
  PAYOUT_STATUSES,
  type Payout,
  type PayoutStatus,
  type SignedTransfer,
} from '#domain/payouts/payout.js';
import { type TxHash, txHashSchema } from '#domain/tx-hash.js';
import type { LedgerRepository, PayoutRepository } from '#ports/ledger.js';
import { tableKeys } from '#shared/table-layout.js';
import { balanceValue, LIMB_ATTRIBUTES, storedBalanceSchema, toLimbs } from './balance-limbs.js';
import { type DynamoTable, failedConditions, type Item, type TransactItem } from './dynamo-table.js';
import { retryOnTransactionConflict } from './errors.js';

/**
 * Fresh reads a payout request makes before giving up on a balance that keeps changing under it
 * (each lost race means another credit or debit of that balance committed in between).
 */
const DEBIT_ATTEMPTS = 16;

const currencyKey = (currency: CurrencyId) => (currency === 'native' ? 'native' : currency.toLowerCase());

/** The ledger's keys, with its values normalised as they are stored (see table-layout.ts). */
export const ledgerKeys = {
  balance: (key: BalanceKey) =>
    tableKeys.balance.key({
      recipient: toChecksumAddress(key.recipient),
      chainId: key.chainId,
      currency: currencyKey(key.currency),
    }),
  txClaim: (chainId: number, txHash: TxHash) => tableKeys.txClaim.key({ chainId, txHash }),
  sale: (saleId: string) => tableKeys.sale.key({ saleId }),
  payout: (payoutId: string) => tableKeys.payout.key({ payoutId }),
};

/**
 * A sale's part of a settlement transaction, by name: the claim of its payment transaction, the sale
 * record and the balance credits (one per recipient).
 */
export interface SaleTransactionItems {
  claim: TransactItem;
  sale: TransactItem;
  credits: TransactItem[];
}

const decimal = z
  .string()
  .regex(/^\d{1,78}$/)
  .transform((value) => BigInt(value));
const address = z
  .string()
  .refine((value) => isAddressLike(value), 'not an address')
  .transform((value) => toChecksumAddress(value));
const currency = z.union([z.literal('native'), address]);

const balanceListItem = storedBalanceSchema.extend({
  recipient: address,
  chainId: z.number().int(),
  currency,
});

const payoutItem = z.object({
  entity: z.literal('payout'),
  id: z.string(),
  recipient: address,
  chainId: z.number().int().positive(),
  currency,
  amount: decimal,
  status: z.enum(PAYOUT_STATUSES),
  requestedAt: z.string(),
  updatedAt: z.string(),
  transfer: z
    .object({ rawTx: z.string(), txHash: txHashSchema, nonce: z.number().int().min(0), from: address })
    .optional(),
  blockNumber: decimal.optional(),
  failureReason: z.string().optional(),
});

export class DynamoLedgerRepository implements LedgerRepository, PayoutRepository {
  constructor(private readonly table: DynamoTable) {}

  /**
   * The transaction items that claim the payment, record the sale and credit every balance, so the
   * settlement service can add them to ITS transaction (order paid, licence written) — all or nothing.
   * At most 52 balance updates (50 split recipients + platform + referrer) + 2 items: room is left
   * within DynamoDB's 100-item transactions.
   * @param saleAttributes more attributes for the sale record (the purchase it settles, its index keys).
   */
  saleItems(sale: LedgerSale, at: string, saleAttributes: Item = {}): SaleTransactionItems {
    assertLedgerAmount(sale.amount, true);
    const deltas = balanceDeltas(sale.credits);
    for (const delta of deltas) assertLedgerAmount(delta.amount);
    return {
      claim: {
        Put: {
          Item: {
            ...ledgerKeys.txClaim(sale.chainId, sale.txHash),
            entity: 'txClaim',
            saleId: sale.saleId,
            claimedAt: at,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      sale: {
        Put: {
          Item: {
            ...ledgerKeys.sale(sale.saleId),
            entity: 'sale',
            saleId: sale.saleId,
            chainId: sale.chainId,
            currency: currencyKey(sale.currency),
            txHash: sale.txHash,
            amount: sale.amount.toString(),
            credits: sale.credits.map((credit) => ({
              recipient: credit.recipient,
              role: credit.role,
              amount: credit.amount.toString(),
            })),
            createdAt: at,
            ...saleAttributes,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      credits: deltas.map((delta) =>
        this.creditItem({ ...delta, chainId: sale.chainId, currency: sale.currency }, at),
      ),
    };
  }

  async recordSale(sale: LedgerSale): Promise<void> {
    const items = this.saleItems(sale, new Date().toISOString());
    try {
      await retryOnTransactionConflict(() => this.table.transact(items));
    } catch (error) {
      if (error instanceof ConflictError && failedConditions(error, items).has('claim')) {
        throw new ConflictError('This transaction has already settled a sale', {
          code: 'TX_ALREADY_CLAIMED',
          cause: error,
        });
      }
      throw error;
    }
  }

  async balance(key: BalanceKey): Promise<bigint> {
    const item = await this.table.get(ledgerKeys.balance(key), { ConsistentRead: true });
    return balanceValue(item ? storedBalanceSchema.parse(item) : undefined);
  }

  /** Every balance of one recipient (for GET /me/earnings). */
  async balancesOf(recipient: Address): Promise<Array<BalanceKey & { balance: bigint }>> {
    const { items } = await this.table.query({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: {
        ':pk': tableKeys.balance.partition({ recipient: toChecksumAddress(recipient) }),
      },
    });
    return items.map((item) => {
      const parsed = balanceListItem.parse(item);
      return {
        recipient: parsed.recipient,
        chainId: parsed.chainId,
        currency: parsed.currency,
        balance: balanceValue(parsed),
      };
    });
  }

  /**
   * Debits the balance and writes the payout, in one transaction. The balance is read, checked
   * (balanceAfterDebit: never negative) and rewritten as the normalised limbs of what is left, on
   * condition that its revision did not move since the read; a lost race reads again.
   * @throws ConflictError INSUFFICIENT_BALANCE (nothing written), BALANCE_BUSY after DEBIT_ATTEMPTS
   *   lost races in a row (the balance kept changing; the client may retry).
   */
  async requestPayout(request: Omit<Payout, 'status' | 'updatedAt'>): Promise<Payout> {
    assertLedgerAmount(request.amount);
    const payout: Payout = { ...request, status: 'requested', updatedAt: request.requestedAt };
    const key = ledgerKeys.balance(request);
    for (let attempt = 1; attempt <= DEBIT_ATTEMPTS; attempt++) {
      const item = await this.table.get(key, { ConsistentRead: true });
      const stored = item ? storedBalanceSchema.parse(item) : undefined;
      const rest = toLimbs(balanceAfterDebit(balanceValue(stored), request.amount));
      const items = {
        debit: {
          Update: {
            Key: key,
            UpdateExpression:
              'SET #b0 = :b0, #b1 = :b1, #b2 = :b2, updatedAt = :at ADD #rev :one REMOVE #legacy',
            ConditionExpression: stored?.rev === undefined ? 'attribute_not_exists(#rev)' : '#rev = :rev',
            ExpressionAttributeNames: {
              '#b0': LIMB_ATTRIBUTES[0],
              '#b1': LIMB_ATTRIBUTES[1],
              '#b2': LIMB_ATTRIBUTES[2],
              '#rev': 'rev',
              '#legacy': 'balance',
            },
            ExpressionAttributeValues: {
              ':b0': rest[0],
              ':b1': rest[1],
              ':b2': rest[2],
              ':one': 1,
              ':at': request.requestedAt,
              ...(stored?.rev === undefined ? {} : { ':rev': stored.rev }),
            },
          },
        },
        payout: { Put: { Item: payoutToItem(payout), ConditionExpression: 'attribute_not_exists(pk)' } },
      } satisfies Record<string, TransactItem>;
      try {
        await retryOnTransactionConflict(() => this.table.transact(items));
        return payout;
      } catch (error) {
        if (!(error instanceof ConflictError) || !failedConditions(error, items).has('debit')) {
          throw error;
        }
        // The balance changed since the read: back off a little (jittered) and read it again.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(100, 4 * 2 ** attempt)));
      }
    }
    throw new ConflictError('The balance kept changing while the payout was recorded; retry', {
      code: 'BALANCE_BUSY',
    });
  }

  async get(payoutId: string): Promise<Payout | undefined> {
    const item = await this.table.get(ledgerKeys.payout(payoutId), { ConsistentRead: true });
    return item ? itemToPayout(item) : undefined;
  }

  /** A recipient's payouts, newest first (for GET /me/payouts). */
  async payoutsOf(recipient: Address, limit = 50): Promise<Payout[]> {
    const { items } = await this.table.query({
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: {
        ':pk': tableKeys.payout.gsi2Partition({ recipient: toChecksumAddress(recipient) }),
      },
      ScanIndexForward: false,
      Limit: limit,
    });
    return items.map(itemToPayout);
  }

  async listByStatus(
    chainId: number,
    status: 'requested' | 'sent' | 'failed',
    limit: number,
  ): Promise<Payout[]> {
    const { items } = await this.table.query({
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': openPayoutsKey(chainId, status) },
      Limit: limit,
    });
    // The index is eventually consistent: re-check what a stale entry claims before acting on it.
    return items.map(itemToPayout).filter((payout) => payout.status === status);
  }

  async recordSigned(payoutId: string, transfer: SignedTransfer, at: string): Promise<void> {
    await this.move(payoutId, 'requested', 'sent', at, {
      expression: 'transfer = :transfer',
      values: { ':transfer': { ...transfer } },
    });
  }

  async markConfirmed(payoutId: string, blockNumber: bigint, at: string): Promise<void> {
    await this.move(payoutId, 'sent', 'confirmed', at, {
      expression: 'blockNumber = :block',
      values: { ':block': blockNumber.toString() },
    });
  }

  async markFailed(payoutId: string, reason: string, at: string): Promise<void> {
    await this.move(payoutId, 'sent', 'failed', at, {
      expression: 'failureReason = :reason',
      values: { ':reason': reason },
    });
  }

  async recredit(payoutId: string, at: string): Promise<void> {
    const payout = await this.get(payoutId);
    if (!payout) throw new NotFoundError('No such payout', { code: 'PAYOUT_NOT_FOUND' });
    await this.table.transact(
      {
        payout: {
          Update: {
            Key: ledgerKeys.payout(payoutId),
            UpdateExpression: 'SET #status = :to, updatedAt = :at REMOVE gsi1pk, gsi1sk',
            ConditionExpression: '#status = :from',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':from': 'failed', ':to': 'recredited', ':at': at },
          },
        },
        credit: this.creditItem(
          {
            recipient: payout.recipient,
            chainId: payout.chainId,
            currency: payout.currency,
            amount: payout.amount,
          },
          at,
        ),
      },
      'The payout is not failed (already re-credited?)',
    );
  }

  /** A blind, atomic credit: ADD the amount's limbs and bump the revision (balance-limbs.ts). */
  private creditItem(credit: BalanceKey & { amount: bigint }, at: string): TransactItem {
    const limbs = toLimbs(credit.amount);
    return {
      Update: {
        Key: ledgerKeys.balance(credit),
        UpdateExpression:
          'ADD #b0 :b0, #b1 :b1, #b2 :b2, #rev :one SET entity = :entity, recipient = :recipient, chainId = :chainId, currency = :currency, updatedAt = :at',
        ExpressionAttributeNames: {
          '#b0': LIMB_ATTRIBUTES[0],
          '#b1': LIMB_ATTRIBUTES[1],
          '#b2': LIMB_ATTRIBUTES[2],
          '#rev': 'rev',
        },
        ExpressionAttributeValues: {
          ':b0': limbs[0],
          ':b1': limbs[1],
          ':b2': limbs[2],
          ':one': 1,
          ':entity': 'balance',
          ':recipient': toChecksumAddress(credit.recipient),
          ':chainId': credit.chainId,
          ':currency': currencyKey(credit.currency),
          ':at': at,
        },
      },
    };
  }

  private async move(
    payoutId: string,
    from: PayoutStatus,
    to: PayoutStatus,
    at: string,
    set: { expression: string; values: Record<string, unknown> },
  ): Promise<void> {
    const open = to === 'sent' || to === 'failed';
    const payout = await this.get(payoutId);
    if (!payout) throw new NotFoundError('No such payout', { code: 'PAYOUT_NOT_FOUND' });
    await this.table.update(
      {
        Key: ledgerKeys.payout(payoutId),
        UpdateExpression: `SET #status = :to, updatedAt = :at, ${set.expression}${
          open ? ', gsi1pk = :gsi1pk' : ' REMOVE gsi1pk, gsi1sk'
        }`,
        ConditionExpression: '#status = :from',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':from': from,
          ':to': to,
          ':at': at,
          ...set.values,
          ...(open ? { ':gsi1pk': openPayoutsKey(payout.chainId, to) } : {}),
        },
      },
      `The payout is not ${from}`,
    );
  }
}

/** gsi1 partition of the payouts the worker still has to handle on one chain. */
function openPayoutsKey(chainId: number, status: PayoutStatus): string {
  return tableKeys.payout.gsi1Partition({ chainId, status });
}

function payoutToItem(payout: Payout): Item {
  const recipient = toChecksumAddress(payout.recipient);
  const keyValues = {
    payoutId: payout.id,
    chainId: payout.chainId,
    status: payout.status,
    recipient,
    requestedAt: payout.requestedAt,
  };
  return {
    ...ledgerKeys.payout(payout.id),
    entity: 'payout',
    id: payout.id,
    recipient,
    chainId: payout.chainId,
    currency: payout.currency === 'native' ? 'native' : toChecksumAddress(payout.currency),
    amount: payout.amount.toString(),
    status: payout.status,
    requestedAt: payout.requestedAt,
    updatedAt: payout.updatedAt,
    ...tableKeys.payout.gsi1(keyValues),
    ...tableKeys.payout.gsi2(keyValues),
  };
}

function itemToPayout(item: Item): Payout {
  const parsed = payoutItem.parse(item);
  return {
    id: parsed.id,
    recipient: parsed.recipient,
    chainId: parsed.chainId,
    currency: parsed.currency,
    amount: parsed.amount,
    status: parsed.status,
    requestedAt: parsed.requestedAt,
    updatedAt: parsed.updatedAt,
    transfer: parsed.transfer,
    blockNumber: parsed.blockNumber,
    failureReason: parsed.failureReason,
  };
}
