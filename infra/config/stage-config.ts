/**
 * Typed, validated deployment configuration for one stage. The CDK app reads it from cdk.json context
 * (`"modelCommons:<stage>"`) or from `infra/config/<stage>.json`, and a bad value stops `cdk synth`
 * with one line naming the field — before anything reaches CloudFormation.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { isAddressLike, isZeroAddress, toChecksumAddress } from '#domain/address.js';
import { isWellKnownDevAddress, wellKnownDevAddressReason } from '#domain/dev-accounts.js';

/**
 * Shipped configs hold values starting with this marker where only the operator knows the answer
 * (addresses, domains, certificates). `parseStageConfig` refuses them by path with the marker's text,
 * so `cdk synth` says what to set instead of deploying a guess.
 */
export const PLACEHOLDER_PREFIX = 'SET-ME';

const address = z
  .string()
  .refine((value) => isAddressLike(value), 'must be a 0x-prefixed 20-byte address with a valid checksum')
  .transform((value) => toChecksumAddress(value));

/**
 * An address that receives money or holds authority. Every stage this config knows (dev, staging,
 * prod) runs on a public chain, so a development account — whose private key is published — is
 * refused: whatever it received would be taken by whoever is fastest.
 */
const accountAddress = address.superRefine((value, ctx) => {
  if (isWellKnownDevAddress(value))
    ctx.addIssue({ code: 'custom', message: wellKnownDevAddressReason(value) });
});

/** A DNS host name (no scheme, no port, no path), lower case. */
const hostName = z
  .string()
  .max(253)
  .regex(
    /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
    'must be a lower-case DNS host name such as api.example.com',
  );

const certificateArn = z
  .string()
  .regex(
    /^arn:aws[a-z-]*:acm:[a-z]{2}(-[a-z]+)+-\d:\d{12}:certificate\/[0-9a-f-]{36}$/,
    'must be an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>)',
  );

/** The region part of an ARN (`arn:partition:service:region:...`). */
export function arnRegion(arn: string): string {
  return arn.split(':')[3] ?? '';
}

/**
 * CloudFront + AWS WAF in front of the HTTP API (infra/stacks/edge-stack.ts). Required in prod.
 * Two host names, because the default execute-api endpoint is disabled when the edge is on and
 * CloudFront must reach the API through an API Gateway custom domain of its own.
 */
const edgeSchema = z.object({
  /** The public API host name (CloudFront alternate domain name); PUBLIC_ORIGIN is `https://<it>`. */
  domainName: hostName,
  /** ACM certificate for `domainName`, in us-east-1 (CloudFront only takes certificates from there). */
  certificateArn: certificateArn.refine(
    (arn) => arnRegion(arn) === 'us-east-1',
    'must be a certificate in us-east-1 (CloudFront only uses certificates from us-east-1)',
  ),
  /** The API Gateway custom domain CloudFront connects to (e.g. origin.api.example.com). */
  originDomainName: hostName,
  /** ACM certificate for `originDomainName`, in the region of the main stack. */
  originCertificateArn: certificateArn,
  /** Requests per client IP per 5 minutes before AWS WAF blocks that IP (rate-based rule). */
  rateLimitPer5Minutes: z.number().int().min(100).max(2_000_000_000).default(2000),
});

const origin = z
  .string()
  .url()
  .refine(
    (value) => new URL(value).origin === value,
    'must be an origin (scheme://host[:port]) without a path',
  );

/** CloudWatch Logs accepts only these retention periods (days). */
const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 3653,
] as const;

const currencySchema = z.object({
  address: z.union([z.literal('native'), address]),
  symbol: z.string().min(1).max(16),
  decimals: z.number().int().min(0).max(36),
  /** The token's EIP-712 domain and signed payments (USDC: name "USD Coin", version "2", both true). */
  signing: z
    .object({
      name: z.string().min(1).max(64),
      version: z.string().min(1).max(16),
      permit: z.boolean().default(false),
      receiveWithAuthorization: z.boolean().default(false),
    })
    .optional(),
});

const chainSchema = z.object({
  chainId: z.number().int().positive(),
  name: z.string().min(1),
  /**
   * A public RPC URL used when the RPC secret has no entry for this chain. Private URLs (with API keys)
   * go into the RPC secret (`RPC_URLS`, a JSON map chainId → URL), never here.
   */
  publicRpcUrl: z.string().url(),
  confirmations: z.number().int().min(0).max(1000),
  useFinalizedTag: z.boolean().default(false),
  currencies: z.array(currencySchema).min(1),
  /**
   * The marketplace contract on this chain (`npm run contracts:deploy` prints it). Set → orders on this
   * chain sell through it and the stack deploys the chain indexer; omitted → this chain sells nothing
   * (sign-in only). A leftover `payTo` from the retired custodial path is ignored.
   */
  market: address.refine((value) => !isZeroAddress(value), 'must not be the zero address').optional(),
  /** The block the market was deployed in (printed with it): the indexer's first block. */
  marketDeployBlock: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
});

