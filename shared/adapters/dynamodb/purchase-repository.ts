/**
 * Orders, the settlement transaction, licences, download grants, sales, balances and earnings history
 * in the single table; the items and their keys are declared in shared/table-layout.ts (rendered in
 * docs/table-layout.md).
 *
 * Balances are credited by blind atomic ADDs of base-10^26 limbs inside these transactions
 * (balance-limbs.ts), so every amount up to 2^256 − 1 — the one limit offers accept too — settles and
 * is recorded exactly; sales, credits and orders hold amounts as decimal strings.
 */
import type { Address } from '#domain/address.js';
import { RateLimitedError } from '#domain/errors.js';
import { SettlementConflictError } from '#domain/purchases/errors.js';
import { type LicenceRecord, licenceRecordSchema, type Order, orderSchema } from '#domain/purchases/order.js';
import { creditRecordSchema, saleRecordSchema } from '#domain/purchases/sale-records.js';
import { parseTxHash, type TxHash } from '#domain/tx-hash.js';
import type {
  CreditRecord,
  DownloadGrant,
  Page,
  PurchaseRepository,
  SaleRecord,
  Settlement,
} from '#ports/purchases.js';
import { tableKeys } from '#shared/table-layout.js';
import {
  type DynamoTable,
  failedConditions,
  type Item,
  type TransactItem,
  type TransactionItems,
} from './dynamo-table.js';
import { retryOnTransactionConflict } from './errors.js';
import { type DynamoLedgerRepository, ledgerKeys } from './ledger-repository.js';
import { licenceIndexes, orderTokenItem, tokenPrefix } from './purchase-items.js';

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
    const put = {
      Put: {
        Item: { ...tableKeys.order.key(order), entity: 'order', ...tableKeys.order.gsi1(order), ...order },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
    if (!order.market) {
      await this.table.put(put.Put);
      return;
    }
    // A contract sale's order is found again by its token ids (the indexer's Sale and Transfer events).
    await this.table.transact({ order: put, token: orderTokenItem(order) });
  }

  async getOrder(orderId: string): Promise<Order | undefined> {
    const item = await this.table.get(tableKeys.order.key({ orderId }), { ConsistentRead: true });
    return item ? orderSchema.parse(item) : undefined;
  }

  async listOrdersByBuyer(
    buyer: Address,
    limit: number,
    after?: Record<string, string>,
  ): Promise<Page<Order>> {
    return this.page('gsi1', tableKeys.order.gsi1Partition({ buyer }), limit, after, (item) =>
      orderSchema.parse(item),
    );
  }

  async recordPendingPayment(orderId: string, txHash: TxHash): Promise<void> {
    await this.table.update(
      {
        Key: tableKeys.order.key({ orderId }),
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
    const items = {
      order: {
        Update: {
          Key: tableKeys.order.key(order),
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
      licence: {
        Put: {
          Item: {
            ...tableKeys.licence.key(licence),
            entity: 'licence',
            ...licenceIndexes(licence),
            ...licence,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      offer: offerSaleItem(settlement.offer),
      // The ledger's part: the tx claim, the sale record (with the purchase it settles) and the credits.
      ...this.ledger.saleItems({ ...sale, txHash }, settledAt, {
        ...tableKeys.sale.gsi1({ modelId: order.modelId, settledAt, saleId: sale.saleId }),
        modelId: order.modelId,
        offerId: order.offerId,
        orderId: order.orderId,
        licenceId: licence.licenceId,
        buyer: order.buyer,
        settledAt,
      }),
    } satisfies TransactionItems;
    try {
      await retryOnTransactionConflict(() => this.table.transact(items));
    } catch (error) {
      const failed = failedConditions(error, items);
      if (failed.has('claim')) throw new SettlementConflictError('TX_ALREADY_CLAIMED', { cause: error });
      if (failed.has('order')) throw new SettlementConflictError('ORDER_NOT_OPEN', { cause: error });
      if (failed.has('offer')) throw new SettlementConflictError('SOLD_OUT', { cause: error });
      throw error;
    }
    await this.writeHistory(settlement.sale, order.modelId, settledAt);
  }

  async restoreHistory(order: Order): Promise<void> {
    if (order.status !== 'paid' || !order.txHash) return;
    const claim = await this.table.get(ledgerKeys.txClaim(order.chainId, parseTxHash(order.txHash)), {
      ConsistentRead: true,
    });
    const saleId = typeof claim?.saleId === 'string' ? claim.saleId : undefined;
    const item = saleId ? await this.table.get(ledgerKeys.sale(saleId), { ConsistentRead: true }) : undefined;
    if (!item) return;
    const sale = saleRecordSchema.parse(item);
    // The same values the settlement wrote: the order's currency as configured, the sale's credits.
    const credits = sale.credits.map((credit) => ({
      recipient: credit.recipient,
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
    txHash: TxHash;
    paid: bigint;
    reason: string;
    at: string;
  }): Promise<void> {
    const { order, txHash, paid, reason, at } = input;
    const items = {
      order: {
        Update: {
          Key: tableKeys.order.key(order),
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
      // The refund is a ledger entry of its own: the claimed payment, credited whole to the buyer.
      ...this.ledger.saleItems(
        {
          saleId: `refund_${order.orderId}`,
          chainId: order.chainId,
          currency: order.currency,
          txHash,
          amount: paid,
          credits: [{ recipient: order.buyer, role: 'refund', amount: paid }],
        },
        at,
      ),
    } satisfies TransactionItems;
    try {
      await retryOnTransactionConflict(() => this.table.transact(items));
    } catch (error) {
      const failed = failedConditions(error, items);
      if (failed.has('claim')) throw new SettlementConflictError('TX_ALREADY_CLAIMED', { cause: error });
      if (failed.has('order')) throw new SettlementConflictError('ORDER_NOT_OPEN', { cause: error });
      throw error;
    }
  }

  async recordLatePayment(input: {
    order: Order;
    txHash: TxHash;
    paid: bigint;
    payer: Address;
    at: string;
  }): Promise<void> {
    const { order, txHash, paid, payer, at } = input;
    const items = {
      claim: {
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
      latePayment: {
        Put: {
          Item: {
            ...tableKeys.latePayment.key({ chainId: order.chainId, txHash }),
            entity: 'latePayment',
            ...tableKeys.latePayment.gsi1({ at, orderId: order.orderId }),
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
    } satisfies TransactionItems;
    try {
      await this.table.transact(items);
    } catch (error) {
      if (failedConditions(error, items).has('claim')) {
        throw new SettlementConflictError('TX_ALREADY_CLAIMED', { cause: error });
      }
      throw error;
    }
  }

  async findLicenceByToken(chainId: number, tokenId: bigint): Promise<LicenceRecord | undefined> {
    const pointer = await this.table.get(
      tableKeys.orderToken.key({ chainId, tokenPrefix: tokenPrefix(tokenId & ~0xffff_ffffn) }),
      { ConsistentRead: true },
    );
    if (typeof pointer?.orderId !== 'string') return undefined;
    const order = await this.getOrder(pointer.orderId);
    const licence = order?.reservedLicenceId ? await this.getLicence(order.reservedLicenceId) : undefined;
    // The pointer is the order's; the token must be the one its sale minted.
    return licence?.onChain?.tokenId === tokenId.toString() ? licence : undefined;
  }

  async getLicence(licenceId: string): Promise<LicenceRecord | undefined> {
    const item = await this.table.get(tableKeys.licence.key({ licenceId }), { ConsistentRead: true });
    return item ? licenceRecordSchema.parse(item) : undefined;
  }

  async listLicencesByHolder(
    holder: Address,
    limit: number,
    after?: Record<string, string>,
  ): Promise<Page<LicenceRecord>> {
    return this.page('gsi1', tableKeys.licence.gsi1Partition({ licensee: holder }), limit, after, (item) =>
      licenceRecordSchema.parse(item),
    );
  }

  async listHolderLicencesForModel(holder: Address, modelId: string): Promise<LicenceRecord[]> {
    const partition = tableKeys.licence.gsi2Partition({ licensee: holder, modelId });
    const page = await this.page('gsi2', partition, 100, undefined, (item) =>
      licenceRecordSchema.parse(item),
    );
    return page.items;
  }

  async revokeLicence(licenceId: string, reason: string, at: string): Promise<void> {
    await this.table.update(
      {
        Key: tableKeys.licence.key({ licenceId }),
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
    await this.table.transact(
      {
        old: {
          Update: {
            Key: tableKeys.licence.key({ licenceId: oldLicenceId }),
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
        next: {
          Put: {
            Item: { ...tableKeys.licence.key(next), entity: 'licence', ...licenceIndexes(next), ...next },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      },
      'The licence is no longer active',
    );
  }

  async recordDownload(
    grant: DownloadGrant,
    quota?: { licenceId: string; day: string; limit: number },
  ): Promise<void> {
    const items = {
      grant: { Put: { Item: { ...tableKeys.downloadGrant.key(grant), entity: 'downloadGrant', ...grant } } },
      quota: quota && {
        Update: {
          Key: tableKeys.downloadQuota.key(quota),
          UpdateExpression: 'ADD grants :one SET #ttl = if_not_exists(#ttl, :ttl)',
          ConditionExpression: 'attribute_not_exists(grants) OR grants < :limit',
          ExpressionAttributeNames: { '#ttl': 'ttl' },
          ExpressionAttributeValues: {
            ':one': 1,
            ':limit': quota.limit,
            ':ttl': Math.floor(Date.parse(`${quota.day}T00:00:00Z`) / 1000) + 2 * 86_400,
          },
        },
      },
    } satisfies TransactionItems;
    try {
      await this.table.transact(items);
    } catch (error) {
      if (quota && failedConditions(error, items).has('quota')) {
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
    return this.page('gsi1', tableKeys.sale.gsi1Partition({ modelId }), limit, after, (item) =>
      saleRecordSchema.parse(item),
    );
  }

  async listCreditsByRecipient(recipient: Address, limit: number): Promise<CreditRecord[]> {
    const { items } = await this.table.query({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': tableKeys.credit.partition({ recipient }) },
      ScanIndexForward: false,
      Limit: limit,
    });
    return items.map((item) => creditRecordSchema.parse(item));
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
            ...tableKeys.credit.key({ recipient, settledAt, saleId: sale.saleId }),
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

/**
 * The settlement's count of one sale under an offer: `soldCount` + 1 while below the supply cap
 * (`supplyCap` Number, or NULL = unlimited). The cap is read from the offer item itself at commit
 * time, so races cannot oversell; the catalogue freezes an offer's terms once `soldCount` > 0.
 * Whether the offer is still active is not checked here: an order quoted while it was on sale settles.
 */
export function offerSaleItem(offer: { modelId: string; offerId: string }): TransactItem {
  return {
    Update: {
      Key: tableKeys.offer.key(offer),
      UpdateExpression: 'ADD soldCount :one',
      ConditionExpression:
        'attribute_exists(pk) AND (attribute_type(supplyCap, :null) OR soldCount < supplyCap)',
      ExpressionAttributeValues: { ':one': 1, ':null': 'NULL' },
    },
  };
}
