/**
 * The chain indexer: follows the marketplace contract's events into the table — each Sale becomes the
 * order paid, its licence, the sale and its earnings history; each Transfer moves a licence to its new
 * holder. Only final blocks are indexed (the `finalized` tag, or head − confirmations), so a reorg the
 * chain's finality rules allow never reaches the table. A reorg deeper than that is still handled: the
 * cursor remembers recent block hashes, a changed hash rewinds it to the fork point, and reconciling a
 * block range undoes what the chain no longer holds (the licence is revoked as REORGED, the order
 * reopens) and applies what it now holds.
 *
 * Idempotent by construction: an event is claimed by its position (chain, block, log index, tx, block
 * hash) in the transaction that applies it, so a run killed anywhere and restarted, two runs racing,
 * or the fast path (`indexTransaction`, for POST /orders/{id}/payment) and the scan both seeing one
 * event, apply it once.
 */
import type { Address } from '#domain/address.js';
import { DependencyError } from '#domain/errors.js';
import { newId } from '#domain/ids.js';
import { licenceClaims, licenceForOrder, type Order } from '#domain/purchases/order.js';
import type { CreditRecord, SaleRecord } from '#domain/purchases/sale-records.js';
import type { TxHash } from '#domain/tx-hash.js';
import type { Clock } from '#ports/clock.js';
import type {
  IndexCursor,
  IndexedEvent,
  MarketEvent,
  MarketIndexRepository,
  MarketLogSource,
  SaleEvent,
  TransferEvent,
} from '#ports/market-index.js';
import type { LicenceSigner } from '#ports/purchases.js';
import { METRIC_NAMES, type Metrics, noMetrics } from '#shared/metrics.js';
import { orderHashPrefix, ZERO_ADDRESS } from './typed-data.js';

export interface IndexedChain {
  chainId: number;
  market: Address;
  /** The market's deployment block: the first block to read. */
  deployBlock: number;
}

export interface IndexerSettings {
  chains: readonly IndexedChain[];
  /** Blocks per eth_getLogs request (providers cap ranges; 2,000 is accepted by the common ones). */
  maxBlockRange: number;
  /** Range ends remembered to find a fork point after a reorg beyond finality. */
  recentHashes: number;
}

export interface IndexRunReport {
  chainId: number;
  from: number;
  to: number;
  applied: number;
  undone: number;
  /** The fork point when the cursor's block was no longer canonical. */
  reorgedFrom?: number;
  caughtUp: boolean;
}

export type FastPathOutcome =
  | { status: 'unknown' | 'reverted' | 'not_final' | 'not_a_market_transaction' }
  | { status: 'indexed'; applied: number; blockNumber: number };

export class ChainIndexer {
  private readonly timestamps = new Map<string, number>();
  private feeRecipients = new Map<string, Promise<Address>>();

  constructor(
    private readonly source: MarketLogSource,
    private readonly repository: MarketIndexRepository,
    private readonly signer: LicenceSigner,
    private readonly clock: Clock,
    private readonly settings: IndexerSettings,
    private readonly metrics: Metrics = noMetrics,
  ) {}

  get chains(): readonly IndexedChain[] {
    return this.settings.chains;
  }

  /** Indexes until the chain's final head or `maxRanges` ranges; one report per range. */
  async catchUp(chainId: number, maxRanges = 50): Promise<IndexRunReport[]> {
    const reports: IndexRunReport[] = [];
    for (let range = 0; range < maxRanges; range++) {
      const report = await this.step(chainId);
      reports.push(report);
      if (report.caughtUp) break;
    }
    return reports;
  }

