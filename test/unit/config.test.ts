import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '#shared/config.js';

/** EIP-55's own example address (not a development account). */
const EIP55_LOWER = '0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed';
const EIP55_CHECKSUMMED = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed';
/** The same address with the case of its second letter flipped: a wrong EIP-55 checksum. */
const BAD_CHECKSUM = '0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed';
/** anvil's account #0: its private key is printed by every dev chain. */
const DEV_ACCOUNT = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
const FEE_RECIPIENT = '0x2222222222222222222222222222222222222222';
const ADDRESS_REASON = 'must be a 0x-prefixed 20-byte address with a valid checksum';

const chain = {
  chainId: 8453,
  rpcUrl: 'https://rpc.example.com',
  market: EIP55_LOWER,
  currencies: [{ address: 'native', symbol: 'ETH', decimals: 18 }],
};

const valid = {
  PUBLIC_ORIGIN: 'https://api.example.com',
  TABLE_NAME: 'model-commons',
  BUCKET_NAME: 'artifacts',
  SESSION_KEYS: 'k1:0123456789abcdef0123456789abcdef',
  CHAINS: JSON.stringify([chain]),
};

/** CHAINS holding one chain: the valid one with `changes` applied. */
function chainsWith(changes: Record<string, unknown>): string {
  return JSON.stringify([{ ...chain, ...changes }]);
}

/** The message of the ConfigError that `loadConfig(env)` throws; fails the test if it throws none. */
function configErrorFor(env: Record<string, string | undefined>): string {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected loadConfig to throw a ConfigError');
}

