/**
 * The market contract's events and the chain facts the indexer needs, over JSON-RPC (our small client
 * through EvmChainGateway; ethers only to decode ABI data, loaded on first use). Every answer is
 * validated: a node answering garbage, timing out or lagging becomes DependencyError (→ 503 on the fast
 * path, a retry for the scheduled indexer), never a half-applied range.
 */
import type { Interface } from 'ethers';
import { z } from 'zod';
import { type Address, toChecksumAddress } from '#domain/address.js';
import { DependencyError } from '#domain/errors.js';
import type { Bytes32 } from '#domain/licences/canonical-json.js';
import { parseTxHash, type TxHash } from '#domain/tx-hash.js';
import type { ChainHeads, MarketEvent, MarketLogSource, TransactionEvents } from '#ports/market-index.js';
import type { EvmChainGateway } from './evm-chain-gateway.js';
import { MARKET_ABI } from './market-abi.js';
import { blockSchema, hash32, hexQuantity, receiptSchema, rpcAddress } from './rpc-schemas.js';

export interface IndexedChainPolicy {
  chainId: number;
  confirmations: number;
  useFinalizedTag: boolean;
}

const rpcLogSchema = z.object({
  address: rpcAddress,
  topics: z.array(z.string().regex(/^0x[0-9a-fA-F]{64}$/)),
  data: z.string().regex(/^0x([0-9a-fA-F]{2})*$/),
  blockNumber: hexQuantity,
  blockHash: hash32,
  transactionHash: z.string(),
  logIndex: hexQuantity,
  removed: z.boolean().optional(),
});
type RpcLog = z.infer<typeof rpcLogSchema>;

const blockHeaderSchema = blockSchema.extend({ timestamp: hexQuantity });

export class EvmMarketLogSource implements MarketLogSource {
  private abi: Promise<Interface> | undefined;

  constructor(
    private readonly gateway: EvmChainGateway,
    private readonly policies: readonly IndexedChainPolicy[],
  ) {}

  async heads(chainId: number): Promise<ChainHeads> {
    const latest = Number(await this.call(chainId, 'eth_blockNumber', [], hexQuantity));
    const policy = this.policy(chainId);
    if (policy.useFinalizedTag) {
      const finalized = await this.call(chainId, 'eth_getBlockByNumber', ['finalized', false], blockSchema);
      return { latest, finalized: Number(finalized.number) };
    }
    return { latest, finalized: latest - policy.confirmations };
  }

  async blockHash(chainId: number, blockNumber: number): Promise<string | undefined> {
    const block = await this.call(
      chainId,
      'eth_getBlockByNumber',
      [`0x${blockNumber.toString(16)}`, false],
      blockSchema.nullable(),
    );
    return block?.hash;
  }

  async blockTimestamp(chainId: number, blockNumber: number): Promise<number> {
    const block = await this.call(
      chainId,
      'eth_getBlockByNumber',
      [`0x${blockNumber.toString(16)}`, false],
      blockHeaderSchema,
    );
    return Number(block.timestamp);
  }

  async events(chainId: number, market: Address, from: number, to: number): Promise<MarketEvent[]> {
    const abi = await this.interface();
    const topics = [[abi.getEvent('Sale')?.topicHash, abi.getEvent('Transfer')?.topicHash]];
    const logs = await this.call(
      chainId,
      'eth_getLogs',
      [{ address: market, fromBlock: `0x${from.toString(16)}`, toBlock: `0x${to.toString(16)}`, topics }],
      z.array(rpcLogSchema),
    );
    const events: MarketEvent[] = [];
    for (const log of logs) {
      if (log.removed || log.address !== market) continue;
      const event = this.decode(abi, chainId, log);
      if (event) events.push(event);
    }
    return events.sort(
      (a, b) => a.position.blockNumber - b.position.blockNumber || a.position.logIndex - b.position.logIndex,
    );
  }

  async transactionEvents(chainId: number, market: Address, txHash: TxHash): Promise<TransactionEvents> {
    const raw = await this.call(chainId, 'eth_getTransactionReceipt', [txHash], z.unknown());
    if (raw === null || raw === undefined) return { status: 'unknown' };
    const receipt = receiptSchema.safeParse(raw);
    const logs = z.object({ logs: z.array(rpcLogSchema) }).safeParse(raw);
    if (!receipt.success || !logs.success) {
      throw new DependencyError(`chain:${chainId}`, 'The RPC answered a malformed receipt');
    }
    if (receipt.data.status !== 1n)
      return { status: 'reverted', blockNumber: Number(receipt.data.blockNumber) };
    const abi = await this.interface();
    const events: MarketEvent[] = [];
    for (const log of logs.data.logs) {
      if (log.address !== market) continue;
      const event = this.decode(abi, chainId, log);
      if (event) events.push(event);
    }
    return {
      status: 'mined',
      blockNumber: Number(receipt.data.blockNumber),
      blockHash: receipt.data.blockHash,
      to: receipt.data.to,
      events,
    };
  }

