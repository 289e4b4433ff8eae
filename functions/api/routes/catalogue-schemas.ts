/**
 * OpenAPI schemas shared by the catalogue routes (models, versions and files, offers). Domain schemas
 * are plain zod; zod 4 attaches methods per instance, so a schema built before @hono/zod-openapi loaded
 * has no `.openapi()`, while one derived from it here (`.extend`, `.pick`, `.omit`, `z.object(shape)`)
 * does. So schemas are derived from the domain's (the views of Model, Version, File and Offer come from
 * shared/domain/catalogue/views.ts) and only the derived ones get `.openapi()`.
 */

import type { ZodType } from 'zod';
import { z } from '#api/http/zod.js';
import { listingOfferSchema, listingViewSchema } from '#domain/catalogue/listing.js';
import {
  amountSchema,
  CATALOGUE_LIMITS,
  coversSchema,
  declareFileSchema,
  modelFieldsSchema,
  modelPatchSchema,
  offerPatchSchema,
  offerTermsSchema,
  personAddressSchema,
  priceSchema,
  semverSchema,
  splitRecipientSchema,
} from '#domain/catalogue/schemas.js';
import { splitSchema } from '#domain/catalogue/split.js';
import {
  fileViewSchema,
  modelViewSchema,
  offerViewSchema,
  versionViewSchema,
} from '#domain/catalogue/views.js';
import { offerMarketViewSchema } from '#domain/market/signed-offer.js';

const OWNER = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const CONTRIBUTOR = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC';
const SHA = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
const HASH = `0x${'ab'.repeat(32)}`;

export const ModelIdParam = z.object({
  modelId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'modelId', in: 'path' }, example: 'mdl_3x4mpl3Id0000000000' }),
});
export const VersionParams = ModelIdParam.extend({
  version: z
    .string()
    .refine((value) => semverSchema.safeParse(value).success, 'must be a semantic version such as 1.2.0')
    .openapi({ param: { name: 'version', in: 'path' }, example: '1.0.0' }),
});
export const FileParams = VersionParams.extend({
  fileId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'fileId', in: 'path' }, example: 'fil_3x4mpl3Id0000000000' }),
});
export const OfferParams = ModelIdParam.extend({
  offerId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'offerId', in: 'path' }, example: 'off_3x4mpl3Id0000000000' }),
});

export const IfMatchHeader = z.object({
  'if-match': z
    .string()
    .max(200)
    .optional()
    .openapi({ description: 'The ETag you read; a stale one answers 412 STALE_REVISION', example: '"3"' }),
});

export const PageQuery = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(CATALOGUE_LIMITS.pageSizeMax)
    .default(CATALOGUE_LIMITS.pageSizeDefault)
    .openapi({ example: 20 }),
  cursor: z
    .string()
    .max(2048)
    .optional()
    .openapi({ description: 'nextCursor from the previous page (opaque)' }),
});

const SplitRecipientSchema = z.object(splitRecipientSchema.shape).openapi('SplitRecipient', {
  example: { address: OWNER, bps: 7000, role: 'owner' },
});

export const SplitSchema = z.object({ recipients: splitSchema }).openapi('Split', {
  example: {
    recipients: [
      { address: OWNER, bps: 7000, role: 'owner' },
      { address: CONTRIBUTOR, bps: 3000, role: 'fine-tuning' },
    ],
  },
});
export const SplitViewSchema = z.object({ recipients: z.array(SplitRecipientSchema) }).openapi('SplitView');

export const CreateModelSchema = z.object(modelFieldsSchema.shape).openapi('CreateModel', {
  example: {
    name: 'Tiny Llama Chat',
    slug: 'tiny-llama-chat',
    description: 'A 1.1B chat model fine-tuned on **open** dialogue data.',
    task: 'text-generation',
    tags: ['llm', 'chat'],
    framework: 'pytorch',
  },
});
export const ModelPatchSchema = z.object(modelPatchSchema.shape).openapi('ModelPatch', {
  example: { description: 'Now with a longer context window.', tags: ['llm', 'chat', 'long-context'] },
});