export const stageConfigSchema = z
  .object({
    stage: z.enum(['dev', 'staging', 'prod']),
    /** Deploy target; omitted → the CLI's current account/region (environment-agnostic synth). */
    account: z
      .string()
      .regex(/^\d{12}$/, 'must be a 12-digit AWS account id')
      .optional(),
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as eu-west-1')
      .optional(),
    /**
     * The API's public origin — SIWE messages must name this domain. Omitted → the HTTP API's own
     * execute-api URL (fine for dev; production should put its custom domain here).
     */
    publicOrigin: origin.optional(),
    /** Frontend origins allowed by CORS on the API and on the artifact bucket (direct uploads). */
    allowedOrigins: z.array(origin).default([]),
    chains: z.array(chainSchema).min(1),
    fees: z.object({
      platformBps: z.number().int().min(0).max(10_000),
      referrerBps: z.number().int().min(0).max(10_000),
      /** Earns the platform fee: the fee recipient the chain's market was deployed with. Required. */
      platformRecipient: accountAddress,
      /** Registered frontends that may be named as an order's referrer and earn `referrerBps`. */
      referrers: z.array(accountAddress).default([]),
    }),
    /** Marketplace operators who may revoke any licence (OPERATOR_ADDRESSES). */
    operators: z.array(accountAddress).default([]),
    /** CloudFront + WAF in front of the API; required in prod, optional elsewhere. */
    edge: edgeSchema.optional(),
    /** Keep stateful resources on stack deletion and forbid table deletion (always true in prod). */
    protectData: z.boolean().optional(),
    logRetentionDays: z
      .number()
      .refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), {
        message: `must be one of ${LOG_RETENTION_DAYS.join(', ')}`,
      })
      .default(30),
    api: z
      .object({
        throttleRateLimit: z.number().int().min(1).max(10_000).default(50),
        throttleBurstLimit: z.number().int().min(1).max(5_000).default(100),
        memoryMb: z.number().int().min(128).max(10_240).default(1024),
        timeoutSeconds: z.number().int().min(3).max(29).default(15),
      })
      .prefault({}),
    artifacts: z
      .object({
        abortIncompleteMultipartUploadDays: z.number().int().min(1).max(30).default(7),
        /** Days a staged upload (uploaded, never completed; or bytes PUT again after completion) is kept. */
        stagedUploadExpirationDays: z.number().int().min(1).max(30).default(7),
        noncurrentVersionExpirationDays: z.number().int().min(1).max(3650).default(30),
      })
      .prefault({}),
    /** The chain indexer, deployed when a chain names its `market`. */
    indexer: z
      .object({
        /** How often it runs, in minutes (a run catches up to the final head; overlapping runs are safe). */
        scheduleMinutes: z.number().int().min(1).max(60).default(1),
        /** Blocks per eth_getLogs request (INDEXER_MAX_BLOCK_RANGE): lower it if the RPC provider caps ranges. */
        maxBlockRange: z.number().int().min(1).max(100_000).default(2000),
      })
      .prefault({}),
    alarms: z
      .object({
        /** Subscribed to the stack's alarm topic (confirmation e-mail). */
        email: z.string().email().optional(),
        /**
         * An existing SNS topic (same region as the stack) that receives every alarm instead of a topic
         * of the stack's own — e.g. the one your on-call tool already subscribes to.
         */
        topicArn: z
          .string()
          .regex(
            /^arn:aws[a-z-]*:sns:[a-z]{2}(-[a-z]+)+-\d:\d{12}:[A-Za-z0-9_-]{1,256}$/,
            'must be an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)',
          )
          .optional(),
        /** 5xx responses per 5 minutes, as a percentage of requests, that raise the alarm. */
        serverErrorRatePercent: z.number().min(0.1).max(100).default(5),
        p99LatencyMs: z.number().int().min(50).max(30_000).default(2000),
        /**
         * DynamoDB TransactionConflict events per 5 minutes that raise the alarm. The code retries a
         * conflict (hot balances), so a few are normal; a steady stream means contention to design out.
         */
        transactionConflictsPer5Minutes: z.number().int().min(1).max(1_000_000).default(10),
      })
      .prefault({}),
  })
  .superRefine((config, ctx) => {
    if (config.fees.platformBps + config.fees.referrerBps > 10_000) {
      ctx.addIssue({
        code: 'custom',
        path: ['fees'],
        message: 'platformBps + referrerBps must not exceed 10000',
      });
    }
    const ids = config.chains.map((chain) => chain.chainId);
    const duplicate = ids.find((id, index) => ids.indexOf(id) !== index);
    if (duplicate !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['chains'], message: `chain ${duplicate} is listed twice` });
    }
    if (config.stage === 'prod' && config.protectData === false) {
      ctx.addIssue({ code: 'custom', path: ['protectData'], message: 'cannot be false in prod' });
    }
    if (config.alarms.email && config.alarms.topicArn) {
      ctx.addIssue({
        code: 'custom',
        path: ['alarms'],
        message: 'set either email or topicArn, not both (subscribe the e-mail to your topic instead)',
      });
    }
    if (config.stage === 'prod' && !config.alarms.email && !config.alarms.topicArn) {
      ctx.addIssue({
        code: 'custom',
        path: ['alarms'],
        message: 'prod needs someone to receive alarms: set alarms.email or alarms.topicArn',
      });
    }
    if (config.stage === 'prod' && !config.edge) {
      ctx.addIssue({
        code: 'custom',
        path: ['edge'],
        message:
          'required in prod (CloudFront + WAF in front of the API): set domainName, certificateArn (us-east-1), originDomainName and originCertificateArn',
      });
    }
    if (config.edge) {
      if (config.publicOrigin && config.publicOrigin !== `https://${config.edge.domainName}`) {
        ctx.addIssue({
          code: 'custom',
          path: ['publicOrigin'],
          message: `must be https://${config.edge.domainName} (the edge's domain) or omitted when the edge is on`,
        });
      }
      if (config.edge.originDomainName === config.edge.domainName) {
        ctx.addIssue({
          code: 'custom',
          path: ['edge', 'originDomainName'],
          message:
            'must differ from domainName (DNS sends domainName to CloudFront, originDomainName to API Gateway)',
        });
      }
      const originRegion = arnRegion(config.edge.originCertificateArn);
      if (config.region && originRegion !== config.region) {
        ctx.addIssue({
          code: 'custom',
          path: ['edge', 'originCertificateArn'],
          message: `must be a certificate in the stack's region ${config.region} (API Gateway regional custom domain)`,
        });
      }
    }
  })
  .transform((config) => ({ ...config, protectData: config.protectData ?? config.stage === 'prod' }));

