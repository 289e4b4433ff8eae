/** `npm run demo`'s core, against an in-process app and the local chain, with fresh wallets. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Wallet } from 'ethers';
import { afterAll, describe, expect, it } from 'vitest';
import { demoUrls, runDemo } from '#scripts/demo.js';
import { fundedWallet, testProvider } from '#test/helpers/chain.js';
import { stack, testApp } from '#test/helpers/stack.js';
import { API, routedFetch } from './harness.js';

const ctx = testApp();
const provider = testProvider();
afterAll(async () => {
  provider.destroy();
  await ctx.close();
});

describe('npm run demo', () => {
  it('walks from publishing to a verified licence, a checked download and the split earnings', {
    timeout: 60_000,
  }, async () => {
    const buyer = await fundedWallet(provider, 100n * 10n ** 6n);
    const lines: string[] = [];
    const result = await runDemo({
      baseUrl: API,
      rpcUrl: stack().rpcUrl,
      fetch: routedFetch(ctx.app),
      log: (line) => lines.push(line),
      // The creator sends its own transactions (registering the model, withdrawals): it needs gas.
      creatorKey: (await fundedWallet(provider)).privateKey,
      buyerKey: buyer.privateKey,
      contributorKey: Wallet.createRandom().privateKey,
    });

    expect(result.filesVerified).toBe(4);
    expect(result.balances.buyerPaid).toBe('25000000');
    // The price less the platform fee, split 80/20 (no referrer).
    const afterFee = 25_000_000n - (25_000_000n * BigInt(ctx.config.fees.platformBps)) / 10_000n;
    expect(BigInt(result.balances.creatorEarned)).toBe((afterFee * 8000n) / 10_000n);
    expect(BigInt(result.balances.contributorEarned)).toBe((afterFee * 2000n) / 10_000n);
    const output = lines.join('\n');
    expect(output).toContain('VALID licence');
    expect(output).toContain('the API agrees: valid');
    expect(output).not.toContain(buyer.privateKey.slice(2));
    if (process.env.SHOW_DEMO_OUTPUT) console.log(output);
  });
});

describe('where npm run demo finds the running npm start', () => {
  const recorded = (contents: unknown) => {
    const file = join(mkdtempSync(join(tmpdir(), 'mc-demo-')), 'local-stack.json');
    writeFileSync(file, JSON.stringify(contents));
    return file;
  };

  it('uses the API URL npm start recorded, whatever its PORT', () => {
    const file = recorded({
      apiUrl: 'http://localhost:3999',
      rpcUrl: 'http://127.0.0.1:40123',
      chainId: 31337,
    });
    expect(demoUrls({}, file)).toEqual({ apiUrl: 'http://localhost:3999', rpcUrl: 'http://127.0.0.1:40123' });
  });

  it('lets DEMO_API_URL and DEMO_RPC_URL win over the recording', () => {
    const file = recorded({ apiUrl: 'http://localhost:3999', rpcUrl: 'http://127.0.0.1:40123' });
    const env = { DEMO_API_URL: 'http://127.0.0.1:4000', DEMO_RPC_URL: 'http://127.0.0.1:9545' };
    expect(demoUrls(env, file)).toEqual({ apiUrl: 'http://127.0.0.1:4000', rpcUrl: 'http://127.0.0.1:9545' });
  });

  it('falls back to the defaults of a plain npm start without a (readable) recording', () => {
    const defaults = { apiUrl: 'http://localhost:3000', rpcUrl: 'http://127.0.0.1:8545' };
    expect(demoUrls({}, join(tmpdir(), 'no-such-dir', 'local-stack.json'))).toEqual(defaults);
    expect(demoUrls({}, recorded('not an object'))).toEqual(defaults);
  });
});
