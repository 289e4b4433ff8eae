/**
 * JSON-RPC access to the configured EVM chains through ethers v6. ethers is imported lazily so that
 * routes that never touch a chain do not pay for loading it on a Lambda cold start.
 */
import type { JsonRpcProvider } from 'ethers';
import { type Address, toChecksumAddress } from '../../domain/address.js';
import { DependencyError, InvalidInputError } from '../../domain/errors.js';
import type { ChainGateway, Erc20Transfer } from '../../ports/chain.js';

/** keccak256("Transfer(address,address,uint256)") */
export const TRANSFER_TOPIC = '0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef';

export interface EvmChainEndpoint {
  chainId: number;
  rpcUrl: string;
}

export class EvmChainGateway implements ChainGateway {
  private readonly providers = new Map<number, Promise<JsonRpcProvider>>();

  constructor(
    private readonly endpoints: readonly EvmChainEndpoint[],
    private readonly timeoutMs = 5000,
  ) {}

  /** A provider that never serves cached results (freshness matters for receipts after reorgs). */
  provider(chainId: number): Promise<JsonRpcProvider> {
    let provider = this.providers.get(chainId);
    if (!provider) {
      const endpoint = this.endpoints.find((candidate) => candidate.chainId === chainId);
      if (!endpoint)
        throw new InvalidInputError(`Chain ${chainId} is not supported`, { code: 'CHAIN_UNSUPPORTED' });
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

  /** One JSON-RPC call; transport failures and timeouts become DependencyError (→ 503). */
  async rpc(chainId: number, method: string, params: unknown[]): Promise<unknown> {
    const provider = await this.provider(chainId);
    try {
      return await provider.send(method, params);
    } catch (error) {
      throw new DependencyError(`chain:${chainId}`, `JSON-RPC ${method} failed`, { cause: error });
    }
  }

  /** Stops background polling so processes and tests can exit. */
  async destroy(): Promise<void> {
    for (const provider of this.providers.values()) {
      (await provider.catch(() => undefined))?.destroy();
    }
    this.providers.clear();
  }
}

function topicToAddress(topic: string): Address {
  return toChecksumAddress(`0x${topic.slice(-40)}`);
}