export const ModelSchema = modelViewSchema
  .extend({ owner: z.string(), split: z.array(SplitRecipientSchema) })
  .openapi('Model', {
    example: {
      modelId: 'mdl_3x4mpl3Id0000000000',
      owner: OWNER,
      name: 'Tiny Llama Chat',
      slug: 'tiny-llama-chat',
      description: 'A 1.1B chat model.',
      task: 'text-generation',
      tags: ['llm', 'chat'],
      framework: 'pytorch',
      status: 'published',
      latestVersion: '1.0.0',
      split: [{ address: OWNER, bps: 10000, role: 'owner' }],
      createdAt: '2026-11-25T10:00:00.000Z',
      updatedAt: '2026-11-25T10:05:00.000Z',
      publishedAt: '2026-11-25T10:05:00.000Z',
    },
  });

export const FileSchema = z.object(fileViewSchema.shape).openapi('ArtifactFile', {
  example: {
    fileId: 'fil_3x4mpl3Id0000000000',
    path: 'weights/model.safetensors',
    size: 2_200_000_000,
    sha256: SHA,
    contentType: 'application/octet-stream',
    status: 'uploaded',
  },
});

export const VersionSchema = versionViewSchema
  .extend({
    manifestHash: z.string().nullable().openapi({
      description: 'SHA-256 of the canonical manifest, set once published (signed into licences)',
    }),
    files: z.array(FileSchema),
  })
  .openapi('Version', {
    example: {
      version: '1.0.0',
      changelog: 'First release',
      status: 'published',
      fileCount: 1,
      manifestHash: HASH,
      createdAt: '2026-11-25T10:00:00.000Z',
      publishedAt: '2026-11-25T10:04:00.000Z',
      files: [],
    },
  });

export const CreateVersionSchema = z
  .object({ version: semverSchema, changelog: z.string().max(10_000).default('') })
  .openapi('CreateVersion', { example: { version: '1.0.0', changelog: 'First release' } });

export const DeclareFileSchema = z.object(declareFileSchema.shape).openapi('DeclareFile', {
  example: {
    path: 'weights/model.safetensors',
    size: 2_200_000_000,
    sha256: SHA,
    contentType: 'application/octet-stream',
  },
});

const PresignedSchema = z.object({
  url: z.string(),
  headers: z
    .record(z.string(), z.string())
    .openapi({ description: 'Send exactly these headers (they are signed)' }),
  expiresAt: z.string(),
});

export const DeclaredFileSchema = z
  .object({
    fileId: z.string(),
    file: FileSchema,
    upload: z.discriminatedUnion('kind', [
      PresignedSchema.extend({ kind: z.literal('single') }),
      z.object({
        kind: z.literal('multipart'),
        uploadId: z.string(),
        partSize: z.number().int(),
        partCount: z.number().int(),
      }),
      z.object({ kind: z.literal('reused') }).openapi({
        description:
          'You already uploaded these exact bytes (same SHA-256 and size) to one of your models: the file was ' +
          'copied from that verified copy and verified again, and is already `uploaded`. Nothing to send.',
      }),
    ]),
  })
  .openapi('DeclaredFile', {
    example: {
      fileId: 'fil_3x4mpl3Id0000000000',
      file: {
        fileId: 'fil_3x4mpl3Id0000000000',
        path: 'weights/model.safetensors',
        size: 2_200_000_000,
        sha256: SHA,
        contentType: 'application/octet-stream',
        status: 'pending',
      },
      upload: { kind: 'multipart', uploadId: 'VXBsb2FkSWQ', partSize: 67_108_864, partCount: 33 },
    },
  });

