/**
 * JSON-RPC access to the configured EVM chains through our small JSON-RPC client (no ethers provider,
 * so routes that only read the chain never load ethers on a Lambda cold start). The adapters above it
 * (market registry, log source, SIWE's EIP-1271 check) make their calls through `rpc`.
 */
import { DependencyError, InvalidInputError } from '#domain/errors.js';
import { JsonRpcClient } from './json-rpc-client.js';

export interface EvmChainEndpoint {
  chainId: number;
  rpcUrl: string;
}

export class EvmChainGateway {
  private readonly clients = new Map<number, JsonRpcClient>();

  constructor(
    private readonly endpoints: readonly EvmChainEndpoint[],
    private readonly timeoutMs = 5000,
  ) {}

  async ping(chainId: number): Promise<void> {
    const served = await this.rpc(chainId, 'eth_chainId', []);
    if (typeof served !== 'string' || Number.parseInt(served, 16) !== chainId) {
      throw new DependencyError(
        `chain:${chainId}`,
        `The RPC endpoint serves chain ${String(served)}, not ${chainId}`,
      );
    }
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
  }

  private endpoint(chainId: number): EvmChainEndpoint {
    const endpoint = this.endpoints.find((candidate) => candidate.chainId === chainId);
    if (!endpoint)
      throw new InvalidInputError(`Chain ${chainId} is not supported`, { code: 'CHAIN_UNSUPPORTED' });
    return endpoint;
  }
}