  /** One range: check the cursor is still canonical, read [cursor + 1, final] (capped), reconcile. */
  async step(chainId: number): Promise<IndexRunReport> {
    this.feeRecipients = new Map();
    const chain = this.chain(chainId);
    const heads = await this.source.heads(chainId);
    const cursor = await this.repository.getCursor(chainId);
    let last = cursor?.blockNumber ?? chain.deployBlock - 1;
    let recent = cursor?.recent ?? [];
    let reorgedFrom: number | undefined;
    if (cursor) {
      const hash = await this.source.blockHash(chainId, cursor.blockNumber);
      // A node that does not have our cursor's block is behind (or another chain): not a reorg. Undoing
      // on its word would void every licence; wait for a node that has caught up.
      if (hash === undefined || heads.latest < cursor.blockNumber) {
        throw new DependencyError(
          `chain:${chainId}`,
          `The RPC node is behind the indexer (block ${cursor.blockNumber})`,
          {
            retryAfterSeconds: 30,
          },
        );
      }
      if (hash !== cursor.blockHash) {
        last = await this.forkPoint(chainId, cursor, chain.deployBlock - 1);
        recent = recent.filter((entry) => entry.blockNumber <= last);
        reorgedFrom = last + 1;
        this.metrics.count(METRIC_NAMES.indexerReorgs, 1, {
          chainId,
          from: reorgedFrom,
          cursor: cursor.blockNumber,
        });
      }
    }
    const from = last + 1;
    const to = Math.min(heads.finalized, last + this.settings.maxBlockRange);
    let undone = 0;
    if (cursor && reorgedFrom !== undefined)
      undone += await this.undoNonCanonical(chainId, from, cursor.blockNumber);
    let applied = 0;
    if (to >= from) {
      const reconciled = await this.reconcile(chain, from, to);
      applied += reconciled.applied;
      undone += reconciled.undone;
    } else if (reorgedFrom === undefined) {
      return { chainId, from, to: last, applied: 0, undone: 0, caughtUp: true };
    }
    const blockNumber = Math.max(to, last);
    const blockHash = await this.source.blockHash(chainId, blockNumber);
    if (blockHash === undefined) {
      throw new DependencyError(`chain:${chainId}`, `block ${blockNumber} is missing from the node`);
    }
    const next: IndexCursor = {
      chainId,
      blockNumber,
      blockHash,
      recent: [...recent, { blockNumber, blockHash }].slice(-this.settings.recentHashes),
      updatedAt: this.clock.now().toISOString(),
    };
    // Another run moved the cursor first: its work covers ours (every apply is idempotent).
    await this.repository.saveCursor(next, cursor);
    this.metrics.record(METRIC_NAMES.indexerLagBlocks, Math.max(0, heads.latest - blockNumber), 'Count', {
      chainId,
    });
    return {
      chainId,
      from,
      to: blockNumber,
      applied,
      undone,
      ...(reorgedFrom !== undefined ? { reorgedFrom } : {}),
      caughtUp: blockNumber >= heads.finalized,
    };
  }

  /**
   * The fast path: indexes one transaction's market events as soon as its block is final, so a buyer
   * need not wait for the next scan. The scan later finds the same events already claimed.
   */
  async indexTransaction(chainId: number, txHash: TxHash): Promise<FastPathOutcome> {
    this.feeRecipients = new Map();
    const chain = this.chain(chainId);
    const found = await this.source.transactionEvents(chainId, chain.market, txHash);
    if (found.status !== 'mined') return { status: found.status };
    if (found.to !== chain.market) return { status: 'not_a_market_transaction' };
    const heads = await this.source.heads(chainId);
    if (found.blockNumber > heads.finalized) return { status: 'not_final' };
    // The receipt's block must still be the canonical one at that height.
    if ((await this.source.blockHash(chainId, found.blockNumber)) !== found.blockHash) {
      return { status: 'not_final' };
    }
    let applied = 0;
    for (const event of found.events) {
      if (await this.apply(chain, event)) applied++;
    }
    return { status: 'indexed', applied, blockNumber: found.blockNumber };
  }

  /** Compares the stored events of [from, to] with the chain's: undoes what is gone, applies what is new. */
  private async reconcile(
    chain: IndexedChain,
    from: number,
    to: number,
  ): Promise<{ applied: number; undone: number }> {
    const onChain = await this.source.events(chain.chainId, chain.market, from, to);
    const stored = await this.repository.eventsInRange(chain.chainId, from, to);
    const chainKeys = new Set(onChain.map((event) => positionKey(event.position)));
    const storedKeys = new Set(stored.map((event) => positionKey(event.position)));
    let undone = 0;
    for (const event of [...stored].reverse()) {
      if (chainKeys.has(positionKey(event.position))) continue;
      await this.undo(event);
      undone++;
    }
    let applied = 0;
    for (const event of onChain) {
      if (storedKeys.has(positionKey(event.position))) continue;
      if (await this.apply(chain, event)) applied++;
    }
    return { applied, undone };
  }

