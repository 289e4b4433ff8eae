/**
 * Orders, the settlement transaction, licences, download grants, sales, balances and earnings history
 * in the single table. Key layout (also in table-schema.ts):
 *
 * | item                 | pk                                 | sk                         | gsi1 / gsi2                                   |
 * |----------------------|------------------------------------|----------------------------|-----------------------------------------------|
 * | order                | `ORDER#<orderId>`                  | `ORDER`                    | gsi1 `BUYER#<addr>#ORDERS` / `<createdAt>#<id>` |
 * | tx claim             | `TXCLAIM#<chainId>#<txHash>`       | `TXCLAIM`                  | —                                             |
 * | licence              | `LICENCE#<licenceId>`              | `LICENCE`                  | gsi1 `HOLDER#<addr>#LICENCES` / `<issuedAt>#<id>`; gsi2 `HOLDER#<addr>#MODEL#<modelId>` / same |
 * | sale                 | `SALE#<saleId>`                    | `SALE`                     | gsi1 `MODEL#<modelId>#SALES` / `<settledAt>#<saleId>` |
 * | balance              | `BAL#<recipient>`                  | `<chainId>#<currency>`     | —                                             |
 * | earnings history     | `CREDITS#<recipient>`              | `<settledAt>#<saleId>`     | —                                             |
 * | late payment         | `LATEPAY#<chainId>#<txHash>`       | `LATEPAY`                  | gsi1 `LATEPAYMENTS` / `<at>#<orderId>`         |
 * | download grant       | `DOWNLOADS#<modelId>`              | `<at>#<grantId>`           | —                                             |
 * | download quota       | `DLQUOTA#<licenceId>#<day>`        | `DLQUOTA`                  | — (TTL)                                       |
 *
 * Balances are credited by blind atomic ADDs of base-10^26 limbs inside these transactions
 * (balance-limbs.ts), so every amount up to 2^256 − 1 — the one limit offers accept too — settles and
 * is recorded exactly; sales, credits and orders hold amounts as decimal strings.
 */
import { z } from 'zod';
import { type Address, toChecksumAddress } from '../../domain/address.js';
import { RateLimitedError } from '../../domain/errors.js';
import { SettlementConflictError } from '../../domain/purchases/errors.js';
import {
  type LicenceRecord,
  licenceRecordSchema,
  type Order,
  orderSchema,
} from '../../domain/purchases/order.js';
import type {
  CreditRecord,
  DownloadGrant,
  Page,
  PurchaseRepository,
  SaleRecord,
  Settlement,
} from '../../ports/purchases.js';
import type { DynamoTable, Item, TransactItem } from './dynamo-table.js';
import { cancellationCodes, retryOnTransactionConflict } from './errors.js';
import { type DynamoLedgerRepository, ledgerKeys } from './ledger-repository.js';

const keys = {
  order: (orderId: string) => ({ pk: `ORDER#${orderId}`, sk: 'ORDER' }),
  licence: (licenceId: string) => ({ pk: `LICENCE#${licenceId}`, sk: 'LICENCE' }),
  offer: (modelId: string, offerId: string) => ({ pk: `MODEL#${modelId}`, sk: `OFFER#${offerId}` }),
};

const licenceIndexes = (licence: LicenceRecord) => {
  const issued = new Date(licence.issuedAt * 1000).toISOString();
  return {
    gsi1pk: `HOLDER#${licence.licensee}#LICENCES`,
    gsi1sk: `${issued}#${licence.licenceId}`,
    gsi2pk: `HOLDER#${licence.licensee}#MODEL#${licence.modelId}`,
    gsi2sk: `${issued}#${licence.licenceId}`,
  };
};

const saleItemSchema = z.object({
  saleId: z.string(),
  modelId: z.string(),
  offerId: z.string(),
  orderId: z.string(),
  licenceId: z.string(),
  buyer: z.string(),
  chainId: z.number(),
  currency: z.string(),
  txHash: z.string(),
  amount: z.string(),
  credits: z.array(z.object({ recipient: z.string(), role: z.string(), amount: z.string() })),
  settledAt: z.string(),
});

const creditItemSchema = z.object({
  saleId: z.string(),
  modelId: z.string(),
  chainId: z.number(),
  currency: z.string(),
  role: z.string(),
  amount: z.string(),
  at: z.string(),
});

/** Sums credits per recipient: a transaction may touch each balance item only once. */
function perRecipient(
  credits: Settlement['sale']['credits'],
): Map<Address, { amount: bigint; roles: string[] }> {
  const totals = new Map<Address, { amount: bigint; roles: string[] }>();
  for (const credit of credits) {
    const entry = totals.get(credit.recipient) ?? { amount: 0n, roles: [] };
    entry.amount += credit.amount;
    entry.roles.push(credit.role);
    totals.set(credit.recipient, entry);
  }
  return totals;
}

