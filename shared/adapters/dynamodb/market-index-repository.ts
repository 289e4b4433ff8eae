/**
 * The chain indexer's storage: its cursor per chain, the events it applied (claimed by chain position),
 * and the effects of each event written in ONE transaction with the claim, so a run killed between two
 * writes leaves either everything or nothing of an event.
 */
import { z } from 'zod';
import type { Address } from '#domain/address.js';
import { ConflictError } from '#domain/errors.js';
import { type LicenceRecord, licenceRecordSchema, type Order, orderSchema } from '#domain/purchases/order.js';
import type { IndexCursor, IndexedEvent, IndexedSale, MarketIndexRepository } from '#ports/market-index.js';
import { tableKeys } from '#shared/table-layout.js';
import { type DynamoTable, failedConditions, type TransactionItems } from './dynamo-table.js';
import { retryOnTransactionConflict } from './errors.js';
import { licenceIndexes, tokenPrefix } from './purchase-items.js';

const BLOCK_DIGITS = 12;

const block = (blockNumber: number) => blockNumber.toString().padStart(BLOCK_DIGITS, '0');
const logIndex = (index: number) => index.toString().padStart(6, '0');

const cursorSchema = z.object({
  chainId: z.number().int(),
  blockNumber: z.number().int(),
  blockHash: z.string(),
  recent: z.array(z.object({ blockNumber: z.number().int(), blockHash: z.string() })),
  updatedAt: z.string(),
});

const eventSchema = z.object({
  position: z.object({
    chainId: z.number().int(),
    blockNumber: z.number().int(),
    blockHash: z.string(),
    txHash: z.string().transform((value) => value as IndexedEvent['position']['txHash']),
    logIndex: z.number().int(),
  }),
  kind: z.enum(['sale', 'transfer', 'orphanSale']),
  orderId: z.string().optional(),
  licenceId: z.string().optional(),
  saleId: z.string().optional(),
  modelId: z.string().optional(),
  offerId: z.string().optional(),
  recipients: z.array(z.string().transform((value) => value as Address)).optional(),
  settledAt: z.string().optional(),
  from: z
    .string()
    .transform((value) => value as Address)
    .optional(),
  to: z
    .string()
    .transform((value) => value as Address)
    .optional(),
});

export class DynamoMarketIndexRepository implements MarketIndexRepository {
  constructor(private readonly table: DynamoTable) {}

  async getCursor(chainId: number): Promise<IndexCursor | undefined> {
    const item = await this.table.get(tableKeys.chainCursor.key({ chainId }), { ConsistentRead: true });
    return item ? cursorSchema.parse(item) : undefined;
  }

  async saveCursor(next: IndexCursor, previous: IndexCursor | undefined): Promise<boolean> {
    try {
      await this.table.put({
        Item: { ...tableKeys.chainCursor.key(next), entity: 'chainCursor', ...next },
        ...(previous
          ? {
              ConditionExpression: 'blockNumber = :block AND blockHash = :hash',
              ExpressionAttributeValues: { ':block': previous.blockNumber, ':hash': previous.blockHash },
            }
          : { ConditionExpression: 'attribute_not_exists(pk)' }),
      });
      return true;
    } catch (error) {
      if (error instanceof ConflictError) return false;
      throw error;
    }
  }

