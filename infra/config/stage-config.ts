/**
 * Typed, validated deployment configuration for one stage. The CDK app reads it from cdk.json context
 * (`"modelCommons:<stage>"`) or from `infra/config/<stage>.json`, and a bad value stops `cdk synth`
 * with one line naming the field — before anything reaches CloudFormation.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { isAddressLike, toChecksumAddress } from '../../shared/domain/address.js';

const address = z
  .string()
  .refine((value) => isAddressLike(value), 'must be a 0x-prefixed 20-byte address with a valid checksum')
  .transform((value) => toChecksumAddress(value));

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
  payTo: address,
  currencies: z.array(currencySchema).min(1),
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
      platformRecipient: address.optional(),
    }),
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
        noncurrentVersionExpirationDays: z.number().int().min(1).max(3650).default(30),
      })
      .prefault({}),
    payouts: z
      .object({
        /** How often the payout worker runs, in minutes. */
        scheduleMinutes: z.number().int().min(1).max(1440).default(5),
      })
      .prefault({}),
    alarms: z
      .object({
        /** Subscribed to the alarm topic (confirmation e-mail); omit to subscribe later. */
        email: z.string().email().optional(),
        /** 5xx responses per 5 minutes, as a percentage of requests, that raise the alarm. */
        serverErrorRatePercent: z.number().min(0.1).max(100).default(5),
        p99LatencyMs: z.number().int().min(50).max(30_000).default(2000),
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
  })
  .transform((config) => ({ ...config, protectData: config.protectData ?? config.stage === 'prod' }));

export type StageConfig = z.infer<typeof stageConfigSchema>;
export type StageConfigInput = z.input<typeof stageConfigSchema>;

/** Thrown for an invalid stage config; `message` is one line naming the source and the field. */
export class StageConfigError extends Error {
  override name = 'StageConfigError';
}

/** Validates `raw` (from context or a file); `source` names it in the error. */
export function parseStageConfig(raw: unknown, source: string): StageConfig {
  const result = stageConfigSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue?.path.join('.') || '(root)';
    throw new StageConfigError(`Invalid stage config (${source}): ${field}: ${issue?.message ?? 'invalid'}`);
  }
  return result.data;
}

/**
 * The stage's config: the context value `modelCommons:<stage>` if present (an object), otherwise
 * `infra/config/<stage>.json`.
 */
export function loadStageConfig(stage: string, contextValue: unknown): StageConfig {
  if (!/^[a-z0-9-]{1,32}$/.test(stage)) {
    throw new StageConfigError(`Invalid stage name "${stage}": use lower-case letters, digits and dashes`);
  }
  if (contextValue !== undefined) return parseStageConfig(contextValue, `context modelCommons:${stage}`);
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
