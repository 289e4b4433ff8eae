/** What the domain needs from an EVM chain. Implemented over JSON-RPC by EvmChainGateway. */
import type { Address } from '#domain/address.js';

export interface Erc20Transfer {
  /** The contract that emitted the Transfer log (compare against the allow-listed token!). */
  token: Address;
  from: Address;
  to: Address;
  value: bigint;
  logIndex: number;
}

export interface ChainGateway {
  /** Throws DependencyError if the chain's RPC is unreachable or serves another chain id. */
  ping(chainId: number): Promise<void>;
  /** ERC-20 Transfer logs in a mined transaction (any emitter), or undefined for an unknown/pending tx. */
  getErc20Transfers(chainId: number, txHash: string): Promise<Erc20Transfer[] | undefined>;
}