  async eventsInRange(chainId: number, from: number, to: number): Promise<IndexedEvent[]> {
    const events: IndexedEvent[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.table.query({
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': tableKeys.chainEvent.partition({ chainId }),
          ':from': `${block(from)}#`,
          ':to': `${block(to)}#~`,
        },
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      });
      for (const item of page.items) events.push(eventSchema.parse(item.event) as IndexedEvent);
      start = page.lastKey;
    } while (start);
    return events;
  }

  async findOrderByTokenPrefix(chainId: number, prefix: bigint): Promise<Order | undefined> {
    const pointer = await this.table.get(
      tableKeys.orderToken.key({ chainId, tokenPrefix: tokenPrefix(prefix) }),
      { ConsistentRead: true },
    );
    if (typeof pointer?.orderId !== 'string') return undefined;
    const item = await this.table.get(tableKeys.order.key({ orderId: pointer.orderId }), {
      ConsistentRead: true,
    });
    return item ? orderSchema.parse(item) : undefined;
  }

  async getLicence(licenceId: string): Promise<LicenceRecord | undefined> {
    const item = await this.table.get(tableKeys.licence.key({ licenceId }), { ConsistentRead: true });
    return item ? licenceRecordSchema.parse(item) : undefined;
  }

  async applySale({ event, order, licence, sale, credits }: IndexedSale): Promise<boolean> {
    const settledAt = sale.settledAt;
    const items = {
      claim: this.claimItem(event),
      order: {
        Update: {
          Key: tableKeys.order.key(order),
          UpdateExpression:
            'SET #status = :paid, txHash = :tx, paidAmount = :paid_amount, licenceId = :licence, settledAt = :at',
          // The chain is the truth: a sale it holds pays the order even past the quote's expiry.
          ConditionExpression: 'attribute_exists(pk) AND #status <> :paid',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':paid': 'paid',
            ':tx': sale.txHash,
            ':paid_amount': sale.amount,
            ':licence': licence.licenceId,
            ':at': settledAt,
          },
        },
      },
      // Unconditional: after a reorg undid it (revoked as REORGED), the re-mined sale restores it.
      licence: { Put: { Item: licenceItem(licence) } },
      offer: {
        Update: {
          Key: tableKeys.offer.key({ modelId: order.modelId, offerId: order.offerId }),
          // No supply-cap condition: the contract enforced the cap, and the sale happened.
          UpdateExpression: 'ADD soldCount :one',
          ExpressionAttributeValues: { ':one': 1 },
        },
      },
      sale: {
        Put: {
          Item: {
            ...tableKeys.sale.key(sale),
            entity: 'sale',
            ...tableKeys.sale.gsi1({ modelId: order.modelId, settledAt, saleId: sale.saleId }),
            ...sale,
          },
        },
      },
      credits: mergedCredits(credits).map((credit) => ({
        Put: {
          Item: {
            ...tableKeys.credit.key({ recipient: credit.recipient, settledAt, saleId: sale.saleId }),
            entity: 'credit',
            ...credit,
          },
        },
      })),
    } satisfies TransactionItems;
    return this.claiming(items);
  }

  async applyOrphan(event: IndexedEvent): Promise<boolean> {
    return this.claiming({ claim: this.claimItem(event) });
  }

  async applyTransfer(
    event: IndexedEvent,
    licence: { licenceId: string; to: Address; token: string },
  ): Promise<boolean> {
    const stored = await this.getLicence(licence.licenceId);
    if (!stored) return this.applyOrphan({ ...event, kind: 'orphanSale' });
    const moved: LicenceRecord = { ...stored, licensee: licence.to, token: licence.token };
    return this.claiming({
      claim: this.claimItem(event),
      licence: {
        Put: {
          Item: licenceItem(moved),
          ConditionExpression: 'licensee = :from',
          ExpressionAttributeValues: { ':from': event.from },
        },
      },
    });
  }

  async undo(event: IndexedEvent, restoredToken?: string): Promise<void> {
    const claim = {
      Delete: {
        Key: tableKeys.chainEvent.key(eventKey(event)),
        ConditionExpression: 'attribute_exists(pk)',
      },
    };
    if (event.kind === 'sale' && event.orderId && event.licenceId && event.saleId && event.settledAt) {
      const { settledAt, saleId } = event;
      await retryOnTransactionConflict(() =>
        this.table.transact({
          claim,
          order: {
            Update: {
              Key: tableKeys.order.key({ orderId: event.orderId as string }),
              UpdateExpression: 'SET #status = :open REMOVE txHash, paidAmount, licenceId, settledAt',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':open': 'awaiting_payment' },
            },
          },
          licence: {
            Update: {
              Key: tableKeys.licence.key({ licenceId: event.licenceId as string }),
              UpdateExpression: 'SET #state = :revoked, revokedAt = :at, revokeReason = :reason',
              ExpressionAttributeNames: { '#state': 'state' },
              ExpressionAttributeValues: {
                ':revoked': 'revoked',
                ':at': new Date().toISOString(),
                ':reason': 'REORGED: the sale is no longer on the chain',
              },
            },
          },
          offer: {
            Update: {
              Key: tableKeys.offer.key({
                modelId: event.modelId as string,
                offerId: event.offerId as string,
              }),
              UpdateExpression: 'ADD soldCount :minus',
              ExpressionAttributeValues: { ':minus': -1 },
            },
          },
          sale: { Delete: { Key: tableKeys.sale.key({ saleId }) } },
          credits: (event.recipients ?? []).map((recipient) => ({
            Delete: { Key: tableKeys.credit.key({ recipient, settledAt, saleId }) },
          })),
        }),
      );
      return;
    }
    const licence =
      event.kind === 'transfer' && event.licenceId ? await this.getLicence(event.licenceId) : undefined;
    if (licence && event.from && restoredToken) {
      const restored: LicenceRecord = { ...licence, licensee: event.from, token: restoredToken };
      await retryOnTransactionConflict(() =>
        this.table.transact({
          claim,
          licence: {
            Put: {
              Item: licenceItem(restored),
              ConditionExpression: 'licensee = :to',
              ExpressionAttributeValues: { ':to': event.to },
            },
          },
        }),
      );
      return;
    }
    await this.table.delete(claim.Delete);
  }

  private claimItem(event: IndexedEvent) {
    return {
      Put: {
        Item: { ...tableKeys.chainEvent.key(eventKey(event)), entity: 'chainEvent', event },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }

  /** Runs an apply transaction; false when its claim shows the event was applied before. */
  private async claiming(items: TransactionItems): Promise<boolean> {
    try {
      await retryOnTransactionConflict(() => this.table.transact(items));
      return true;
    } catch (error) {
      if (failedConditions(error, items).has('claim')) return false;
      throw error;
    }
  }
}

function eventKey(event: IndexedEvent) {
  return {
    chainId: event.position.chainId,
    block: block(event.position.blockNumber),
    logIndex: logIndex(event.position.logIndex),
  };
}

function licenceItem(licence: LicenceRecord) {
  return { ...tableKeys.licence.key(licence), entity: 'licence', ...licenceIndexes(licence), ...licence };
}

/** One credit item per recipient and sale (a recipient may hold several roles in one sale). */
function mergedCredits<C extends { recipient: Address; role: string; amount: string }>(credits: C[]): C[] {
  const merged = new Map<Address, C>();
  for (const credit of credits) {
    const seen = merged.get(credit.recipient);
    merged.set(
      credit.recipient,
      seen
        ? {
            ...seen,
            role: `${seen.role}+${credit.role}`,
            amount: (BigInt(seen.amount) + BigInt(credit.amount)).toString(),
          }
        : credit,
    );
  }
  return [...merged.values()];
}
