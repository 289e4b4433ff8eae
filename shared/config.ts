/**
 * Run-time configuration: the only place that interprets environment variables. Entry points pass
 * `process.env` (or a merged copy) to `loadConfig`; everything else receives the typed `Config`.
 * A bad value stops start-up with one line naming the variable (see `.env.example`).
 * The checks use the few parsers in `config-fields.ts`, not zod: this module is on every cold start,
 * and it was the only reason the API Lambda loaded zod there.
 */
import {
  address,
  arrayOf,
  boolean,
  csv,
  csvOf,
  FieldError,
  type FieldParser,
  integer,
  integerText,
  json,
  matching,
  objectOf,
  oneOf,
  optional,
  type ParsedShape,
  recordOf,
  text,
  url,
  withDefault,
} from './config-fields.js';
import type { Address } from './domain/address.js';
import { isWellKnownDevAddress, wellKnownDevAddressReason } from './domain/dev-accounts.js';

export interface CurrencyConfig {
  /** ERC-20 contract address, or "native" for the chain's coin. */
  address: 'native' | Address;
  symbol: string;
  decimals: number;
  /**
   * An ERC-20's own EIP-712 domain and the signed payments it supports (EIP-2612 permit, EIP-3009
   * receiveWithAuthorization, as USDC has): orders then offer buying with one signature instead of an
   * approve transaction.
   */
  signing: { name: string; version: string; permit: boolean; receiveWithAuthorization: boolean } | undefined;
}

export interface ChainConfig {
  chainId: number;
  name: string;
  rpcUrl: string;
  /**
   * Blocks on top of a sale's block before it counts as final (≥ 1: a sale in the head block is one
   * reorg away from never having happened).
   */
  confirmations: number;
  /** Use the node's `finalized` block tag instead of counting confirmations. */
  useFinalizedTag: boolean;
  currencies: CurrencyConfig[];
  /**
   * The marketplace contract on this chain (contracts/ModelCommonsMarket.sol): orders are sold
   * through it and the chain indexer reads its events from `marketDeployBlock` on. A chain without
   * one serves sign-in only.
   */
  market: Address | undefined;
  /** The block the market was deployed in: the indexer's first block. */
  marketDeployBlock: number;
}

/** "native", or an address (checksummed) for an ERC-20 token. */
const nativeOrAddress: FieldParser<'native' | Address> = (input) => {
  if (input === 'native') return 'native';
  try {
    return address(input);
  } catch (error) {
    if (!(error instanceof FieldError) || input === undefined) throw error;
    throw new FieldError('must be "native" or a 0x-prefixed 20-byte address with a valid checksum');
  }
};

const currencyEntry: FieldParser<CurrencyConfig> = objectOf({
  address: nativeOrAddress,
  symbol: text({ min: 1, max: 16 }),
  decimals: integer(0, 36),
  signing: optional(
    objectOf({
      name: text({ min: 1, max: 64 }),
      version: text({ min: 1, max: 16 }),
      permit: withDefault(boolean, false),
      receiveWithAuthorization: withDefault(boolean, false),
    }),
  ),
});

/** One entry of CHAINS; keys it does not list are dropped (the retired `payTo` among them). */
const chainEntry: FieldParser<ChainConfig> = objectOf({
  chainId: integer(1, Number.MAX_SAFE_INTEGER),
  name: withDefault(text({ min: 1 }), 'chain'),
  rpcUrl: url,
  confirmations: withDefault(integer(1, 1000), 12),
  useFinalizedTag: withDefault(boolean, false),
  currencies: arrayOf(currencyEntry, { min: 1 }),
  market: optional(address),
  marketDeployBlock: withDefault(integer(0, Number.MAX_SAFE_INTEGER), 0),
});

const hexKey = matching(/^0x[0-9a-fA-F]{64}$/, 'must be a 0x-prefixed 32-byte hex private key');

interface SessionKey {
  kid: string;
  secret: string;
}

