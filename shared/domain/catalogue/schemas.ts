/**
 * The catalogue's vocabulary as zod schemas: models, revenue splits, versions, files and offers.
 * Request bodies, items read back from DynamoDB and responses are all checked against these, and the
 * entity types are inferred from them (no hand-written duplicates that could drift).
 */
import { z } from 'zod';
import { isChecksumAddress, personAddressProblem, toChecksumAddress } from '#domain/address.js';
import { isAmountText, MAX_AMOUNT_DESCRIPTION } from '#domain/ledger/amount.js';
import { TOTAL_BPS } from '#domain/ledger/split-rules.js';
import { marketSignatureSchema } from '#domain/market/signed-offer.js';
import { filePathProblem, normaliseFilePath } from './file-path.js';
import { inspectionSchema } from './inspection.js';

/** Caps that keep items small (DynamoDB items ≤ 400 KB) and listings cheap. */
export const CATALOGUE_LIMITS = {
  nameLength: 120,
  descriptionLength: 20_000,
  tags: 10,
  tagLength: 32,
  filePathLength: 512,
  versionsPerModel: 200,
  offersPerModel: 50,
  pageSizeMax: 100,
  pageSizeDefault: 20,
  partUrlBatch: 100,
} as const;

export const checksumAddressSchema = z
  .string()
  .refine((value) => isChecksumAddress(value), 'must be an EIP-55 checksummed address')
  .transform((value) => value as `0x${string}`);

/**
 * An address in a request that names a person — a split recipient, a licence's new holder, a
 * referrer, an owner filter — under the one rule of `personAddressProblem` (well-formed, never the
 * zero address). `form` says which spellings the field accepts; the value comes out EIP-55.
 */
