/**
 * Run-time configuration: the only place that interprets environment variables. Entry points pass
 * `process.env` (or a merged copy) to `loadConfig`; everything else receives the typed `Config`.
 * A bad value stops start-up with one line naming the variable (see `.env.example`).
 */
import { z } from 'zod';
import { isAddressLike, toChecksumAddress } from './domain/address.js';

const address = z
  .string()
  .refine((value) => isAddressLike(value), 'must be a 0x-prefixed 20-byte address with a valid checksum')
  .transform((value) => toChecksumAddress(value));

const currencySchema = z.object({
  /** ERC-20 contract address, or "native" for the chain's coin. */
  address: z.union([z.literal('native'), address]),
  symbol: z.string().min(1).max(16),
  decimals: z.number().int().min(0).max(36),
});

const chainSchema = z.object({
  chainId: z.number().int().positive(),
  name: z.string().min(1).default('chain'),
  rpcUrl: z.string().url(),
  /** Blocks on top of the payment's block before it counts as final. */
  confirmations: z.number().int().min(0).max(1000).default(12),
  /** Use the node's `finalized` block tag instead of counting confirmations. */
  useFinalizedTag: z.boolean().default(false),
  payTo: address,
  currencies: z.array(currencySchema).min(1),
});

const csv = z.string().transform((value) =>
  value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean),
);

const hexKey = z.string().regex(/^0x[0-9a-fA-F]{64}$/, 'must be a 0x-prefixed 32-byte hex private key');

/** `kid:secret,kid:secret` — the first entry signs new sessions; all entries verify (rotation). */
const sessionKeys = z.string().transform((value, ctx) => {
  const keys = value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((entry) => {
      const [kid, secret] = entry.split(':');
      return { kid: kid ?? '', secret: secret ?? '' };
    });
  for (const key of keys) {
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(key.kid) || key.secret.length < 32) {
      ctx.addIssue({
        code: 'custom',
        message: 'each entry must be kid:secret with a secret of ≥ 32 characters',
      });
      return z.NEVER;
    }
  }
  if (keys.length === 0) {
    ctx.addIssue({ code: 'custom', message: 'at least one kid:secret entry is required' });
    return z.NEVER;
  }
  return keys;
});

const jsonOf = <T extends z.ZodType>(schema: T) =>
  z.string().transform((value, ctx) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be valid JSON' });
      return z.NEVER;
    }
    const result = schema.safeParse(parsed);
    if (!result.success) {
      for (const issue of result.error.issues) {
        ctx.addIssue({ code: 'custom', message: `${issue.path.join('.') || '(root)'}: ${issue.message}` });
      }
      return z.NEVER;
    }
    return result.data as z.infer<T>;
  });