export type StageConfig = z.infer<typeof stageConfigSchema>;
export type StageConfigInput = z.input<typeof stageConfigSchema>;

/** Thrown for an invalid stage config; `message` is one line naming the source and the field. */
export class StageConfigError extends Error {
  override name = 'StageConfigError';
}

/** The first string starting with PLACEHOLDER_PREFIX in `value`, with its path. */
function findPlaceholder(value: unknown, path: string[] = []): { path: string; text: string } | undefined {
  if (typeof value === 'string') {
    return value.startsWith(PLACEHOLDER_PREFIX) ? { path: path.join('.'), text: value } : undefined;
  }
  if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const found = findPlaceholder(child, [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}

/** Validates `raw` (from context or a file); `source` names it in the error. */
export function parseStageConfig(raw: unknown, source: string): StageConfig {
  const placeholder = findPlaceholder(raw);
  if (placeholder) {
    throw new StageConfigError(
      `Invalid stage config (${source}): ${placeholder.path || '(root)'}: not set yet ("${placeholder.text}"); replace the placeholder, or pass a complete config as context modelCommons:<stage> (docs/deploy.md)`,
    );
  }
  const result = stageConfigSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue?.path.join('.') || '(root)';
    throw new StageConfigError(`Invalid stage config (${source}): ${field}: ${issue?.message ?? 'invalid'}`);
  }
  return result.data;
}

/**
 * The stage's config: the context value `modelCommons:<stage>` if present — an object (cdk.json) or
 * a JSON string (`cdk synth -c "modelCommons:prod=$(cat prod.local.json)"`: the CLI passes `-c`
 * values as strings) — otherwise `infra/config/<stage>.json`.
 */
export function loadStageConfig(stage: string, contextValue: unknown): StageConfig {
  if (!/^[a-z0-9-]{1,32}$/.test(stage)) {
    throw new StageConfigError(`Invalid stage name "${stage}": use lower-case letters, digits and dashes`);
  }
  const source = `context modelCommons:${stage}`;
  if (typeof contextValue === 'string') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(contextValue);
    } catch {
      throw new StageConfigError(`Invalid stage config (${source}): not valid JSON`);
    }
    return parseStageConfig(parsed, source);
  }
  if (contextValue !== undefined) return parseStageConfig(contextValue, source);
  const file = new URL(`./${stage}.json`, import.meta.url);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new StageConfigError(
      `No config for stage "${stage}": add infra/config/${stage}.json or context "modelCommons:${stage}"`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new StageConfigError(`Invalid stage config (infra/config/${stage}.json): not valid JSON`);
  }
  return parseStageConfig(raw, `infra/config/${stage}.json`);
}
