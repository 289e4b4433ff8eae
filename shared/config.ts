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
  SESSION_KEYS: sessionKeys,
  LICENCE_SIGNER_KEY: hexKey.optional(),
  MAX_BODY_BYTES: intFrom(1024, 10 * 1024 * 1024).default(256 * 1024),
  SESSION_TTL_SECONDS: intFrom(60, 30 * 24 * 3600).default(24 * 3600),
  NONCE_TTL_SECONDS: intFrom(30, 3600).default(300),
  PLATFORM_FEE_BPS: intFrom(0, 10_000).default(250),
  REFERRER_FEE_BPS: intFrom(0, 10_000).default(100),
  PLATFORM_FEE_RECIPIENT: address.optional(),
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
    chains: env.CHAINS,
    sessionKeys: env.SESSION_KEYS,
    licenceSignerKey: env.LICENCE_SIGNER_KEY,
    limits: {
      maxBodyBytes: env.MAX_BODY_BYTES,
      sessionTtlSeconds: env.SESSION_TTL_SECONDS,
      nonceTtlSeconds: env.NONCE_TTL_SECONDS,
    },
    fees: {
      platformBps: env.PLATFORM_FEE_BPS,
      referrerBps: env.REFERRER_FEE_BPS,
      platformRecipient: env.PLATFORM_FEE_RECIPIENT,
    },
  };
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