  /** After a reorg beyond finality: undoes the stored events of [from, to] whose block is no longer canonical. */
  private async undoNonCanonical(chainId: number, from: number, to: number): Promise<number> {
    const stored = await this.repository.eventsInRange(chainId, from, to);
    const canonical = new Map<number, string | undefined>();
    let undone = 0;
    for (const event of [...stored].reverse()) {
      const block = event.position.blockNumber;
      if (!canonical.has(block)) canonical.set(block, await this.source.blockHash(chainId, block));
      if (canonical.get(block) === event.position.blockHash) continue;
      await this.undo(event);
      undone++;
    }
    return undone;
  }

  private async apply(chain: IndexedChain, event: MarketEvent): Promise<boolean> {
    return event.kind === 'sale' ? this.applySale(chain, event) : this.applyTransfer(chain, event);
  }

  private async applySale(chain: IndexedChain, event: SaleEvent): Promise<boolean> {
    const order = await this.repository.findOrderByTokenPrefix(chain.chainId, orderHashPrefix(event.tokenId));
    const base: IndexedEvent = { position: event.position, kind: 'sale' };
    if (!order?.market || !order.reservedLicenceId) {
      this.metrics.count(METRIC_NAMES.indexerOrphanSales, 1, {
        chainId: chain.chainId,
        tokenId: event.tokenId.toString(),
      });
      return this.repository.applyOrphan({ ...base, kind: 'orphanSale' });
    }
    const issuedAt = await this.blockTimestamp(chain.chainId, event.position);
    const settledAt = new Date(issuedAt * 1000).toISOString();
    const licenceId = order.reservedLicenceId;
    const licence = await this.licenceFor(order, event, licenceId, issuedAt);
    const saleId = newId('sale');
    const credits = await this.creditsOf(chain, order, event);
    const sale: SaleRecord = {
      saleId,
      modelId: order.modelId,
      offerId: order.offerId,
      orderId: order.orderId,
      licenceId,
      buyer: event.buyer,
      chainId: chain.chainId,
      currency: order.currency,
      txHash: event.position.txHash,
      amount: event.price.toString(),
      credits: credits.map((credit) => ({
        recipient: credit.recipient,
        role: credit.role,
        amount: credit.amount,
      })),
      settledAt,
    };
    const creditRecords: Array<CreditRecord & { recipient: Address }> = credits.map((credit) => ({
      recipient: credit.recipient,
      saleId,
      modelId: order.modelId,
      chainId: chain.chainId,
      currency: order.currency,
      role: credit.role,
      amount: credit.amount,
      at: settledAt,
    }));
    const applied = await this.repository.applySale({
      event: {
        ...base,
        orderId: order.orderId,
        licenceId,
        saleId,
        modelId: order.modelId,
        offerId: order.offerId,
        recipients: [...new Set(credits.map((credit) => credit.recipient))],
        settledAt,
      },
      order: {
        ...order,
        status: 'paid',
        txHash: event.position.txHash,
        paidAmount: event.price.toString(),
        licenceId,
        settledAt,
      },
      licence,
      sale,
      credits: creditRecords,
    });
    if (applied)
      this.metrics.count(METRIC_NAMES.settlements, 1, { orderId: order.orderId, chainId: chain.chainId });
    return applied;
  }

  private async applyTransfer(chain: IndexedChain, event: TransferEvent): Promise<boolean> {
    const base: IndexedEvent = { position: event.position, kind: 'transfer', from: event.from, to: event.to };
    const order = await this.repository.findOrderByTokenPrefix(chain.chainId, orderHashPrefix(event.tokenId));
    const licence = order?.reservedLicenceId
      ? await this.repository.getLicence(order.reservedLicenceId)
      : undefined;
    if (!licence) return this.repository.applyOrphan({ ...base, kind: 'orphanSale' });
    const token = await this.signer.sign(licenceClaims({ ...licence, licensee: event.to }));
    return this.repository.applyTransfer(
      { ...base, licenceId: licence.licenceId },
      { licenceId: licence.licenceId, to: event.to, token },
    );
  }

  private async undo(event: IndexedEvent): Promise<void> {
    this.metrics.count(METRIC_NAMES.indexerUndone, 1, { chainId: event.position.chainId, kind: event.kind });
    if (event.kind === 'transfer' && event.licenceId && event.from) {
      const licence = await this.repository.getLicence(event.licenceId);
      const token = licence
        ? await this.signer.sign(licenceClaims({ ...licence, licensee: event.from }))
        : undefined;
      await this.repository.undo(event, token);
      return;
    }
    await this.repository.undo(event);
  }

