/** The backend's hand-written market ABI must match the compiled contract, fragment by fragment. */
import { Interface } from 'ethers';
import { describe, expect, it } from 'vitest';
import { MARKET_ABI } from '#adapters/chain/market-abi.js';
import { compileContracts } from '#scripts/local-stack/contracts.js';

describe('MARKET_ABI', () => {
  it('declares every function and event exactly as the compiled ModelCommonsMarket does', async () => {
    const compiled = new Interface((await compileContracts()).ModelCommonsMarket?.abi ?? []);
    const ours = new Interface([...MARKET_ABI]);
    const mismatches: string[] = [];
    ours.forEachFunction((fragment) => {
      const theirs = compiled.getFunction(fragment.selector);
      if (!theirs || theirs.format('full') !== fragment.format('full'))
        mismatches.push(fragment.format('full'));
    });
    ours.forEachEvent((fragment) => {
      const theirs = compiled.getEvent(fragment.topicHash);
      if (!theirs || theirs.format('full') !== fragment.format('full'))
        mismatches.push(fragment.format('full'));
    });
    expect(mismatches).toEqual([]);
    expect(ours.fragments.length).toBe(MARKET_ABI.length);
  });
});