export function personAddressSchema(form: 'checksummed' | 'any-case' = 'checksummed') {
  return z
    .string()
    .superRefine((value, ctx) => {
      const problem = personAddressProblem(value, form);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .transform((value) => toChecksumAddress(value));
}

/** Semantic version 2.0.0 (no leading zeros; optional pre-release and build). */
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;
export const semverSchema = z.string().max(64).regex(SEMVER, 'must be a semantic version such as 1.2.0');

export const slugSchema = z
  .string()
  .min(2)
  .max(64)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lowercase letters, digits and single hyphens');

/** Tags are trimmed, lower-cased, spaces become hyphens; duplicates collapse. */
export const tagsSchema = z
  .array(z.string().trim().min(1).max(CATALOGUE_LIMITS.tagLength))
  .max(CATALOGUE_LIMITS.tags)
  .transform((tags) => [...new Set(tags.map(normaliseTag))])
  .refine((tags) => tags.every(isTagText), {
    message: 'tags may contain only letters, digits, ".", "_" and "-"',
  });

/** Whether a normalised tag has the allowed characters (letters, digits, ".", "_", "-"). */
export function isTagText(tag: string): boolean {
  return /^[a-z0-9][a-z0-9._-]*$/.test(tag);
}

export function normaliseTag(tag: string): string {
  return tag.trim().toLowerCase().replace(/\s+/g, '-');
}

export const taskSchema = z
  .string()
  .trim()
  .min(2)
  .max(64)
  .transform((value) => value.toLowerCase())
  .refine((value) => /^[a-z0-9][a-z0-9._-]*$/.test(value), 'must be a lowercase identifier');

export const MODEL_STATUSES = ['draft', 'published', 'delisted'] as const;
export type ModelStatus = (typeof MODEL_STATUSES)[number];
export const VERSION_STATUSES = ['uploading', 'ready', 'published'] as const;
export type VersionStatus = (typeof VERSION_STATUSES)[number];
export const FILE_STATUSES = ['pending', 'uploaded'] as const;
export type FileStatus = (typeof FILE_STATUSES)[number];

export const splitRecipientSchema = z.object({
  address: checksumAddressSchema,
  bps: z.number().int('bps must be an integer').min(1, 'bps must be ≥ 1').max(TOTAL_BPS),
  role: z.string().trim().min(1).max(64).optional(),
});
export type SplitRecipient = z.infer<typeof splitRecipientSchema>;

export const modelFieldsSchema = z.object({
  name: z.string().trim().min(1).max(CATALOGUE_LIMITS.nameLength),
  slug: slugSchema,
  description: z.string().max(CATALOGUE_LIMITS.descriptionLength).default(''),
  task: taskSchema,
  tags: tagsSchema.default([]),
  framework: z.string().trim().min(1).max(64).optional(),
});
export type ModelFields = z.infer<typeof modelFieldsSchema>;
export type CreateModelInput = z.input<typeof modelFieldsSchema>;
export const modelPatchSchema = modelFieldsSchema.partial();
export type ModelPatch = z.infer<typeof modelPatchSchema>;

export const modelSchema = z.object({
  modelId: z.string(),
  owner: checksumAddressSchema,
  name: z.string(),
  slug: z.string(),
  description: z.string(),
  task: z.string(),
  tags: z.array(z.string()),
  framework: z
    .string()
    .nullish()
    .transform((value) => value ?? undefined),
  status: z.enum(MODEL_STATUSES),
  split: z.array(splitRecipientSchema),
  /** Optimistic-concurrency revision: bumped by every owner edit; the ETag is derived from it. */
  rev: z.number().int(),
  latestVersion: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  publishedAt: z.string().optional(),
});
export type Model = z.infer<typeof modelSchema>;

/**
 * A file path inside a version, NFC-normalised, then checked by the rule in `file-path.ts` (relative,
 * "/"-separated, no "."/".." or empty segments; letters, marks, digits, spaces and a small set of
 * ASCII punctuation only). Paths are only labels; S3 keys never derive from them.
 */
export const filePathSchema = z
  .string()
  .min(1)
  .max(CATALOGUE_LIMITS.filePathLength)
  .transform(normaliseFilePath)
  .superRefine((path, ctx) => {
    const problem = filePathProblem(path);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export { filePathProblem };

export const sha256HexSchema = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'must be a lowercase hex SHA-256 (64 characters)');

export const contentTypeSchema = z
  .string()
  .max(128)
  // Spelled out in both cases instead of an /i flag: the OpenAPI generator copies `source` and
  // appends the flags (`…$/i`), which no JSON Schema client can use.
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*$/,
    'must be a MIME type such as application/octet-stream',
  );

export const declareFileSchema = z.object({
  path: filePathSchema,
  size: z.number().int().min(0),
  sha256: sha256HexSchema,
  contentType: contentTypeSchema.default('application/octet-stream'),
});
export type DeclareFileInput = z.input<typeof declareFileSchema>;

/** A model card as model-card.ts reads it: the Hub's front matter and the body's first paragraph. */
export const modelCardSchema = z.object({
  license: z.string().nullable(),
  tags: z.array(z.string()),
  pipelineTag: z.string().nullable(),
  /** The models this one was derived from (`base_model`): a lineage suggestion, not a record. */
  baseModels: z.array(z.string()),
  datasets: z.array(z.string()),
  languages: z.array(z.string()),
  /** The body's first paragraph, for a description the creator left empty. */
  summary: z.string().nullable(),
});

export const versionSchema = z.object({
  modelId: z.string(),
  version: z.string(),
  changelog: z.string(),
  /** Stored `uploading` or `published`; `ready` is derived from the file counters (see versionStatus). */
  published: z.boolean(),
  fileCount: z.number().int(),
  uploadedCount: z.number().int(),
  manifestHash: z.string().optional(),
  createdAt: z.string(),
  publishedAt: z.string().optional(),
  /** The version's model card (its root README.md), read when the version is published. */
  card: modelCardSchema.optional(),
});
export type Version = z.infer<typeof versionSchema>;

export const fileSchema = z.object({
  modelId: z.string(),
  version: z.string(),
  fileId: z.string(),
  path: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  contentType: z.string(),
  status: z.enum(FILE_STATUSES),
  /**
   * Server-generated S3 key of the verified bytes (never derived from `path`): downloads presign it,
   * and no upload URL ever names it. Internal: never returned to clients.
   */
  storageKey: z.string(),
  /**
   * Where the client uploads (a staging key); the verified object is copied from here to `storageKey`.
   * Absent on files uploaded before staging keys existed, which went straight to `storageKey`.
   */
  uploadKey: z.string().optional(),
  uploadKind: z.enum(['single', 'multipart']),
  uploadId: z.string().optional(),
  partSize: z.number().int().optional(),
  partCount: z.number().int().optional(),
  owner: checksumAddressSchema,
  createdAt: z.string(),
  uploadedAt: z.string().optional(),
  /** What the verified file contains, from its header (inspection.ts); absent for other formats. */
  inspection: inspectionSchema.optional(),
});
export type ArtifactFile = z.infer<typeof fileSchema>;

/**
 * Base-unit amount: a non-negative integer as a decimal string (no sign, no leading zeros), at most
 * MAX_AMOUNT (2^256 − 1): 78 digits alone would allow up to 10^78 − 1, which no EVM transfer can pay.
 */
export const amountSchema = z
  .string()
  .max(78)
  .regex(/^(0|[1-9]\d*)$/, 'must be a non-negative integer in base units, as a decimal string')
  .refine(isAmountText, `must be ${MAX_AMOUNT_DESCRIPTION}`);

export const offerTermsSchema = z
  .object({
    commercialUse: z.boolean(),
    derivatives: z.enum(['none', 'allowed', 'share-alike']),
    attribution: z.boolean(),
    durationDays: z.number().int().min(1).max(36_500).nullable(),
    seats: z.number().int().min(1).max(1_000_000),
    transferable: z.boolean(),
    spdxId: z
      .string()
      .max(64)
      .regex(/^[A-Za-z0-9.+-]+$/, 'must be an SPDX licence identifier such as Apache-2.0')
      .optional(),
    termsUri: z
      .string()
      .url()
      .max(2048)
      .refine((uri) => uri.startsWith('https://'), 'must be an https:// URL')
      .optional(),
  })
  .refine((terms) => terms.spdxId !== undefined || terms.termsUri !== undefined, {
    message: 'terms need an spdxId or a termsUri',
    path: ['spdxId'],
  });
export type OfferTerms = z.infer<typeof offerTermsSchema>;

export const priceSchema = z.object({
  amount: amountSchema,
  chainId: z.number().int().positive(),
  /** "native" or the ERC-20 contract address, exactly as allow-listed in config. */
  currency: z.union([z.literal('native'), checksumAddressSchema]),
});
export type Price = z.infer<typeof priceSchema>;

/** Which versions a licence covers: one exact version, or whichever is latest when it is bought. */
export const coversSchema = z.union([z.literal('latest'), semverSchema]);

export const createOfferSchema = z.object({
  name: z.string().trim().min(1).max(80),
  terms: offerTermsSchema,
  price: priceSchema,
  supplyCap: z.number().int().min(1).max(1_000_000_000).nullable().default(null),
  covers: coversSchema.default('latest'),
  active: z.boolean().default(true),
});
export type CreateOfferInput = z.input<typeof createOfferSchema>;
export const offerPatchSchema = z.object({
  name: z.string().trim().min(1).max(80).optional(),
  terms: offerTermsSchema.optional(),
  price: priceSchema.optional(),
  supplyCap: z.number().int().min(1).max(1_000_000_000).nullable().optional(),
  covers: coversSchema.optional(),
  active: z.boolean().optional(),
});
export type OfferPatch = z.infer<typeof offerPatchSchema>;

export const offerSchema = z.object({
  modelId: z.string(),
  offerId: z.string(),
  name: z.string(),
  terms: offerTermsSchema,
  price: priceSchema,
  supplyCap: z.number().int().nullable(),
  covers: z.string(),
  active: z.boolean(),
  /** Licences sold under this offer; the purchases settlement transaction increments it. */
  soldCount: z.number().int(),
  rev: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /**
   * The owner's EIP-712 signature for selling on chain (shared/domain/market/signed-offer.ts); it names
   * the `rev` it signed, so an edit of the offer leaves it stale.
   */
  marketSignature: marketSignatureSchema.optional(),
});
export type Offer = z.infer<typeof offerSchema>;

/** Offer fields that freeze once a licence has sold (buyers bought exactly these). */
export const FROZEN_OFFER_FIELDS = ['terms', 'price', 'covers', 'supplyCap'] as const;