  private async licenceFor(order: Order, event: SaleEvent, licenceId: string, issuedAt: number) {
    const licence = licenceForOrder(order, {
      licenceId,
      licensee: event.buyer,
      issuedAt,
      expiresAt: event.expiresAt,
      onChain: {
        chainId: event.position.chainId,
        contract: order.market?.contract ?? ZERO_ADDRESS,
        tokenId: event.tokenId.toString(),
        txHash: event.position.txHash,
      },
    });
    licence.token = await this.signer.sign(licenceClaims(licence));
    return licence;
  }

  /**
   * Each recipient's part of one sale: the fees as the contract credited them, and the split's share
   * of `toSplit` by the contract's own rule (floor, then the leftover units one each to the first
   * recipients). Withdrawable balances are the contract's; this is the history beside them.
   */
  private async creditsOf(chain: IndexedChain, order: Order, event: SaleEvent) {
    const split =
      order.market?.split.splitId === event.splitId
        ? order.market.split
        : await this.source.splitOf(chain.chainId, chain.market, event.splitId);
    const credits: Array<{ recipient: Address; role: string; amount: string }> = [];
    if (event.platformFee > 0n) {
      credits.push({
        recipient: await this.platformRecipient(order),
        role: 'platform',
        amount: event.platformFee.toString(),
      });
    }
    if (event.referrerFee > 0n) {
      credits.push({ recipient: event.referrer, role: 'referrer', amount: event.referrerFee.toString() });
    }
    for (const [index, share] of splitShares(event.toSplit, split.bps).entries()) {
      if (share > 0n)
        credits.push({
          recipient: split.recipients[index] as Address,
          role: 'split',
          amount: share.toString(),
        });
    }
    return credits;
  }

  /** A block's timestamp, read once per block (a block hash pins it: a reorged block is another key). */
  private async blockTimestamp(chainId: number, position: { blockNumber: number; blockHash: string }) {
    const key = `${chainId}:${position.blockHash}`;
    let timestamp = this.timestamps.get(key);
    if (timestamp === undefined) {
      timestamp = await this.source.blockTimestamp(chainId, position.blockNumber);
      if (this.timestamps.size >= 1024) this.timestamps.delete(this.timestamps.keys().next().value as string);
      this.timestamps.set(key, timestamp);
    }
    return timestamp;
  }

  /** The market's fee recipient, read once per run (the admin may change it between runs). */
  private async platformRecipient(order: Order): Promise<Address> {
    const market = order.market?.contract ?? ZERO_ADDRESS;
    const key = `${order.chainId}:${market}`;
    let recipient = this.feeRecipients.get(key);
    if (!recipient) {
      recipient = this.source.feeRecipient(order.chainId, market);
      this.feeRecipients.set(key, recipient);
      recipient.catch(() => this.feeRecipients.delete(key));
    }
    return recipient;
  }

  /** The newest remembered range end whose hash is still canonical, else `floor`. */
  private async forkPoint(chainId: number, cursor: IndexCursor, floor: number): Promise<number> {
    for (const entry of [...cursor.recent].reverse()) {
      if (entry.blockNumber >= cursor.blockNumber) continue;
      const hash = await this.source.blockHash(chainId, entry.blockNumber);
      if (hash === undefined) {
        throw new DependencyError(`chain:${chainId}`, `The RPC node lost block ${entry.blockNumber}`);
      }
      if (hash === entry.blockHash) return entry.blockNumber;
    }
    return floor;
  }

  private chain(chainId: number): IndexedChain {
    const chain = this.settings.chains.find((candidate) => candidate.chainId === chainId);
    if (!chain) throw new Error(`chain ${chainId} has no market to index`);
    return chain;
  }
}

/** The contract's distribution of `amount` by `bps`: floors, then one unit each to the first recipients. */
export function splitShares(amount: bigint, bps: readonly number[]): bigint[] {
  const shares = bps.map((part) => (amount * BigInt(part)) / 10_000n);
  let leftover = amount - shares.reduce((sum, share) => sum + share, 0n);
  for (let index = 0; leftover > 0n && index < shares.length; index++, leftover--) {
    shares[index] = (shares[index] as bigint) + 1n;
  }
  return shares;
}

function positionKey(position: IndexedEvent['position']): string {
  return `${position.blockNumber}:${position.logIndex}:${position.txHash}:${position.blockHash}`;
}