  async splitOf(chainId: number, market: Address, splitId: Bytes32) {
    const abi = await this.interface();
    const [recipients, bps] = abi.decodeFunctionResult(
      'splitOf',
      await this.ethCall(chainId, market, abi.encodeFunctionData('splitOf', [splitId])),
    ) as unknown as [string[], bigint[]];
    return {
      recipients: recipients.map((recipient) => toChecksumAddress(recipient.toLowerCase())),
      bps: bps.map((part) => Number(part)),
    };
  }

  async feeRecipient(chainId: number, market: Address): Promise<Address> {
    const abi = await this.interface();
    const [recipient] = abi.decodeFunctionResult(
      'feeRecipient',
      await this.ethCall(chainId, market, abi.encodeFunctionData('feeRecipient', [])),
    ) as unknown as [string];
    return toChecksumAddress(recipient.toLowerCase());
  }

  private decode(abi: Interface, chainId: number, log: RpcLog): MarketEvent | undefined {
    let parsed: ReturnType<Interface['parseLog']>;
    try {
      parsed = abi.parseLog({ topics: log.topics, data: log.data });
    } catch (error) {
      throw new DependencyError(`chain:${chainId}`, 'The RPC answered a log the market ABI cannot decode', {
        cause: error,
      });
    }
    if (!parsed) return undefined;
    const position = {
      chainId,
      blockNumber: Number(log.blockNumber),
      blockHash: log.blockHash,
      txHash: parseTxHash(log.transactionHash),
      logIndex: Number(log.logIndex),
    };
    const address = (value: unknown) => toChecksumAddress(String(value).toLowerCase());
    if (parsed.name === 'Transfer') {
      const from = address(parsed.args[0]);
      // A mint is reported by the Sale event of the same transaction.
      if (BigInt(from) === 0n) return undefined;
      return {
        kind: 'transfer',
        position,
        from,
        to: address(parsed.args[1]),
        tokenId: BigInt(parsed.args[2]),
      };
    }
    if (parsed.name !== 'Sale') return undefined;
    const sale = parsed.args[3] as unknown as {
      offerId: string;
      buyer: string;
      currency: string;
      price: bigint;
      platformFee: bigint;
      referrer: string;
      referrerFee: bigint;
      splitId: string;
      toSplit: bigint;
      expiresAt: bigint;
    };
    return {
      kind: 'sale',
      position,
      orderHash: String(parsed.args[0]).toLowerCase() as Bytes32,
      tokenId: BigInt(parsed.args[1]),
      modelKey: String(parsed.args[2]).toLowerCase() as Bytes32,
      offerId: sale.offerId.toLowerCase() as Bytes32,
      buyer: address(sale.buyer),
      currency: address(sale.currency),
      price: sale.price,
      platformFee: sale.platformFee,
      referrer: address(sale.referrer),
      referrerFee: sale.referrerFee,
      splitId: sale.splitId.toLowerCase() as Bytes32,
      toSplit: sale.toSplit,
      expiresAt: Number(sale.expiresAt),
    };
  }

  private async ethCall(chainId: number, to: Address, data: string): Promise<string> {
    return this.call(
      chainId,
      'eth_call',
      [{ to, data }, 'latest'],
      z.string().regex(/^0x([0-9a-fA-F]{2})*$/),
    );
  }

  private async call<T>(
    chainId: number,
    method: string,
    params: unknown[],
    schema: z.ZodType<T>,
  ): Promise<T> {
    const answer = await this.gateway.rpc(chainId, method, params);
    const parsed = schema.safeParse(answer);
    if (!parsed.success) {
      throw new DependencyError(`chain:${chainId}`, `The RPC answered a malformed ${method} result`);
    }
    return parsed.data;
  }

  private interface(): Promise<Interface> {
    this.abi ??= import('ethers').then(({ Interface }) => new Interface([...MARKET_ABI]));
    return this.abi;
  }

  private policy(chainId: number): IndexedChainPolicy {
    const policy = this.policies.find((candidate) => candidate.chainId === chainId);
    if (!policy) throw new DependencyError(`chain:${chainId}`, `chain ${chainId} is not configured`);
    return policy;
  }
}