/** `kid:secret,kid:secret` — the first entry signs new sessions; all entries verify (rotation). */
const sessionKeys: FieldParser<SessionKey[]> = (input) => {
  const keys = csv(input).map((entry): SessionKey => {
    // Split at the first colon only: a secret may itself contain colons.
    const colon = entry.indexOf(':');
    return colon < 0
      ? { kid: entry, secret: '' }
      : { kid: entry.slice(0, colon), secret: entry.slice(colon + 1) };
  });
  if (keys.some((key) => !/^[A-Za-z0-9_-]{1,32}$/.test(key.kid) || key.secret.length < 32)) {
    throw new FieldError('each entry must be kid:secret with a secret of ≥ 32 characters');
  }
  if (keys.length === 0) throw new FieldError('at least one kid:secret entry is required');
  return keys;
};

/** A whole-number variable from `min` to `max`, `fallback` when unset. */
const int = (min: number, max: number, fallback: number) => withDefault(integerText(min, max), fallback);

/**
 * Every variable, checked in this order: a bad environment is reported by its first bad variable.
 * Unset variables are required unless `optional` or `withDefault`; a set but empty one is a value.
 */
const envShape = {
  STAGE: withDefault(oneOf(['local', 'test', 'dev', 'staging', 'prod']), 'local'),
  LOG_LEVEL: withDefault(oneOf(['debug', 'info', 'warn', 'error', 'silent']), 'info'),
  /** The API's public origin. SIWE messages must name exactly this domain and URI origin. */
  PUBLIC_ORIGIN: url,
  /** Frontend origins allowed by CORS (comma-separated). */
  ALLOWED_ORIGINS: withDefault(csv, []),
  AWS_REGION: withDefault(text({ min: 1 }), 'us-east-1'),
  TABLE_NAME: text({ min: 3 }),
  BUCKET_NAME: text({ min: 3 }),
  /** Local stand-ins only; unset in AWS. */
  DYNAMODB_ENDPOINT: optional(url),
  S3_ENDPOINT: optional(url),
  CHAINS: json(arrayOf(chainEntry, { min: 1 })),
  /** Optional JSON map chainId → RPC URL overriding CHAINS' rpcUrl (in AWS it comes from a secret: URLs carry API keys). */
  RPC_URLS: optional(json(recordOf(matching(/^\d+$/, 'key must be a chain id'), url))),
  /** Required by the API (sessions, cursors); the chain indexer runs without it. */
  SESSION_KEYS: optional(sessionKeys),
  LICENCE_SIGNER_KEY: optional(hexKey),
  /**
   * An AWS KMS key (id, ARN or alias) of spec ECC_SECG_P256K1 that signs licence tokens, so the private
   * key never leaves KMS. Deployed stages use it; LICENCE_SIGNER_KEY (a key in memory) is for npm start
   * and tests. Both set is a mistake.
   */
  LICENCE_SIGNER_KMS_KEY_ID: optional(text({ min: 1, max: 2048 })),
  /** The chain id in the licence tokens' EIP-712 domain (default: the first chain). Never change it once tokens exist. */
  LICENCE_CHAIN_ID: optional(integerText(1, Number.MAX_SAFE_INTEGER)),
  MAX_BODY_BYTES: int(1024, 10 * 1024 * 1024, 256 * 1024),
  SESSION_TTL_SECONDS: int(60, 30 * 24 * 3600, 24 * 3600),
  NONCE_TTL_SECONDS: int(30, 3600, 300),
  /** How old a SIWE message's issuedAt may be when it is submitted. */
  SIWE_MAX_AGE_SECONDS: int(30, 86_400, 600),
  /** Requests per client per minute on /auth/* (a DynamoDB counter shared by all instances). */
  AUTH_RATE_LIMIT_PER_MINUTE: int(1, 1_000_000, 60),
  PLATFORM_FEE_BPS: int(0, 10_000, 250),
  REFERRER_FEE_BPS: int(0, 10_000, 100),
  /**
   * The platform's fee recipient, as the stage's market contract was deployed with it
   * (`npm run contracts:deploy`): it is never also a referrer. Required outside the local and test stages.
   */
  PLATFORM_FEE_RECIPIENT: optional(address),
  /**
   * Registered frontends (comma-separated addresses): only these may be named as an order's referrer
   * and earn REFERRER_FEE_BPS. Anyone else would be a buyer rebating himself through a second wallet.
   */
  REFERRER_ADDRESSES: withDefault(csvOf(address), []),
  /** How long an order's quote holds, seconds. */
  ORDER_TTL_SECONDS: int(60, 24 * 3600, 1800),
  /** How long an offer's on-chain sale signature lasts: its typed data's `validUntil` is now + this. */
  /** Blocks per eth_getLogs request of the chain indexer (providers cap ranges; 2,000 is widely accepted). */
  INDEXER_MAX_BLOCK_RANGE: int(1, 100_000, 2000),
  OFFER_SIGNATURE_TTL_SECONDS: int(3600, 10 * 365 * 24 * 3600, 365 * 24 * 3600),
  /** Presigned download URL lifetime, seconds (≤ 5 minutes). */
  DOWNLOAD_URL_TTL_SECONDS: int(10, 300, 300),
  /** Download grants per licence per UTC day (429 beyond). */
  DOWNLOAD_DAILY_QUOTA: int(1, 1_000_000, 100),
  /** Marketplace operators (comma-separated addresses) who may revoke any licence. */
  OPERATOR_ADDRESSES: withDefault(csvOf(address), []),
  /** Catalogue uploads: files up to this size get one presigned PUT; larger ones go multipart. */
  UPLOAD_SINGLE_PUT_MAX_BYTES: int(1, 5 * 1024 ** 3, 64 * 1024 ** 2),
  /** Preferred multipart part size. S3 needs ≥ 5 MiB (except the last part); tests use less on s3rver. */
  UPLOAD_PART_BYTES: int(1024, 5 * 1024 ** 3, 64 * 1024 ** 2),
  UPLOAD_MAX_FILE_BYTES: int(1, 5 * 1024 ** 4, 512 * 1024 ** 3),
  UPLOAD_MAX_FILES_PER_VERSION: int(1, 10_000, 1000),
  /** Files an owner may have in flight (declared, not yet completed or aborted) at once. */
  UPLOAD_MAX_CONCURRENT: int(1, 10_000, 50),
  UPLOAD_URL_TTL_SECONDS: int(60, 7 * 24 * 3600, 900),
};

