/**
 * Response shapes of the Model Commons API as the client relies on them. Every response is parsed
 * against these at the boundary (the house rule: zod wherever data crosses one), so a server change
 * that would break the CLI fails loudly with UNEXPECTED_RESPONSE instead of a TypeError three calls
 * later. Objects are non-strict: the server may add fields without breaking older clients.
 */
import { z } from 'zod';

export const errorEnvelopeSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

/** 204 or an ignored body. */
export const emptySchema = z.unknown();
export const healthSchema = z.object({ status: z.string() }).passthrough();

export const nonceSchema = z.object({ nonce: z.string(), expiresAt: z.string() });
export const sessionSchema = z.object({
  token: z.string(),
  address: z.string(),
  chainId: z.number(),
  expiresAt: z.string(),
});
export const meSchema = z.object({
  address: z.string(),
  chainId: z.number(),
  authKind: z.enum(['session', 'token']),
  scopes: z.array(z.string()),
});
export const apiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  scopes: z.array(z.string()),
  createdAt: z.string(),
  expiresAt: z.string(),
  revoked: z.boolean(),
});
export const createdApiTokenSchema = z.object({ token: z.string(), apiToken: apiTokenSchema });

const currencySchema = z.object({
  address: z.string(),
  symbol: z.string(),
  decimals: z.number(),
});
export const wellKnownSchema = z.object({
  signer: z.string(),
  eip712Domain: z.object({ name: z.string(), version: z.string(), chainId: z.number() }),
  chains: z
    .array(
      z.object({
        chainId: z.number(),
        payTo: z.string().optional(),
        confirmations: z.number().optional(),
        currencies: z.array(currencySchema).default([]),
      }),
    )
    .default([]),
});

export const splitRecipientSchema = z.object({
  address: z.string(),
  bps: z.number(),
  role: z.string().optional(),
});

export const modelSchema = z.object({
  modelId: z.string(),
  owner: z.string(),
  name: z.string(),
  slug: z.string(),
  description: z.string().default(''),
  task: z.string(),
  tags: z.array(z.string()).default([]),
  framework: z.string().nullish(),
  status: z.string(),
  latestVersion: z.string().nullish(),
  split: z.array(splitRecipientSchema).default([]),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
  publishedAt: z.string().nullish(),
});

export const fileSchema = z.object({
  fileId: z.string(),
  path: z.string(),
  size: z.number(),
  sha256: z.string(),
  contentType: z.string(),
  status: z.enum(['pending', 'uploaded']),
});

export const versionSchema = z.object({
  version: z.string(),
  changelog: z.string().default(''),
  status: z.enum(['uploading', 'ready', 'published']),
  fileCount: z.number().optional(),
  manifestHash: z.string().nullish(),
  createdAt: z.string().optional(),
  publishedAt: z.string().nullish(),
  files: z.array(fileSchema).default([]),
});

export const offerSchema = z.object({
  offerId: z.string(),
  modelId: z.string(),
  name: z.string(),
  terms: z.record(z.string(), z.unknown()),
  price: z.object({ amount: z.string(), chainId: z.number(), currency: z.string() }),
  supplyCap: z.number().nullish(),
  covers: z.string(),
  active: z.boolean(),
  soldCount: z.number().optional(),
  frozen: z.boolean().optional(),
});

/** Detail routes answer either the entity itself or `{model|offer, rev}`; both are accepted. */
export const modelDetailSchema = z.union([
  z.object({
    model: modelSchema,
    rev: z.number().optional(),
    versions: z.array(versionSchema).default([]),
    offers: z.array(offerSchema).default([]),
  }),
  modelSchema.transform((model) => ({ model, versions: [], offers: [] })),
]);
export const modelEnvelopeSchema = z.union([
  z.object({ model: modelSchema }).transform((body) => body.model),
  modelSchema,
]);
export const offerEnvelopeSchema = z.union([
  z.object({ offer: offerSchema }).transform((body) => body.offer),
  offerSchema,
]);

export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullish() });

export const browseItemSchema = z
  .object({ modelId: z.string(), name: z.string(), slug: z.string().optional(), task: z.string().optional() })
  .passthrough();

export const splitSchema = z.object({ recipients: z.array(splitRecipientSchema) });

export const presignedSchema = z.object({
  url: z.string(),
  headers: z.record(z.string(), z.string()).default({}),
  expiresAt: z.string().optional(),
});

export const declaredFileSchema = z.object({
  fileId: z.string(),
  upload: z.discriminatedUnion('kind', [
    presignedSchema.extend({ kind: z.literal('single') }),
    z.object({
      kind: z.literal('multipart'),
      uploadId: z.string().optional(),
      partSize: z.number().int().positive(),
      partCount: z.number().int().positive(),
    }),
  ]),
});

export const completedFileSchema = z.union([
  z.object({ file: fileSchema }).transform((body) => body.file),
  fileSchema,
]);

export const partUrlsSchema = z.object({
  parts: z.array(presignedSchema.extend({ partNumber: z.number().int(), size: z.number().int().optional() })),
});

export const heldPartsSchema = z.object({
  partSize: z.number().int().positive(),
  partCount: z.number().int().positive(),
  parts: z.array(
    z.object({ partNumber: z.number().int(), size: z.number().int(), etag: z.string().optional() }),
  ),
  missing: z.array(z.number().int()).optional(),
});

export const orderSchema = z
  .object({
    id: z.string(),
    status: z.string(),
    modelId: z.string().optional(),
    offerId: z.string().optional(),
    amount: z.string(),
    currency: currencySchema,
    chainId: z.number(),
    payTo: z.string(),
    expiresAt: z.string().optional(),
    txHash: z.string().nullish(),
    licenceId: z.string().nullish(),
  })
  .passthrough();

export const licenceSchema = z
  .object({
    id: z.string(),
    modelId: z.string(),
    offerId: z.string(),
    licensee: z.string(),
    version: z.string().optional(),
    manifestHash: z.string().optional(),
    state: z.string(),
    token: z.string(),
  })
  .passthrough();

export const paymentSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('paid'), licence: licenceSchema, order: orderSchema.optional() }),
  z.object({
    status: z.literal('confirming'),
    confirmations: z.number().optional(),
    required: z.number().optional(),
    order: orderSchema.optional(),
  }),
]);

export const licenceVerdictSchema = z
  .object({ valid: z.boolean(), reason: z.string().optional(), licence: z.unknown().optional() })
  .passthrough();

export const downloadSchema = z.object({
  url: z.string(),
  expiresAt: z.string().optional(),
  size: z.number().optional(),
  sha256: z.string().optional(),
});

export const earningsSchema = z
  .object({
    balances: z.array(z.object({ chainId: z.number(), currency: z.string(), amount: z.string() })),
    history: z.array(z.record(z.string(), z.unknown())).default([]),
  })
  .passthrough();

export type Model = z.infer<typeof modelSchema>;
export type ModelDetail = z.infer<typeof modelDetailSchema>;
export type ArtifactFileView = z.infer<typeof fileSchema>;
export type VersionView = z.infer<typeof versionSchema>;
export type Offer = z.infer<typeof offerSchema>;
export type DeclaredFile = z.infer<typeof declaredFileSchema>;
export type HeldParts = z.infer<typeof heldPartsSchema>;
export type PartUrl = z.infer<typeof partUrlsSchema>['parts'][number];
export type Order = z.infer<typeof orderSchema>;
export type PaymentResult = z.infer<typeof paymentSchema>;
export type Licence = z.infer<typeof licenceSchema>;
export type WellKnown = z.infer<typeof wellKnownSchema>;
export type Me = z.infer<typeof meSchema>;
