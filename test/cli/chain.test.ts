/**
 * The CLI's chain plumbing (cli/chain.ts, cli/market-abi.ts) against the shared anvil: the market
 * fragments it restates equal the backend's, a URL serving another chain or none is refused before
 * anything is signed, and waiting for blocks follows the chain's blocks, its deadline and Ctrl-C.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { MARKET_ABI } from '#adapters/chain/market-abi.js';
import { connectChain, waitForBlocks } from '#cli/chain.js';
import { EXIT } from '#cli/exit-codes.js';
import { MARKET_BUY_WITH_SIGNATURE_ABI } from '#cli/market-abi.js';
import { testProvider } from '#test/helpers/chain.js';
import { stack } from '#test/helpers/stack.js';

const provider = testProvider();
afterAll(() => provider.destroy());

describe('the market functions the CLI encodes', () => {
  it('restate the backend’s buyWithPermit and buyWithAuthorization fragments word for word', () => {
    const backend = MARKET_ABI.filter((fragment) =>
      /^function buyWith(Permit|Authorization)\(/.test(fragment),
    );
    expect(backend).toHaveLength(2);
    expect([...MARKET_BUY_WITH_SIGNATURE_ABI]).toEqual(backend);
  });
});

describe('connecting to the chain', () => {
  it('refuses an RPC URL that serves another chain than the one named (exit 2)', async () => {
    await expect(connectChain(stack().rpcUrl, 1)).rejects.toMatchObject({
      code: 'WRONG_CHAIN',
      exitCode: EXIT.USAGE,
      message: `--rpc-url serves chain ${stack().chainId}, but this is on chain 1: pass that chain's RPC URL`,
    });
  });

  it('reports a chain it cannot reach as unavailable (exit 8)', async () => {
    await expect(connectChain('http://127.0.0.1:1', stack().chainId)).rejects.toMatchObject({
      code: 'CHAIN_UNAVAILABLE',
      exitCode: EXIT.UNAVAILABLE,
    });
  });
});

describe('waiting for blocks', () => {
  it('returns once the chain has made that many new blocks', async () => {
    const chain = await connectChain(stack().rpcUrl, stack().chainId);
    try {
      const start = await provider.getBlockNumber();
      const miner = setInterval(() => void provider.send('anvil_mine', ['0x1']).catch(() => undefined), 100);
      try {
        await waitForBlocks(chain, 3, { deadline: Date.now() + 10_000 });
      } finally {
        clearInterval(miner);
      }
      expect(await provider.getBlockNumber()).toBeGreaterThanOrEqual(start + 3);
    } finally {
      chain.close();
    }
  });

  it('gives up at its deadline, and stops at once on Ctrl-C', async () => {
    const chain = await connectChain(stack().rpcUrl, stack().chainId);
    try {
      await expect(waitForBlocks(chain, 1_000_000, { deadline: Date.now() + 300 })).rejects.toMatchObject({
        code: 'TIMEOUT',
      });
      const controller = new AbortController();
      const waiting = waitForBlocks(chain, 1_000_000, {
        deadline: Date.now() + 60_000,
        signal: controller.signal,
      });
      controller.abort(new Error('interrupted'));
      await expect(waiting).rejects.toThrow('interrupted');
    } finally {
      chain.close();
    }
  });
});
