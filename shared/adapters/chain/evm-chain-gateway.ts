/**
 * JSON-RPC access to the configured EVM chains. Reads go through our small JSON-RPC client; an ethers
 * v6 provider (imported lazily, only the treasury's signing needs it) is built on demand, so routes that
 * only read the chain never load ethers on a Lambda cold start.
 */
import type { JsonRpcProvider } from 'ethers';
import { type Address, toChecksumAddress } from '#domain/address.js';
import { DependencyError, InvalidInputError } from '#domain/errors.js';
import type { ChainGateway, Erc20Transfer } from '#ports/chain.js';
import { JsonRpcClient } from './json-rpc-client.js';

/** keccak256("Transfer(address,address,uint256)") */
export const TRANSFER_TOPIC = '0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef';

export interface EvmChainEndpoint {
  chainId: number;
  rpcUrl: string;
}

export class EvmChainGateway implements ChainGateway {
  private readonly providers = new Map<number, Promise<JsonRpcProvider>>();
  private readonly clients = new Map<number, JsonRpcClient>();

  constructor(
    private readonly endpoints: readonly EvmChainEndpoint[],
    private readonly timeoutMs = 5000,
  ) {}

  /** A provider that never serves cached results (freshness matters for receipts after reorgs). */
  provider(chainId: number): Promise<JsonRpcProvider> {
    let provider = this.providers.get(chainId);
    if (!provider) {
      const endpoint = this.endpoint(chainId);
      provider = import('ethers').then(({ FetchRequest, JsonRpcProvider, Network }) => {
        const request = new FetchRequest(endpoint.rpcUrl);
        request.timeout = this.timeoutMs;
        const network = Network.from(chainId);
        return new JsonRpcProvider(request, network, {
          staticNetwork: network,
          cacheTimeout: -1,
          batchMaxCount: 1,
        });
      });
      this.providers.set(chainId, provider);
    }
    return provider;
  }

  async ping(chainId: number): Promise<void> {
    const served = await this.rpc(chainId, 'eth_chainId', []);
    if (typeof served !== 'string' || Number.parseInt(served, 16) !== chainId) {
      throw new DependencyError(
        `chain:${chainId}`,
        `The RPC endpoint serves chain ${String(served)}, not ${chainId}`,
      );
    }
  }

  async getErc20Transfers(chainId: number, txHash: string): Promise<Erc20Transfer[] | undefined> {
    const receipt = await this.rpc(chainId, 'eth_getTransactionReceipt', [txHash]);
    if (receipt === null || receipt === undefined) return undefined;
    const logs = (receipt as { logs?: unknown }).logs;
    if (!Array.isArray(logs))
      throw new DependencyError(`chain:${chainId}`, 'The RPC answered a malformed receipt');
    const transfers: Erc20Transfer[] = [];
    for (const log of logs as Array<{
      address?: string;
      topics?: string[];
      data?: string;
      logIndex?: string;
    }>) {
      const topics = log.topics ?? [];
      if (topics.length !== 3 || topics[0]?.toLowerCase() !== TRANSFER_TOPIC) continue;
      if (!log.address || !log.data || !log.logIndex) continue;
      transfers.push({
        token: toChecksumAddress(log.address),
        from: topicToAddress(topics[1] as string),
        to: topicToAddress(topics[2] as string),
        value: BigInt(log.data),
        logIndex: Number.parseInt(log.logIndex, 16),
      });
    }
    return transfers;
  }

  /** The chain's latest block number (orders record it: payments must be mined later). */
  async latestBlockNumber(chainId: number): Promise<bigint> {
    const head = await this.rpc(chainId, 'eth_blockNumber', []);
    if (typeof head !== 'string' || !/^0x[0-9a-fA-F]+$/.test(head)) {
      throw new DependencyError(`chain:${chainId}`, 'The RPC answered a malformed block number');
    }
    return BigInt(head);
  }

  /**
   * One JSON-RPC call; transport failures, timeouts and error answers become DependencyError (→ 503),
   * with the node's own error (e.g. "nonce too low") as the cause.
   */
  async rpc(chainId: number, method: string, params: unknown[]): Promise<unknown> {
    let client = this.clients.get(chainId);
    if (!client) {
      client = new JsonRpcClient(this.endpoint(chainId).rpcUrl, this.timeoutMs);
      this.clients.set(chainId, client);
    }
    try {
      return await client.call(method, params);
    } catch (error) {
      throw new DependencyError(`chain:${chainId}`, `JSON-RPC ${method} failed`, { cause: error });
    }
  }

  /** Closes sockets and stops background polling so processes and tests can exit. */
  async destroy(): Promise<void> {
    for (const client of this.clients.values()) client.destroy();
    this.clients.clear();
    for (const provider of this.providers.values()) {
      (await provider.catch(() => undefined))?.destroy();
    }
    this.providers.clear();
  }

  private endpoint(chainId: number): EvmChainEndpoint {
    const endpoint = this.endpoints.find((candidate) => candidate.chainId === chainId);
    if (!endpoint)
      throw new InvalidInputError(`Chain ${chainId} is not supported`, { code: 'CHAIN_UNSUPPORTED' });
    return endpoint;
  }
}

function topicToAddress(topic: string): Address {
  return toChecksumAddress(`0x${topic.slice(-40)}`);
}