type Env = ParsedShape<typeof envShape>;

const parseEnv = objectOf(envShape);

export type Config = ReturnType<typeof toConfig>;

/**
 * The fields of `Config` that hold secret values. In AWS the environment names their secrets
 * (`*_SECRET_ARN`) instead, so `loadConfig(process.env)` leaves them empty: the API Lambda serves its
 * HTTP layer from `Omit<Config, SecretField>` until the first request that needs a service reads them
 * (functions/runtime/runtime.ts, `createDeferredRuntime`). In that subset the chains' `rpcUrl` may
 * still be the public one that RPC_URLS, itself a secret, overrides in the whole configuration.
 */
export type SecretField = 'sessionKeys' | 'licenceSignerKey';

/** Thrown for a bad environment; `message` is the one line to print. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

function toConfig(env: Env) {
  return {
    stage: env.STAGE,
    logLevel: env.LOG_LEVEL,
    publicOrigin: new URL(env.PUBLIC_ORIGIN).origin,
    allowedOrigins: env.ALLOWED_ORIGINS,
    aws: {
      region: env.AWS_REGION,
      tableName: env.TABLE_NAME,
      bucketName: env.BUCKET_NAME,
      dynamoDbEndpoint: env.DYNAMODB_ENDPOINT,
      s3Endpoint: env.S3_ENDPOINT,
    },
    chains: withRpcOverrides(env.CHAINS, env.RPC_URLS),
    sessionKeys: env.SESSION_KEYS ?? [],
    licenceSignerKey: env.LICENCE_SIGNER_KEY,
    licenceSignerKmsKeyId: env.LICENCE_SIGNER_KMS_KEY_ID,
    licenceChainId: env.LICENCE_CHAIN_ID ?? (env.CHAINS[0] as ChainConfig).chainId,
    limits: {
      maxBodyBytes: env.MAX_BODY_BYTES,
      sessionTtlSeconds: env.SESSION_TTL_SECONDS,
      nonceTtlSeconds: env.NONCE_TTL_SECONDS,
      siweMaxAgeSeconds: env.SIWE_MAX_AGE_SECONDS,
      authRateLimitPerMinute: env.AUTH_RATE_LIMIT_PER_MINUTE,
    },
    uploads: {
      singlePutMaxBytes: env.UPLOAD_SINGLE_PUT_MAX_BYTES,
      partBytes: env.UPLOAD_PART_BYTES,
      maxFileBytes: env.UPLOAD_MAX_FILE_BYTES,
      maxFilesPerVersion: env.UPLOAD_MAX_FILES_PER_VERSION,
      maxConcurrentUploads: env.UPLOAD_MAX_CONCURRENT,
      urlTtlSeconds: env.UPLOAD_URL_TTL_SECONDS,
    },
    fees: {
      platformBps: env.PLATFORM_FEE_BPS,
      referrerBps: env.REFERRER_FEE_BPS,
      platformRecipient: env.PLATFORM_FEE_RECIPIENT,
      referrers: env.REFERRER_ADDRESSES,
    },
    purchases: {
      orderTtlSeconds: env.ORDER_TTL_SECONDS,
      downloadUrlTtlSeconds: env.DOWNLOAD_URL_TTL_SECONDS,
      downloadDailyQuota: env.DOWNLOAD_DAILY_QUOTA,
      operators: env.OPERATOR_ADDRESSES,
    },
    indexer: { maxBlockRange: env.INDEXER_MAX_BLOCK_RANGE },
    market: {
      offerSignatureTtlSeconds: env.OFFER_SIGNATURE_TTL_SECONDS,
    },
  };
}

/** Applies RPC_URLS to the chains; an override for a chain that CHAINS does not list is a mistake. */
function withRpcOverrides(
  chains: ChainConfig[],
  overrides: Record<string, string> | undefined,
): ChainConfig[] {
  if (!overrides) return chains;
  for (const chainId of Object.keys(overrides)) {
    if (!chains.some((chain) => String(chain.chainId) === chainId)) {
      throw new ConfigError(`Invalid configuration: RPC_URLS: chain ${chainId} is not listed in CHAINS`);
    }
  }
  return chains.map((chain) => ({ ...chain, rpcUrl: overrides[String(chain.chainId)] ?? chain.rpcUrl }));
}

