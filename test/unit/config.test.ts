import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../shared/config.js';

const valid = {
  PUBLIC_ORIGIN: 'https://api.example.com',
  TABLE_NAME: 'model-commons',
  BUCKET_NAME: 'artifacts',
  SESSION_KEYS: 'k1:0123456789abcdef0123456789abcdef',
  CHAINS: JSON.stringify([
    {
      chainId: 8453,
      rpcUrl: 'https://rpc.example.com',
      payTo: '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266',
      currencies: [{ address: 'native', symbol: 'ETH', decimals: 18 }],
    },
  ]),
};

describe('loadConfig', () => {
  it('parses a complete environment and checksums addresses', () => {
    const config = loadConfig(valid);
    expect(config.chains[0]?.payTo).toBe('0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266');
    expect(config.chains[0]?.confirmations).toBe(12);
    expect(config.sessionKeys).toEqual([{ kid: 'k1', secret: '0123456789abcdef0123456789abcdef' }]);
    expect(config.limits.maxBodyBytes).toBe(256 * 1024);
  });

  it('names the missing variable in one line', () => {
    const { TABLE_NAME: _omitted, ...rest } = valid;
    expect(() => loadConfig(rest)).toThrowError(
      new ConfigError(
        'Invalid configuration: TABLE_NAME: Invalid input: expected string, received undefined',
      ),
    );
  });

  it('rejects malformed JSON in CHAINS', () => {
    expect(() => loadConfig({ ...valid, CHAINS: '[{' })).toThrowError(
      /^Invalid configuration: CHAINS: must be valid JSON$/,
    );
  });

  it('rejects a pay-to address with a wrong checksum', () => {
    const chains = JSON.parse(valid.CHAINS) as Array<Record<string, unknown>>;
    chains[0] = { ...chains[0], payTo: '0xF39fd6e51aad88F6F4ce6aB8827279cffFb92266' };
    expect(() => loadConfig({ ...valid, CHAINS: JSON.stringify(chains) })).toThrowError(
      /CHAINS: 0\.payTo: must be/,
    );
  });

  it('rejects a short session key', () => {
    expect(() => loadConfig({ ...valid, SESSION_KEYS: 'k1:short' })).toThrowError(
      /^Invalid configuration: SESSION_KEYS:/,
    );
  });
});