describe('loadConfig', () => {
  it('parses a complete environment and checksums addresses', () => {
    const config = loadConfig(valid);
    expect(config.chains[0]?.market).toBe(EIP55_CHECKSUMMED);
    expect(config.chains[0]?.confirmations).toBe(12);
    expect(config.sessionKeys).toEqual([{ kid: 'k1', secret: '0123456789abcdef0123456789abcdef' }]);
    expect(config.limits.maxBodyBytes).toBe(256 * 1024);
  });

  it('applies the defaults for every variable and chain key left unset', () => {
    const config = loadConfig(valid);

    expect(config.stage).toBe('local');
    expect(config.logLevel).toBe('info');
    expect(config.allowedOrigins).toEqual([]);
    expect(config.aws).toEqual({
      region: 'us-east-1',
      tableName: 'model-commons',
      bucketName: 'artifacts',
      dynamoDbEndpoint: undefined,
      s3Endpoint: undefined,
    });
    expect(config.chains[0]).toMatchObject({ name: 'chain', confirmations: 12, useFinalizedTag: false });
    expect(config.licenceChainId).toBe(8453);
    expect(config.limits).toEqual({
      maxBodyBytes: 256 * 1024,
      sessionTtlSeconds: 24 * 3600,
      nonceTtlSeconds: 300,
      siweMaxAgeSeconds: 600,
      authRateLimitPerMinute: 60,
    });
    expect(config.uploads).toEqual({
      singlePutMaxBytes: 64 * 1024 ** 2,
      partBytes: 64 * 1024 ** 2,
      maxFileBytes: 512 * 1024 ** 3,
      maxFilesPerVersion: 1000,
      maxConcurrentUploads: 50,
      urlTtlSeconds: 900,
    });
    expect(config.fees).toEqual({
      platformBps: 250,
      referrerBps: 100,
      platformRecipient: undefined,
      referrers: [],
    });
    expect(config.purchases).toEqual({
      orderTtlSeconds: 1800,
      downloadUrlTtlSeconds: 300,
      downloadDailyQuota: 100,
      operators: [],
    });
    expect(config.market).toEqual({ offerSignatureTtlSeconds: 365 * 24 * 3600 });
  });

  it('parses lists, integers, keys and chain settings that are set', () => {
    const config = loadConfig({
      ...valid,
      STAGE: 'prod',
      PLATFORM_FEE_RECIPIENT: FEE_RECIPIENT,
      ALLOWED_ORIGINS: ' https://a.example , ,https://b.example',
      PUBLIC_ORIGIN: ' https://api.example.com/some/path ',
      MAX_BODY_BYTES: ' 2048 ',
      PLATFORM_FEE_BPS: '0',
      LICENCE_CHAIN_ID: '1',
      OPERATOR_ADDRESSES: `${EIP55_LOWER}, ${EIP55_CHECKSUMMED}`,
      SESSION_KEYS: `new:${'a'.repeat(32)}, old_1:${'b'.repeat(40)}`,
      CHAINS: chainsWith({ name: 'Base', confirmations: 1, useFinalizedTag: true }),
    });

    expect(config.stage).toBe('prod');
    expect(config.allowedOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect(config.publicOrigin).toBe('https://api.example.com');
    expect(config.limits.maxBodyBytes).toBe(2048);
    expect(config.fees.platformBps).toBe(0);
    expect(config.licenceChainId).toBe(1);
    expect(config.purchases.operators).toEqual([EIP55_CHECKSUMMED, EIP55_CHECKSUMMED]);
    expect(config.sessionKeys.map((key) => key.kid)).toEqual(['new', 'old_1']);
    expect(config.chains[0]).toMatchObject({ name: 'Base', confirmations: 1, useFinalizedTag: true });
  });

  it('checksums an ERC-20 currency address and keeps "native" as it is', () => {
    const currencies = [
      { address: 'native', symbol: 'ETH', decimals: 18 },
      { address: EIP55_LOWER, symbol: 'USDC', decimals: 6 },
    ];

    const config = loadConfig({ ...valid, CHAINS: chainsWith({ currencies }) });

    expect(config.chains[0]?.currencies.map((currency) => currency.address)).toEqual([
      'native',
      EIP55_CHECKSUMMED,
    ]);
  });

  it('drops keys a CHAINS entry or currency does not define instead of failing', () => {
    const config = loadConfig({
      ...valid,
      CHAINS: chainsWith({
        explorer: 'https://scan.example',
        // Retired with the custodial path: an old configuration still loads.
        payTo: EIP55_LOWER,
        currencies: [{ address: 'native', symbol: 'ETH', decimals: 18, logo: 'eth.svg' }],
      }),
    });

    expect(config.chains[0]).toEqual({
      chainId: 8453,
      name: 'chain',
      rpcUrl: 'https://rpc.example.com',
      confirmations: 12,
      useFinalizedTag: false,
      currencies: [{ address: 'native', symbol: 'ETH', decimals: 18 }],
      market: EIP55_CHECKSUMMED,
      marketDeployBlock: 0,
    });
  });

  it('names the missing variable in one line', () => {
    const { TABLE_NAME: _omitted, ...rest } = valid;
    expect(() => loadConfig(rest)).toThrowError(
      new ConfigError('Invalid configuration: TABLE_NAME: required'),
    );
  });

  it.each(['PUBLIC_ORIGIN', 'BUCKET_NAME', 'CHAINS'] as const)('requires %s', (name) => {
    expect(configErrorFor({ ...valid, [name]: undefined })).toBe(`Invalid configuration: ${name}: required`);
  });

  it('reports the first bad variable in declaration order', () => {
    expect(configErrorFor({ ...valid, MAX_BODY_BYTES: '1', TABLE_NAME: 'x', LOG_LEVEL: 'trace' })).toBe(
      'Invalid configuration: LOG_LEVEL: must be one of debug, info, warn, error, silent',
    );
  });

  it.each([
    [
      'a stage that is not a known stage',
      'STAGE',
      'production',
      'must be one of local, test, dev, staging, prod',
    ],
    ['a table name shorter than 3 characters', 'TABLE_NAME', 'ab', 'must be at least 3 characters'],
    ['a variable set to an empty string (set, not unset)', 'AWS_REGION', '', 'must not be empty'],
    ['an empty fee (not read as 0)', 'PLATFORM_FEE_BPS', '', 'must be an integer from 0 to 10000'],
    ['a licence chain id that is not positive', 'LICENCE_CHAIN_ID', '0', 'must be an integer ≥ 1'],
    ['a fee recipient with a wrong checksum', 'PLATFORM_FEE_RECIPIENT', BAD_CHECKSUM, ADDRESS_REASON],
  ])('rejects %s', (_case, name, value, reason) => {
    expect(configErrorFor({ ...valid, [name]: value })).toBe(`Invalid configuration: ${name}: ${reason}`);
  });

  it.each([
    ['PUBLIC_ORIGIN', 'api.example.com'],
    ['DYNAMODB_ENDPOINT', ''],
    ['S3_ENDPOINT', 'http://'],
  ])('rejects %s=%j, which the URL parser refuses', (name, value) => {
    expect(configErrorFor({ ...valid, [name]: value })).toBe(`Invalid configuration: ${name}: must be a URL`);
  });

  it.each([
    ['PUBLIC_ORIGIN', 'mailto:ops@example.com'],
    ['S3_ENDPOINT', 'ws://localhost:4569'],
  ])('rejects %s=%j, a URL that is not http or https', (name, value) => {
    expect(configErrorFor({ ...valid, [name]: value })).toBe(
      `Invalid configuration: ${name}: must be an http or https URL`,
    );
  });

  it('keeps a trimmed endpoint URL', () => {
    expect(loadConfig({ ...valid, S3_ENDPOINT: ' http://localhost:4569 ' }).aws.s3Endpoint).toBe(
      'http://localhost:4569',
    );
  });

  it.each(['', ' ', 'abc', '1.5', '1e4', '0x800', '1023', '10485761', '-2048'])(
    'rejects MAX_BODY_BYTES=%j, which is not an integer from 1024 to 10485760',
    (value) => {
      expect(configErrorFor({ ...valid, MAX_BODY_BYTES: value })).toBe(
        'Invalid configuration: MAX_BODY_BYTES: must be an integer from 1024 to 10485760',
      );
    },
  );

  it.each([
    ['1024', 1024],
    ['10485760', 10485760],
  ])('accepts MAX_BODY_BYTES=%j at the edge of its range', (value, expected) => {
    expect(loadConfig({ ...valid, MAX_BODY_BYTES: value }).limits.maxBodyBytes).toBe(expected);
  });

  it('names the position of a bad address in OPERATOR_ADDRESSES', () => {
    expect(configErrorFor({ ...valid, OPERATOR_ADDRESSES: `${EIP55_LOWER}, ,0x1234` })).toBe(
      `Invalid configuration: OPERATOR_ADDRESSES: 1: ${ADDRESS_REASON}`,
    );
  });

  it('rejects a signer key that is not 32 hex bytes', () => {
    expect(configErrorFor({ ...valid, LICENCE_SIGNER_KEY: `0x${'ab'.repeat(31)}` })).toBe(
      'Invalid configuration: LICENCE_SIGNER_KEY: must be a 0x-prefixed 32-byte hex private key',
    );
  });

  it('rejects malformed JSON in CHAINS', () => {
    expect(() => loadConfig({ ...valid, CHAINS: '[{' })).toThrowError(
      /^Invalid configuration: CHAINS: must be valid JSON$/,
    );
  });

  it('rejects CHAINS that is not a non-empty array', () => {
    expect(configErrorFor({ ...valid, CHAINS: '{}' })).toBe(
      'Invalid configuration: CHAINS: must be an array',
    );
    expect(configErrorFor({ ...valid, CHAINS: '[]' })).toBe(
      'Invalid configuration: CHAINS: must not be empty',
    );
  });

  it('rejects a market address with a wrong checksum', () => {
    expect(configErrorFor({ ...valid, CHAINS: chainsWith({ market: BAD_CHECKSUM }) })).toBe(
      `Invalid configuration: CHAINS: 0.market: ${ADDRESS_REASON}`,
    );
  });

  it.each([
    [{ chainId: '8453' }, '0.chainId: must be an integer ≥ 1'],
    [{ chainId: 0 }, '0.chainId: must be an integer ≥ 1'],
    [{ name: '' }, '0.name: must not be empty'],
    [{ rpcUrl: 'not a url' }, '0.rpcUrl: must be a URL'],
    [{ rpcUrl: undefined }, '0.rpcUrl: required'],
    [{ confirmations: 0 }, '0.confirmations: must be an integer from 1 to 1000'],
    [{ confirmations: 1001 }, '0.confirmations: must be an integer from 1 to 1000'],
    [{ confirmations: 2.5 }, '0.confirmations: must be an integer from 1 to 1000'],
    [{ useFinalizedTag: 'true' }, '0.useFinalizedTag: must be true or false'],
    [{ market: 42 }, '0.market: must be a string'],
    [{ currencies: [] }, '0.currencies: must not be empty'],
  ])('names the path of a bad chain value: %j', (changes, expected) => {
    expect(configErrorFor({ ...valid, CHAINS: chainsWith(changes) })).toBe(
      `Invalid configuration: CHAINS: ${expected}`,
    );
  });

  it('names the chain and currency index of a bad currency', () => {
    const second = {
      ...chain,
      chainId: 1,
      currencies: [
        { address: 'native', symbol: 'ETH', decimals: 18 },
        { address: 'eth', symbol: 'USDC', decimals: 6 },
      ],
    };

    expect(configErrorFor({ ...valid, CHAINS: JSON.stringify([chain, second]) })).toBe(
      'Invalid configuration: CHAINS: 1.currencies.1.address: must be "native" or a 0x-prefixed 20-byte address with a valid checksum',
    );
  });

  it('rejects a currency symbol longer than 16 characters', () => {
    const currencies = [{ address: 'native', symbol: 'X'.repeat(17), decimals: 18 }];
    expect(configErrorFor({ ...valid, CHAINS: chainsWith({ currencies }) })).toBe(
      'Invalid configuration: CHAINS: 0.currencies.0.symbol: must be at most 16 characters',
    );
  });

  it('rejects a short session key', () => {
    expect(configErrorFor({ ...valid, SESSION_KEYS: 'k1:short' })).toBe(
      'Invalid configuration: SESSION_KEYS: each entry must be kid:secret with a secret of ≥ 32 characters',
    );
  });

  it('rejects a session key id with characters outside [A-Za-z0-9_-]', () => {
    expect(configErrorFor({ ...valid, SESSION_KEYS: `k 1:${'a'.repeat(32)}` })).toBe(
      'Invalid configuration: SESSION_KEYS: each entry must be kid:secret with a secret of ≥ 32 characters',
    );
  });

  it('keeps colons inside a session secret (splits each entry at its first colon only)', () => {
    const secret = `${'a'.repeat(16)}:${'b'.repeat(16)}`;
    expect(loadConfig({ ...valid, SESSION_KEYS: `k1:${secret}` }).sessionKeys).toEqual([
      { kid: 'k1', secret },
    ]);
  });

  it('rejects SESSION_KEYS that is set but lists no entry', () => {
    expect(configErrorFor({ ...valid, SESSION_KEYS: ' , ' })).toBe(
      'Invalid configuration: SESSION_KEYS: at least one kid:secret entry is required',
    );
  });

  it('leaves session keys empty when SESSION_KEYS is unset (the chain indexer runs without them)', () => {
    expect(loadConfig({ ...valid, SESSION_KEYS: undefined }).sessionKeys).toEqual([]);
  });
});

describe('loadConfig in a deployed stage (dev, staging, prod)', () => {
  const deployed = {
    ...valid,
    STAGE: 'prod',
    PLATFORM_FEE_RECIPIENT: FEE_RECIPIENT,
    LICENCE_SIGNER_KMS_KEY_ID: 'alias/model-commons-prod-licence-signer',
  };
  const devReason = `${DEV_ACCOUNT} is a public development account (its private key is published); use an address you control`;

  it('accepts addresses nobody published the key of, and names the fee recipient and referrers', () => {
    const config = loadConfig({ ...deployed, REFERRER_ADDRESSES: EIP55_LOWER });
    expect(config.fees.platformRecipient).toBe(FEE_RECIPIENT);
    expect(config.fees.referrers).toEqual([EIP55_CHECKSUMMED]);
    expect(config.licenceSignerKmsKeyId).toBe('alias/model-commons-prod-licence-signer');
  });

  it.each(['dev', 'staging', 'prod'])('requires an explicit platform fee recipient in %s', (stage) => {
    const { PLATFORM_FEE_RECIPIENT: _omitted, ...rest } = deployed;
    expect(configErrorFor({ ...rest, STAGE: stage })).toBe(
      `Invalid configuration: PLATFORM_FEE_RECIPIENT: required in stage ${stage} (the address that earns the platform fee)`,
    );
  });

  it.each([
    ['PLATFORM_FEE_RECIPIENT', { PLATFORM_FEE_RECIPIENT: DEV_ACCOUNT }],
    ['REFERRER_ADDRESSES', { REFERRER_ADDRESSES: `${EIP55_LOWER},${DEV_ACCOUNT}` }],
    ['OPERATOR_ADDRESSES', { OPERATOR_ADDRESSES: DEV_ACCOUNT }],
  ])('refuses a public development account as %s', (field, changes) => {
    expect(configErrorFor({ ...deployed, ...changes })).toBe(`Invalid configuration: ${field}: ${devReason}`);
  });

  it('refuses every account of the development mnemonic, not only the first', () => {
    const last = '0x8626f6940E2eb28930eFb4CeF49B2d1F2C9C1199';
    expect(configErrorFor({ ...deployed, PLATFORM_FEE_RECIPIENT: last })).toMatch(
      /PLATFORM_FEE_RECIPIENT: 0x8626f6940E2eb28930eFb4CeF49B2d1F2C9C1199 is a public development account/,
    );
  });

  it('refuses a licence signing key held in memory', () => {
    expect(configErrorFor({ ...deployed, LICENCE_SIGNER_KEY: `0x${'1'.repeat(64)}` })).toBe(
      'Invalid configuration: LICENCE_SIGNER_KEY: not allowed in stage prod: sign licences with LICENCE_SIGNER_KMS_KEY_ID',
    );
  });

  it('still lets the local and test stages use dev accounts, without a named fee recipient', () => {
    for (const stage of ['local', 'test']) {
      const config = loadConfig({ ...valid, STAGE: stage, OPERATOR_ADDRESSES: DEV_ACCOUNT });
      expect(config.fees.platformRecipient).toBeUndefined();
      expect(config.purchases.operators).toEqual([DEV_ACCOUNT]);
    }
  });
});