/**
 * Parses and validates the environment.
 * @throws ConfigError naming the first bad variable, e.g. `TABLE_NAME: required` or
 *   `CHAINS: 0.market: must be a 0x-prefixed 20-byte address with a valid checksum`.
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  let parsed: Env;
  try {
    parsed = parseEnv(env);
  } catch (error) {
    if (!(error instanceof FieldError)) throw error;
    const [variable, ...path] = error.path;
    const where = path.length > 0 ? `${path.join('.')}: ` : '';
    throw new ConfigError(`Invalid configuration: ${String(variable)}: ${where}${error.reason}`, {
      cause: error,
    });
  }
  const config = toConfig(parsed);
  checkDeployedStage(config);
  return config;
}

/** Stages that run on the local stack (npm start, tests); every other stage deploys to a real chain. */
const LOCAL_STAGES: ReadonlySet<string> = new Set(['local', 'test']);

/**
 * A deployed stage handles real money: it must name its platform fee recipient explicitly, and no
 * address that receives money or holds authority may be a public development account.
 */
function checkDeployedStage(config: Config): void {
  if (LOCAL_STAGES.has(config.stage)) return;
  const fail = (field: string, reason: string): never => {
    throw new ConfigError(`Invalid configuration: ${field}: ${reason}`);
  };
  // A licence signing key in memory can leak with one log line or dump; deployed stages sign in KMS.
  if (config.licenceSignerKey !== undefined) {
    fail(
      'LICENCE_SIGNER_KEY',
      `not allowed in stage ${config.stage}: sign licences with LICENCE_SIGNER_KMS_KEY_ID`,
    );
  }
  if (config.fees.platformRecipient === undefined) {
    fail(
      'PLATFORM_FEE_RECIPIENT',
      `required in stage ${config.stage} (the address that earns the platform fee)`,
    );
  }
  const named: [string, string][] = [
    ['PLATFORM_FEE_RECIPIENT', config.fees.platformRecipient as string],
    ...config.fees.referrers.map((referrer): [string, string] => ['REFERRER_ADDRESSES', referrer]),
    ...config.purchases.operators.map((operator): [string, string] => ['OPERATOR_ADDRESSES', operator]),
  ];
  for (const [field, value] of named) {
    if (isWellKnownDevAddress(value)) fail(field, wellKnownDevAddressReason(value));
  }
}
