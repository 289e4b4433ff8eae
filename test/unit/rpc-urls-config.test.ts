/** RPC_URLS: private RPC endpoints (from a secret in AWS) override each chain's rpcUrl. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '#shared/config.js';

const env = {
  PUBLIC_ORIGIN: 'https://api.example.com',
  TABLE_NAME: 'model-commons',
  BUCKET_NAME: 'artifacts',
  SESSION_KEYS: 'k1:0123456789abcdef0123456789abcdef',
  CHAINS: JSON.stringify(
    [1, 8453].map((chainId) => ({
      chainId,
      rpcUrl: `https://public-${chainId}.example`,
      currencies: [{ address: 'native', symbol: 'ETH', decimals: 18 }],
    })),
  ),
};

describe('RPC_URLS', () => {
  it('keeps each chain’s rpcUrl when unset', () => {
    expect(loadConfig(env).chains.map((chain) => chain.rpcUrl)).toEqual([
      'https://public-1.example',
      'https://public-8453.example',
    ]);
  });

  it('overrides only the chains it names', () => {
    const config = loadConfig({ ...env, RPC_URLS: '{"8453":"https://private.example/key"}' });
    expect(config.chains.map((chain) => chain.rpcUrl)).toEqual([
      'https://public-1.example',
      'https://private.example/key',
    ]);
  });

  it('rejects an override for a chain CHAINS does not list', () => {
    expect(() => loadConfig({ ...env, RPC_URLS: '{"10":"https://private.example"}' })).toThrowError(
      'Invalid configuration: RPC_URLS: chain 10 is not listed in CHAINS',
    );
  });

  it('rejects a value that is not a URL, naming RPC_URLS and the chain id', () => {
    expect(() => loadConfig({ ...env, RPC_URLS: '{"1":"not a url"}' })).toThrowError(
      /^Invalid configuration: RPC_URLS: 1: must be a URL$/,
    );
  });

  it('rejects a key that is not a chain id', () => {
    expect(() => loadConfig({ ...env, RPC_URLS: '{"base":"https://private.example"}' })).toThrowError(
      /^Invalid configuration: RPC_URLS: base: key must be a chain id$/,
    );
  });

  it('rejects malformed JSON and JSON that is not an object', () => {
    expect(() => loadConfig({ ...env, RPC_URLS: '{"1":' })).toThrowError(
      /^Invalid configuration: RPC_URLS: must be valid JSON$/,
    );
    expect(() => loadConfig({ ...env, RPC_URLS: '["https://private.example"]' })).toThrowError(
      /^Invalid configuration: RPC_URLS: must be an object$/,
    );
  });
});
