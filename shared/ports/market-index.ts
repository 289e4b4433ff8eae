/**
 * What the chain indexer reads (the market contract's events, block hashes, finality) and what it
 * writes (licences, sales and earnings history, a cursor per chain). Implemented over JSON-RPC
 * (shared/adapters/chain/evm-market-log-source.ts) and DynamoDB (shared/adapters/dynamodb/
 * market-index-repository.ts).
 */
import type { Address } from '#domain/address.js';
import type { Bytes32 } from '#domain/licences/canonical-json.js';
import type { LicenceRecord, Order } from '#domain/purchases/order.js';
import type { CreditRecord, SaleRecord } from '#domain/purchases/sale-records.js';
import type { TxHash } from '#domain/tx-hash.js';

/** Where an event sits on the chain; (blockNumber, logIndex) orders events, blockHash pins the fork. */
export interface ChainPosition {
  chainId: number;
  blockNumber: number;
  blockHash: string;
  txHash: TxHash;
  logIndex: number;
}

/** The contract's `Sale` event, decoded. */
export interface SaleEvent {
  kind: 'sale';
  position: ChainPosition;
  orderHash: Bytes32;
  tokenId: bigint;
  modelKey: Bytes32;
  offerId: Bytes32;
  buyer: Address;
  /** The zero address for the native coin. */
  currency: Address;
  price: bigint;
  platformFee: bigint;
  /** The zero address when there is none. */
  referrer: Address;
  referrerFee: bigint;
  splitId: Bytes32;
  toSplit: bigint;
  /** Epoch seconds; 0 = perpetual. */
  expiresAt: number;
}

/** An ERC-721 `Transfer` of a licence token between two holders (mints are reported by `Sale`). */
export interface TransferEvent {
  kind: 'transfer';
  position: ChainPosition;
  from: Address;
  to: Address;
  tokenId: bigint;
}

export type MarketEvent = SaleEvent | TransferEvent;

export interface ChainHeads {
  latest: number;
  /** The highest block that counts as final (the `finalized` tag, or latest − confirmations). */
  finalized: number;
}

export type TransactionEvents =
  | { status: 'unknown' }
  | { status: 'reverted'; blockNumber: number }
  | { status: 'mined'; blockNumber: number; blockHash: string; to: Address | null; events: MarketEvent[] };

export interface MarketLogSource {
  heads(chainId: number): Promise<ChainHeads>;
  /** The canonical block's hash at `blockNumber`, undefined above the head. */
  blockHash(chainId: number, blockNumber: number): Promise<string | undefined>;
  blockTimestamp(chainId: number, blockNumber: number): Promise<number>;
  /** The market's Sale and Transfer events in [from, to], in chain order. */
  events(chainId: number, market: Address, from: number, to: number): Promise<MarketEvent[]>;
  /** One transaction's market events (the fast path), from its receipt. */
  transactionEvents(chainId: number, market: Address, txHash: TxHash): Promise<TransactionEvents>;
  /** A split's recipients and basis points as the contract stores them. */
  splitOf(
    chainId: number,
    market: Address,
    splitId: Bytes32,
  ): Promise<{ recipients: Address[]; bps: number[] }>;
  /** Where the contract credits the platform fee (its `feeRecipient`). */
  feeRecipient(chainId: number, market: Address): Promise<Address>;
}

/** Per chain: the last block indexed and the hashes of recent range ends (to find a fork point). */
export interface IndexCursor {
  chainId: number;
  blockNumber: number;
  blockHash: string;
  /** Newest last; at most a few dozen entries. */
  recent: Array<{ blockNumber: number; blockHash: string }>;
  updatedAt: string;
}

/** An event as the index stored it, with what undoing it needs. */
export interface IndexedEvent {
  position: ChainPosition;
  kind: 'sale' | 'transfer' | 'orphanSale';
  /** sale: the order, licence and sale it wrote; transfer: the licence and both holders. */
  orderId?: string;
  licenceId?: string;
  saleId?: string;
  modelId?: string;
  offerId?: string;
  recipients?: Address[];
  settledAt?: string;
  from?: Address;
  to?: Address;
}

/** Everything one Sale event makes true, written at once. */
export interface IndexedSale {
  event: IndexedEvent;
  order: Order;
  licence: LicenceRecord;
  sale: SaleRecord;
  /** One line per recipient and role (the repository merges a recipient's roles into one item). */
  credits: Array<CreditRecord & { recipient: Address }>;
}

export interface MarketIndexRepository {
  getCursor(chainId: number): Promise<IndexCursor | undefined>;
  /**
   * Moves the cursor, only from `previous` (undefined = no cursor yet): two indexers racing on one
   * chain cannot both advance it. @returns false when another run moved it first.
   */
  saveCursor(next: IndexCursor, previous: IndexCursor | undefined): Promise<boolean>;
  /** The events stored for blocks [from, to], in chain order. */
  eventsInRange(chainId: number, from: number, to: number): Promise<IndexedEvent[]>;
  /** The order a market order hash (its token ids' high 224 bits) belongs to. */
  findOrderByTokenPrefix(chainId: number, tokenPrefix: bigint): Promise<Order | undefined>;
  getLicence(licenceId: string): Promise<LicenceRecord | undefined>;
  /**
   * In one transaction: the event claimed (a second apply of the same event does nothing and
   * returns false), the order paid, the licence written active, the offer's sold count up, the sale
   * and its credits recorded.
   */
  applySale(sale: IndexedSale): Promise<boolean>;
  /** An event we cannot attribute (no order of ours): claimed and kept for operators, nothing else. */
  applyOrphan(event: IndexedEvent): Promise<boolean>;
  /** The licence's holder moves `from` → `to` with its re-signed token; the event claimed. */
  applyTransfer(
    event: IndexedEvent,
    licence: { licenceId: string; to: Address; token: string },
  ): Promise<boolean>;
  /**
   * Undoes an event a reorg removed, in one transaction: the claim deleted, and for a sale the
   * licence voided, the order open again, the sold count down, the sale and credits deleted; for a
   * transfer, the holder restored (with `token`, re-signed for the previous holder).
   */
  undo(event: IndexedEvent, restoredToken?: string): Promise<void>;
}