const intFrom = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const envSchema = z.object({
  STAGE: z.enum(['local', 'test', 'dev', 'staging', 'prod']).default('local'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /** The API's public origin. SIWE messages must name exactly this domain and URI origin. */
  PUBLIC_ORIGIN: z.string().url(),
  /** Frontend origins allowed by CORS (comma-separated). */
  ALLOWED_ORIGINS: csv.default([]),
  AWS_REGION: z.string().min(1).default('us-east-1'),
  TABLE_NAME: z.string().min(3),
  BUCKET_NAME: z.string().min(3),
  /** Local stand-ins only; unset in AWS. */
  DYNAMODB_ENDPOINT: z.string().url().optional(),
  S3_ENDPOINT: z.string().url().optional(),
  CHAINS: jsonOf(z.array(chainSchema).min(1)),
  /** Optional JSON map chainId → RPC URL overriding CHAINS' rpcUrl (in AWS it comes from a secret: URLs carry API keys). */
  RPC_URLS: jsonOf(
    z.record(z.string().regex(/^\d+$/, 'keys must be chain ids'), z.string().url()),
  ).optional(),
  /** Required by the API (sessions, cursors); the payout worker runs without it. */
  SESSION_KEYS: sessionKeys.optional(),
  LICENCE_SIGNER_KEY: hexKey.optional(),
  /** The chain id in the licence tokens' EIP-712 domain (default: the first chain). Never change it once tokens exist. */
  LICENCE_CHAIN_ID: z.coerce.number().int().positive().optional(),
  /** The treasury key the payout worker sends from (Secrets Manager/KMS in production). */
  TREASURY_PRIVATE_KEY: hexKey.optional(),
  MAX_BODY_BYTES: intFrom(1024, 10 * 1024 * 1024).default(256 * 1024),
  SESSION_TTL_SECONDS: intFrom(60, 30 * 24 * 3600).default(24 * 3600),
  NONCE_TTL_SECONDS: intFrom(30, 3600).default(300),
  /** How old a SIWE message's issuedAt may be when it is submitted. */
  SIWE_MAX_AGE_SECONDS: intFrom(30, 86_400).default(600),
  /** Requests per client per minute on /auth/* (a DynamoDB counter shared by all instances). */
  AUTH_RATE_LIMIT_PER_MINUTE: intFrom(1, 1_000_000).default(60),
  PLATFORM_FEE_BPS: intFrom(0, 10_000).default(250),
  REFERRER_FEE_BPS: intFrom(0, 10_000).default(100),
  PLATFORM_FEE_RECIPIENT: address.optional(),
  /** How long an order's quote holds, seconds. */
  ORDER_TTL_SECONDS: intFrom(60, 24 * 3600).default(1800),
  /** Presigned download URL lifetime, seconds (≤ 5 minutes). */
  DOWNLOAD_URL_TTL_SECONDS: intFrom(10, 300).default(300),
  /** Download grants per licence per UTC day (429 beyond). */
  DOWNLOAD_DAILY_QUOTA: intFrom(1, 1_000_000).default(100),
  /** Marketplace operators (comma-separated addresses) who may revoke any licence. */
  OPERATOR_ADDRESSES: csv.pipe(z.array(address)).default([]),
  /** Catalogue uploads: files up to this size get one presigned PUT; larger ones go multipart. */
  UPLOAD_SINGLE_PUT_MAX_BYTES: intFrom(1, 5 * 1024 ** 3).default(64 * 1024 ** 2),
  /** Preferred multipart part size. S3 needs ≥ 5 MiB (except the last part); tests use less on s3rver. */
  UPLOAD_PART_BYTES: intFrom(1024, 5 * 1024 ** 3).default(64 * 1024 ** 2),
  UPLOAD_MAX_FILE_BYTES: intFrom(1, 5 * 1024 ** 4).default(512 * 1024 ** 3),
  UPLOAD_MAX_FILES_PER_VERSION: intFrom(1, 10_000).default(1000),
  /** Files an owner may have in flight (declared, not yet completed or aborted) at once. */
  UPLOAD_MAX_CONCURRENT: intFrom(1, 10_000).default(50),
  UPLOAD_URL_TTL_SECONDS: intFrom(60, 7 * 24 * 3600).default(900),
});

export type Config = ReturnType<typeof toConfig>;
export type ChainConfig = z.infer<typeof chainSchema>;
export type CurrencyConfig = z.infer<typeof currencySchema>;

/** Thrown for a bad environment; `message` is the one line to print. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

function toConfig(env: z.infer<typeof envSchema>) {
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
    licenceChainId: env.LICENCE_CHAIN_ID ?? (env.CHAINS[0] as ChainConfig).chainId,
    treasuryPrivateKey: env.TREASURY_PRIVATE_KEY,
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
    },
    purchases: {
      orderTtlSeconds: env.ORDER_TTL_SECONDS,
      downloadUrlTtlSeconds: env.DOWNLOAD_URL_TTL_SECONDS,
      downloadDailyQuota: env.DOWNLOAD_DAILY_QUOTA,
      operators: env.OPERATOR_ADDRESSES,
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
 * @throws ConfigError naming the first bad variable, e.g. `TABLE_NAME: Required`.
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0];
    const variable = issue?.path.join('.') ?? '(unknown)';
    throw new ConfigError(`Invalid configuration: ${variable}: ${issue?.message ?? 'invalid'}`);
  }
  return toConfig(result.data);
}