export class DynamoPurchaseRepository implements PurchaseRepository {
  constructor(
    private readonly table: DynamoTable,
    /** Claims, sale records and balance credits come from the ledger, composed into our transactions. */
    private readonly ledger: DynamoLedgerRepository,
  ) {}

  async createOrder(order: Order): Promise<void> {
    await this.table.put({
      Item: {
        ...keys.order(order.orderId),
        entity: 'order',
        gsi1pk: `BUYER#${order.buyer}#ORDERS`,
        gsi1sk: `${order.createdAt}#${order.orderId}`,
        ...order,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  }

  async getOrder(orderId: string): Promise<Order | undefined> {
    const item = await this.table.get(keys.order(orderId), { ConsistentRead: true });
    return item ? orderSchema.parse(item) : undefined;
  }

  async listOrdersByBuyer(
    buyer: Address,
    limit: number,
    after?: Record<string, string>,
  ): Promise<Page<Order>> {
    return this.page('gsi1', `BUYER#${buyer}#ORDERS`, limit, after, (item) => orderSchema.parse(item));
  }

  async recordPendingPayment(orderId: string, txHash: string): Promise<void> {
    await this.table.update(
      {
        Key: keys.order(orderId),
        UpdateExpression: 'SET pendingTxHash = :tx',
        ConditionExpression: '#status = :open',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':tx': txHash, ':open': 'awaiting_payment' },
      },
      'The order is no longer awaiting payment',
    );
  }

  async settle(settlement: Settlement): Promise<void> {
    const { order, txHash, licence, sale, settledAt } = settlement;
    // [claim, sale, ...balance credits]: the ledger's part of the transaction.
    const ledgerItems = this.ledger.saleItems({ ...sale, txHash }, settledAt);
    const saleItem = ledgerItems[1]?.Put?.Item;
    if (!saleItem) throw new Error('ledger.saleItems must return the sale record second');
    Object.assign(saleItem, {
      gsi1pk: `MODEL#${order.modelId}#SALES`,
      gsi1sk: `${settledAt}#${sale.saleId}`,
      modelId: order.modelId,
      offerId: order.offerId,
      orderId: order.orderId,
      licenceId: licence.licenceId,
      buyer: order.buyer,
      settledAt,
    });
    const items: TransactItem[] = [
      {
        Update: {
          Key: keys.order(order.orderId),
          UpdateExpression:
            'SET #status = :paid, txHash = :tx, paidAmount = :paidAmount, licenceId = :licenceId, settledAt = :at REMOVE pendingTxHash',
          ConditionExpression: '#status = :open AND buyer = :buyer',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':paid': 'paid',
            ':open': 'awaiting_payment',
            ':buyer': order.buyer,
            ':tx': txHash,
            ':paidAmount': settlement.paid.toString(),
            ':licenceId': licence.licenceId,
            ':at': settledAt,
          },
        },
      },
      {
        Put: {
          Item: {
            ...keys.licence(licence.licenceId),
            entity: 'licence',
            ...licenceIndexes(licence),
            ...licence,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Update: {
          Key: keys.offer(settlement.offer.modelId, settlement.offer.offerId),
          UpdateExpression: 'ADD soldCount :one',
          // The cap is read from the offer item itself, at commit time: no oversell under races.
          ConditionExpression:
            'attribute_exists(pk) AND (attribute_type(supplyCap, :null) OR soldCount < supplyCap)',
          ExpressionAttributeValues: { ':one': 1, ':null': 'NULL' },
        },
      },
      ...ledgerItems,
    ];
    try {
      await retryOnTransactionConflict(() => this.table.transactWrite(items));
    } catch (error) {
      const reasons = cancellationCodes((error as { cause?: unknown }).cause);
      const failed = (index: number) => reasons[index] === 'ConditionalCheckFailed';
      if (failed(3)) throw new SettlementConflictError('TX_ALREADY_CLAIMED', { cause: error });
      if (failed(0)) throw new SettlementConflictError('ORDER_NOT_OPEN', { cause: error });
      if (failed(2)) throw new SettlementConflictError('SOLD_OUT', { cause: error });
      throw error;
    }
    await this.writeHistory(settlement.sale, order.modelId, settledAt);
  }

  async restoreHistory(order: Order): Promise<void> {
    if (order.status !== 'paid' || !order.txHash) return;
    const claim = await this.table.get(ledgerKeys.txClaim(order.chainId, order.txHash), {
      ConsistentRead: true,
    });
    const saleId = typeof claim?.saleId === 'string' ? claim.saleId : undefined;
    const item = saleId ? await this.table.get(ledgerKeys.sale(saleId), { ConsistentRead: true }) : undefined;
    if (!item) return;
    const sale = saleItemSchema.parse(item);
    // The same values the settlement wrote: the order's currency as configured, the sale's credits.
    const credits = sale.credits.map((credit) => ({
      recipient: toChecksumAddress(credit.recipient),
      role: credit.role,
      amount: BigInt(credit.amount),
    }));
    await this.writeHistory(
      { saleId: sale.saleId, chainId: order.chainId, currency: order.currency, credits },
      order.modelId,
      sale.settledAt,
    );
  }

  async refund(input: {
    order: Order;
    txHash: string;
    paid: bigint;
    reason: string;
    at: string;
  }): Promise<void> {
    const { order, txHash, paid, reason, at } = input;
    // The refund is a ledger entry of its own: the claimed payment, credited whole to the buyer.
    const ledgerItems = this.ledger.saleItems(
      {
        saleId: `refund_${order.orderId}`,
        chainId: order.chainId,
        currency: order.currency,
        txHash,
        amount: paid,
        credits: [{ recipient: order.buyer, role: 'refund', amount: paid }],
      },
      at,
    );
    try {
      await retryOnTransactionConflict(() =>
        this.table.transactWrite([
          {
            Update: {
              Key: keys.order(order.orderId),
              UpdateExpression:
                'SET #status = :refunded, txHash = :tx, paidAmount = :paid, refundReason = :reason REMOVE pendingTxHash',
              ConditionExpression: '#status = :open',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ':refunded': 'refunded',
                ':open': 'awaiting_payment',
                ':tx': txHash,
                ':paid': paid.toString(),
                ':reason': reason,
              },
            },
          },
          ...ledgerItems,
        ]),
      );
    } catch (error) {
      const reasons = cancellationCodes((error as { cause?: unknown }).cause);
      if (reasons[1] === 'ConditionalCheckFailed')
        throw new SettlementConflictError('TX_ALREADY_CLAIMED', { cause: error });
      if (reasons[0] === 'ConditionalCheckFailed')
        throw new SettlementConflictError('ORDER_NOT_OPEN', { cause: error });
      throw error;
    }
  }

  async recordLatePayment(input: {
    order: Order;
    txHash: string;
    paid: bigint;
    payer: Address;
    at: string;
  }): Promise<void> {
    const { order, txHash, paid, payer, at } = input;
    try {
      await this.table.transactWrite([
        {
          Put: {
            Item: {
              ...ledgerKeys.txClaim(order.chainId, txHash),
              entity: 'txClaim',
              kind: 'late',
              orderId: order.orderId,
              claimedAt: at,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Put: {
            Item: {
              pk: `LATEPAY#${order.chainId}#${txHash}`,
              sk: 'LATEPAY',
              entity: 'latePayment',
              gsi1pk: 'LATEPAYMENTS',
              gsi1sk: `${at}#${order.orderId}`,
              orderId: order.orderId,
              chainId: order.chainId,
              currency: order.currency,
              txHash,
              payer,
              paid: paid.toString(),
              at,
              resolution: 'pending',
            },
          },
        },
      ]);
    } catch (error) {
      if (cancellationCodes((error as { cause?: unknown }).cause)[0] === 'ConditionalCheckFailed') {
        throw new SettlementConflictError('TX_ALREADY_CLAIMED', { cause: error });
      }
      throw error;
    }
  }

  async getLicence(licenceId: string): Promise<LicenceRecord | undefined> {
    const item = await this.table.get(keys.licence(licenceId), { ConsistentRead: true });
    return item ? licenceRecordSchema.parse(item) : undefined;
  }

  async listLicencesByHolder(
    holder: Address,
    limit: number,
    after?: Record<string, string>,
  ): Promise<Page<LicenceRecord>> {
    return this.page('gsi1', `HOLDER#${holder}#LICENCES`, limit, after, (item) =>
      licenceRecordSchema.parse(item),
    );
  }

  async listHolderLicencesForModel(holder: Address, modelId: string): Promise<LicenceRecord[]> {
    const page = await this.page('gsi2', `HOLDER#${holder}#MODEL#${modelId}`, 100, undefined, (item) =>
      licenceRecordSchema.parse(item),
    );
    return page.items;
  }

  async revokeLicence(licenceId: string, reason: string, at: string): Promise<void> {
    await this.table.update(
      {
        Key: keys.licence(licenceId),
        UpdateExpression: 'SET #state = :revoked, revokedAt = :at, revokeReason = :reason',
        ConditionExpression: '#state = :active',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':revoked': 'revoked',
          ':active': 'active',
          ':at': at,
          ':reason': reason,
        },
      },
      'The licence is no longer active',
    );
  }

  async transferLicence(oldLicenceId: string, next: LicenceRecord, at: string): Promise<void> {
    await this.table.transactWrite(
      [
        {
          Update: {
            Key: keys.licence(oldLicenceId),
            UpdateExpression: 'SET #state = :transferred, transferredTo = :to, transferredAt = :at',
            ConditionExpression: '#state = :active',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: {
              ':transferred': 'transferred',
              ':active': 'active',
              ':to': next.licensee,
              ':at': at,
            },
          },
        },
        {
          Put: {
            Item: { ...keys.licence(next.licenceId), entity: 'licence', ...licenceIndexes(next), ...next },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ],
      'The licence is no longer active',
    );
  }

  async recordDownload(
    grant: DownloadGrant,
    quota?: { licenceId: string; day: string; limit: number },
  ): Promise<void> {
    const items: TransactItem[] = [
      {
        Put: {
          Item: {
            pk: `DOWNLOADS#${grant.modelId}`,
            sk: `${grant.at}#${grant.grantId}`,
            entity: 'downloadGrant',
            ...grant,
          },
        },
      },
    ];
    if (quota) {
      items.push({
        Update: {
          Key: { pk: `DLQUOTA#${quota.licenceId}#${quota.day}`, sk: 'DLQUOTA' },
          UpdateExpression: 'ADD grants :one SET #ttl = if_not_exists(#ttl, :ttl)',
          ConditionExpression: 'attribute_not_exists(grants) OR grants < :limit',
          ExpressionAttributeNames: { '#ttl': 'ttl' },
          ExpressionAttributeValues: {
            ':one': 1,
            ':limit': quota.limit,
            ':ttl': Math.floor(Date.parse(`${quota.day}T00:00:00Z`) / 1000) + 2 * 86_400,
          },
        },
      });
    }
    try {
      await this.table.transactWrite(items);
    } catch (error) {
      if (quota && cancellationCodes((error as { cause?: unknown }).cause)[1] === 'ConditionalCheckFailed') {
        const now = Date.parse(grant.at);
        const midnight = Date.parse(`${quota.day}T00:00:00Z`) + 86_400_000;
        throw new RateLimitedError(
          `This licence's daily download allowance (${quota.limit}) is used up`,
          Math.max(1, Math.ceil((midnight - now) / 1000)),
          { code: 'DOWNLOAD_QUOTA_EXCEEDED' },
        );
      }
      throw error;
    }
  }

  async listSalesByModel(
    modelId: string,
    limit: number,
    after?: Record<string, string>,
  ): Promise<Page<SaleRecord>> {
    return this.page(
      'gsi1',
      `MODEL#${modelId}#SALES`,
      limit,
      after,
      (item) => saleItemSchema.parse(item) as SaleRecord,
    );
  }

  async listCreditsByRecipient(recipient: Address, limit: number): Promise<CreditRecord[]> {
    const { items } = await this.table.query({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `CREDITS#${recipient}` },
      ScanIndexForward: false,
      Limit: limit,
    });
    return items.map((item) => creditItemSchema.parse(item));
  }

  /**
   * Earnings history: one item per recipient and sale. Written after the settlement commits (the
   * transaction is full with balances); the keys are deterministic, so rewriting is harmless (a
   * replayed submission does, through `restoreHistory`), and the balances — the money — are already
   * exact whatever happens here.
   */
  private async writeHistory(
    sale: Pick<Settlement['sale'], 'saleId' | 'chainId' | 'currency' | 'credits'>,
    modelId: string,
    settledAt: string,
  ): Promise<void> {
    await Promise.all(
      [...perRecipient(sale.credits)].map(([recipient, { amount, roles }]) =>
        this.table.put({
          Item: {
            pk: `CREDITS#${recipient}`,
            sk: `${settledAt}#${sale.saleId}`,
            entity: 'credit',
            saleId: sale.saleId,
            modelId,
            chainId: sale.chainId,
            currency: sale.currency,
            role: [...new Set(roles)].join('+'),
            amount: amount.toString(),
            at: settledAt,
          },
        }),
      ),
    );
  }

  private async page<T>(
    index: 'gsi1' | 'gsi2',
    partition: string,
    limit: number,
    after: Record<string, string> | undefined,
    parse: (item: Item) => T,
  ): Promise<Page<T>> {
    const pk = index === 'gsi1' ? 'gsi1pk' : 'gsi2pk';
    const result = await this.table.query({
      IndexName: index,
      KeyConditionExpression: `${pk} = :pk`,
      ExpressionAttributeValues: { ':pk': partition },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: after,
    });
    return { items: result.items.map(parse), last: result.lastKey as Record<string, string> | undefined };
  }
}
