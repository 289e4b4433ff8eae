/** Secrets → environment at cold start: which variables are read, how values are decoded, errors. */
import { describe, expect, it } from 'vitest';
import { resolveSecretEnv, SecretEnvError, secretArnVariables } from '#adapters/secrets/secret-env.js';
import { loadConfig } from '#shared/config.js';

const reader = (values: Record<string, string>) => async (arn: string) => {
  const value = values[arn];
  if (value === undefined) throw new Error(`no secret ${arn}`);
  return value;
};

describe('resolveSecretEnv', () => {
  it('fills each <NAME> from <NAME>_SECRET_ARN and keeps other variables', async () => {
    const env = await resolveSecretEnv(
      { RPC_URLS_SECRET_ARN: 'arn:rpc', TABLE_NAME: 'table', EMPTY_SECRET_ARN: '' },
      reader({ 'arn:rpc': '{"1":"https://rpc.example/key"}' }),
    );
    expect(env).toMatchObject({ RPC_URLS: '{"1":"https://rpc.example/key"}', TABLE_NAME: 'table' });
    expect(env).not.toHaveProperty('EMPTY');
  });

  it('reads nothing when no secret ARN is set', async () => {
    const env = { TABLE_NAME: 'table' };
    expect(secretArnVariables(env)).toEqual([]);
    expect(await resolveSecretEnv(env, reader({}))).toEqual(env);
  });

  it('turns generated session-key JSON into the kid:secret list, first entry signing', async () => {
    const secret = 'a'.repeat(64);
    const single = await resolveSecretEnv(
      { SESSION_KEYS_SECRET_ARN: 'arn:s' },
      reader({ 'arn:s': JSON.stringify({ kid: 'k1', secret }) }),
    );
    expect(single.SESSION_KEYS).toBe(`k1:${secret}`);
    const rotated = await resolveSecretEnv(
      { SESSION_KEYS_SECRET_ARN: 'arn:s' },
      reader({
        'arn:s': JSON.stringify([
          { kid: 'k2', secret: 'b'.repeat(40) },
          { kid: 'k1', secret },
        ]),
      }),
    );
    expect(rotated.SESSION_KEYS).toBe(`k2:${'b'.repeat(40)},k1:${secret}`);
  });

  it('passes a session-key secret already in kid:secret form through unchanged', async () => {
    const value = `k9:${'c'.repeat(32)}`;
    const env = await resolveSecretEnv({ SESSION_KEYS_SECRET_ARN: 'arn:s' }, reader({ 'arn:s': value }));
    expect(env.SESSION_KEYS).toBe(value);
  });

  it('rejects session-key JSON without kid and secret, without echoing the value', async () => {
    const attempt = resolveSecretEnv(
      { SESSION_KEYS_SECRET_ARN: 'arn:s' },
      reader({ 'arn:s': '{"key":"hunter2"}' }),
    );
    await expect(attempt).rejects.toThrowError(
      new SecretEnvError('SESSION_KEYS: each JSON entry must be {"kid": string, "secret": string}'),
    );
  });

  it('prefixes generated 64-hex private keys with 0x so loadConfig accepts them', async () => {
    const hex = 'ab'.repeat(32);
    const env = await resolveSecretEnv({ LICENCE_SIGNER_KEY_SECRET_ARN: 'arn:l' }, reader({ 'arn:l': hex }));
    expect(env.LICENCE_SIGNER_KEY).toBe(`0x${hex}`);
    // Already prefixed: kept as it is.
    const prefixed = await resolveSecretEnv(
      { LICENCE_SIGNER_KEY_SECRET_ARN: 'arn:l' },
      reader({ 'arn:l': `0x${hex}` }),
    );
    expect(prefixed.LICENCE_SIGNER_KEY).toBe(`0x${hex}`);
  });

  it('refuses a variable set both in plain text and as a secret', async () => {
    const attempt = resolveSecretEnv({ SESSION_KEYS: 'k:x', SESSION_KEYS_SECRET_ARN: 'arn:s' }, reader({}));
    await expect(attempt).rejects.toThrowError(
      /SESSION_KEYS is set both in plain text and as SESSION_KEYS_SECRET_ARN/,
    );
  });

  it('names the variable, not the secret, when a read fails', async () => {
    const attempt = resolveSecretEnv({ RPC_URLS_SECRET_ARN: 'arn:missing' }, reader({}));
    await expect(attempt).rejects.toThrowError(
      new SecretEnvError('RPC_URLS: could not read secret RPC_URLS_SECRET_ARN'),
    );
  });

  it('produces an environment loadConfig parses, RPC secret overriding the public RPC URL', async () => {
    const env = await resolveSecretEnv(
      {
        PUBLIC_ORIGIN: 'https://api.example.com',
        TABLE_NAME: 'table',
        BUCKET_NAME: 'bucket',
        CHAINS: JSON.stringify([
          {
            chainId: 8453,
            rpcUrl: 'https://mainnet.base.org',
            currencies: [{ address: 'native', symbol: 'ETH', decimals: 18 }],
          },
        ]),
        SESSION_KEYS_SECRET_ARN: 'arn:s',
        LICENCE_SIGNER_KEY_SECRET_ARN: 'arn:l',
        RPC_URLS_SECRET_ARN: 'arn:r',
      },
      reader({
        'arn:s': JSON.stringify({ kid: 'k1', secret: 'x'.repeat(64) }),
        'arn:l': '12'.repeat(32),
        'arn:r': '{"8453":"https://base.example/v2/secret-key"}',
      }),
    );
    const config = loadConfig(env);
    expect(config.sessionKeys).toEqual([{ kid: 'k1', secret: 'x'.repeat(64) }]);
    expect(config.licenceSignerKey).toBe(`0x${'12'.repeat(32)}`);
    expect(config.chains[0]?.rpcUrl).toBe('https://base.example/v2/secret-key');
  });
});
