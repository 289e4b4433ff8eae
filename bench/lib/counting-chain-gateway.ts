/**
 * An EvmChainGateway that counts the JSON-RPC calls made through `rpc()`, by method, and the time spent
 * waiting for their answers. Everything that reads the chain through our own client (the market log
 * source, the payment verifier) goes through that one method, so wrapping it counts the calls an RPC
 * provider would bill, without a proxy.
 */
import { EvmChainGateway } from '#adapters/chain/evm-chain-gateway.js';
import { createTally, type Tally } from './tally.js';

export class CountingChainGateway extends EvmChainGateway {
  /** Calls since the last reset, by JSON-RPC method. */
  readonly calls: Tally;
  /** Milliseconds from sending each call to its answer, summed since the last reset. */
  waitedMs = 0;
  private readonly count: (method: string) => void;

  constructor(...args: ConstructorParameters<typeof EvmChainGateway>) {
    super(...args);
    const { tally, count } = createTally();
    this.calls = tally;
    this.count = count;
  }

  /** Zeroes the counts and the time. */
  reset(): void {
    this.calls.reset();
    this.waitedMs = 0;
  }

  override async rpc(chainId: number, method: string, params: unknown[]): Promise<unknown> {
    this.count(method);
    const started = performance.now();
    try {
      return await super.rpc(chainId, method, params);
    } finally {
      this.waitedMs += performance.now() - started;
    }
  }
}