export const PartNumbersSchema = z
  .object({
    parts: z
      .array(
        z.object({
          partNumber: z.number().int().min(1).max(10_000),
          sha256: z
            .string()
            .regex(/^[0-9a-f]{64}$/)
            .openapi({
              description:
                "The part's SHA-256 (64 lower-case hex digits): signed into its URL, so the store refuses any other bytes",
            }),
        }),
      )
      .min(1)
      .max(CATALOGUE_LIMITS.partUrlBatch),
  })
  .openapi('PartUrlRequest', {
    example: {
      parts: [{ partNumber: 1, sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' }],
    },
  });

export const PartUrlsSchema = z
  .object({
    partSize: z.number().int(),
    partCount: z.number().int(),
    parts: z.array(PresignedSchema.extend({ partNumber: z.number().int(), size: z.number().int() })),
  })
  .openapi('PartUrls');

export const UploadedPartsSchema = z
  .object({
    partSize: z.number().int(),
    partCount: z.number().int(),
    parts: z.array(z.object({ partNumber: z.number().int(), size: z.number().int(), etag: z.string() })),
    missing: z.array(z.number().int()),
  })
  .openapi('UploadedParts', {
    example: {
      partSize: 67_108_864,
      partCount: 3,
      parts: [{ partNumber: 1, size: 67_108_864, etag: '"5d41402abc4b2a76b9719d911017c592"' }],
      missing: [2, 3],
    },
  });

export const CompleteFileSchema = z
  .object({
    parts: z
      .array(z.object({ partNumber: z.number().int().min(1).max(10_000), etag: z.string().max(200) }))
      .max(10_000)
      .optional()
      .openapi({ description: 'Multipart only: the parts as the client saw them; must match what S3 holds' }),
  })
  .openapi('CompleteFile', {
    example: { parts: [{ partNumber: 1, etag: '"5d41402abc4b2a76b9719d911017c592"' }] },
  });

// Kept as the domain schema: its object-level refine (spdxId or termsUri required) must survive.
const OfferTermsSchema = offerTermsSchema;
const PriceSchema = z.object(priceSchema.shape).openapi('Price', {
  example: { amount: '25000000', chainId: 31337, currency: '0x5FbDB2315678afecb367f032d93F642f64180aa3' },
});

export const CreateOfferSchema = z
  .object({
    name: z.string().trim().min(1).max(80),
    terms: OfferTermsSchema,
    price: PriceSchema,
    supplyCap: z.number().int().min(1).max(1_000_000_000).nullable().default(null),
    covers: z
      .string()
      .refine((value) => coversSchema.safeParse(value).success, 'must be "latest" or a semantic version')
      .default('latest'),
    active: z.boolean().default(true),
  })
  .openapi('CreateOffer', {
    example: {
      name: 'Commercial, 5 seats',
      terms: {
        commercialUse: true,
        derivatives: 'allowed',
        attribution: true,
        durationDays: 365,
        seats: 5,
        transferable: false,
        spdxId: 'OpenRAIL-M',
      },
      price: { amount: '25000000', chainId: 31337, currency: '0x5FbDB2315678afecb367f032d93F642f64180aa3' },
      supplyCap: 100,
      covers: 'latest',
      active: true,
    },
  });
export const OfferPatchSchema = z
  .object(offerPatchSchema.shape)
  .openapi('OfferPatch', { example: { active: false } });

export const OfferSchema = offerViewSchema
  .extend({
    terms: OfferTermsSchema,
    price: PriceSchema,
    frozen: z
      .boolean()
      .openapi({ description: 'True once a licence has sold: terms, price, covers, supplyCap fixed' }),
    market: z
      .object(offerMarketViewSchema.shape)
      .nullable()
      .openapi({
        description:
          "The offer's sale through its chain's marketplace contract, null when the chain has none: " +
          "`signed` while the owner's signature names the current revision and has not expired " +
          '(GET …/typed-data, PUT …/signature)',
        example: { signed: true, revision: 3, validUntil: '2027-11-25T10:00:00.000Z', offerDigest: HASH },
      }),
  })
  .openapi('Offer');

export const ModelDetailSchema = z
  .object({ model: ModelSchema, versions: z.array(VersionSchema), offers: z.array(OfferSchema) })
  .openapi('ModelDetail');

/** The browse view of shared/domain/catalogue/listing.ts, prices shown as the `Price` component. */
export const ListingSchema = listingViewSchema
  .extend({ offers: z.array(listingOfferSchema.extend({ price: PriceSchema })) })
  .openapi('ModelListing');

export const BrowseQuery = PageQuery.extend({
  task: z.string().max(64).optional().openapi({ example: 'text-generation' }),
  tag: z.string().max(32).optional().openapi({ example: 'llm' }),
  owner: personAddressSchema('any-case')
    .optional()
    .openapi({ description: "The owner's address (any case)", example: OWNER }),
  q: z
    .string()
    .max(200)
    .optional()
    .openapi({ description: 'Whole-word keywords from name, task and tags (AND)', example: 'llama chat' }),
  commercialUse: z
    .enum(['true', 'false'])
    .optional()
    .openapi({ description: 'Has an active offer with this flag' }),
  chainId: z.coerce.number().int().positive().optional(),
  currency: z.string().max(42).optional().openapi({ description: '"native" or an ERC-20 address' }),
  maxPrice: z
    .string()
    .refine((value) => amountSchema.safeParse(value).success, 'must be an integer amount in base units')
    .optional()
    .openapi({ description: 'Base units; needs currency' }),
});

export function listOf<T extends ZodType>(schema: T, name: string) {
  return z.object({ items: z.array(schema), nextCursor: z.string().nullable() }).openapi(name);
}
