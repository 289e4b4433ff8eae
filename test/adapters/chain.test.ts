import { describe, expect, it } from 'vitest';
import { EvmChainGateway } from '#adapters/chain/evm-chain-gateway.js';
import { DependencyError } from '#domain/errors.js';
import { stack } from '#test/helpers/stack.js';

describe('EvmChainGateway on anvil', () => {
  it('answers the chain it serves, and one JSON-RPC call through `rpc`', async () => {
    const gateway = new EvmChainGateway([{ chainId: stack().chainId, rpcUrl: stack().rpcUrl }]);
    await gateway.ping(stack().chainId);
    expect(await gateway.rpc(stack().chainId, 'eth_chainId', [])).toBe(`0x${stack().chainId.toString(16)}`);
    await gateway.destroy();
  });

  it('refuses an RPC endpoint that serves another chain id', async () => {
    const misconfigured = new EvmChainGateway([{ chainId: 1, rpcUrl: stack().rpcUrl }]);
    await expect(misconfigured.ping(1)).rejects.toThrowError(DependencyError);
    await misconfigured.destroy();
  });

  it('turns an unreachable RPC into DependencyError', async () => {
    const dead = new EvmChainGateway([{ chainId: stack().chainId, rpcUrl: 'http://127.0.0.1:9' }], 500);
    await expect(dead.ping(stack().chainId)).rejects.toThrowError(DependencyError);
    await dead.destroy();
  });
});
