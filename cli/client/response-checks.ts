/**
 * Run-time checks of the response fields the CLI acts on. The types come from the generated
 * `openapi.ts`, but a type is only a compile-time promise: a different or broken server (a proxy's
 * HTML page, an older API) would otherwise surface as a TypeError three calls later, or as a wrong
 * upload, a wrong payment, a garbage credential saved to disk. So each response the CLI *acts on*
 * (stores, signs, uploads to, pays, branches on) is checked here, and only those fields; a failure is
 * an `UNEXPECTED_RESPONSE` ApiError. Everything else is trusted as typed, because the CLI only prints
 * it (models, listings, offers, splits, API tokens): a wrong field there shows as a wrong line, no
 * more. Each check is tied to its generated type (`satisfies Check<T>`), so a check cannot ask for a
 * field or a type the contract does not promise. Objects stay open: new fields never break a client.
 */
import { z } from 'zod';
import type { components } from './openapi.js';

type Schemas = components['schemas'];

/** Any subset of T's fields, at any depth, with T's own types. */
type Subset<T> = T extends readonly (infer Item)[]
  ? Subset<Item>[]
  : T extends object
    ? { [K in keyof T]?: Subset<T[K]> }
    : T;

/** A zod schema whose every value is a subset of T. */
type Check<T> = z.ZodType<Subset<T>>;

const count = z.number().int().nonnegative();

/** `login`: the credential saved to disk. */
export const sessionCheck = z.object({
  token: z.string().min(1),
  address: z.string(),
  chainId: z.number().int(),
  expiresAt: z.string(),
}) satisfies Check<Schemas['Session']>;

/** `login --token`: the identity saved with the token. */
export const meCheck = z.object({
  address: z.string(),
  chainId: z.number().int(),
  authKind: z.enum(['session', 'token']),
}) satisfies Check<Schemas['Me']>;

/** Signed into the EIP-4361 message. */
export const nonceCheck = z.object({ nonce: z.string().min(1) }) satisfies Check<Schemas['Nonce']>;

/** The chain to sign in on, currencies to price offers in, the licence signer to verify against. */
export const wellKnownCheck = z.object({
  signer: z.string(),
  eip712Domain: z.object({ name: z.string(), version: z.string(), chainId: z.number().int() }),
  chains: z.array(
    z.object({
      chainId: z.number().int(),
      // Optional: an API from before the marketplace contract does not list it.
      market: z.string().nullable().optional(),
      currencies: z.array(z.object({ address: z.string(), symbol: z.string(), decimals: count })),
    }),
  ),
}) satisfies Check<Schemas['WellKnown']>;

const fileCheck = z.object({
  fileId: z.string().min(1),
  path: z.string(),
  size: count,
  sha256: z.string(),
  contentType: z.string(),
  status: z.enum(['pending', 'uploaded']),
}) satisfies Check<Schemas['ArtifactFile']>;

/** `push` decides from these which files to keep, resume, remove or upload, and when it is done. */
export const versionCheck = z.object({
  status: z.enum(['uploading', 'ready', 'published']),
  manifestHash: z.string().nullable(),
  files: z.array(fileCheck),
}) satisfies Check<Schemas['Version']>;

export const completedFileCheck = z.object({
  status: z.enum(['pending', 'uploaded']),
}) satisfies Check<Schemas['ArtifactFile']>;

const presigned = { url: z.string().url(), headers: z.record(z.string(), z.string()) };

/** Where and how `push` uploads a file's bytes. */
export const declaredFileCheck = z.object({
  fileId: z.string().min(1),
  upload: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('single'), ...presigned }),
    z.object({
      kind: z.literal('multipart'),
      partSize: z.number().int().positive(),
      partCount: z.number().int().positive(),
    }),
    z.object({ kind: z.literal('reused') }),
  ]),
}) satisfies Check<Schemas['DeclaredFile']>;

export const partUrlsCheck = z.object({
  parts: z.array(z.object({ partNumber: z.number().int().positive(), ...presigned })),
}) satisfies Check<Schemas['PartUrls']>;

/** The parts a resumed `push` skips. */
export const heldPartsCheck = z.object({
  partSize: z.number().int().positive(),
  partCount: z.number().int().positive(),
  parts: z.array(z.object({ partNumber: z.number().int().positive(), size: count })),
}) satisfies Check<Schemas['UploadedParts']>;

const baseUnits = z.string().regex(/^(0|[1-9]\d*)$/);
const hexBytes = z.string().regex(/^0x([0-9a-fA-F]{2})*$/);

/** A transaction a wallet sends as the API describes it (`buy`, `market register`, `earnings --withdraw`). */
const walletCall = { to: z.string(), data: hexBytes, value: baseUnits };

/** EIP-712 typed data the CLI signs with the local key. */
const typedDataCheck = z.object({
  domain: z.object({
    name: z.string(),
    version: z.string(),
    chainId: z.number().int(),
    verifyingContract: z.string(),
  }),
  types: z.record(z.string(), z.array(z.object({ name: z.string(), type: z.string() }))),
  primaryType: z.string(),
  message: z.record(z.string(), z.string()),
});

/** `market register` sends these calls from the owner's wallet. */
export const modelMarketCheck = z.object({
  chainId: z.number().int(),
  market: z.string(),
  owner: z.string(),
  calls: z.array(z.object({ ...walletCall, description: z.string() })),
}) satisfies Check<Schemas['ModelMarket']>;

/** `offers sign` signs this and sends back its `validUntil` and `maxFeeBps`. */
export const offerTypedDataCheck = z.object({
  domain: typedDataCheck.shape.domain,
  types: typedDataCheck.shape.types,
  primaryType: z.literal('Offer'),
  message: z.object({ validUntil: z.string().regex(/^[1-9]\d*$/), maxFeeBps: count }),
}) satisfies Check<Schemas['OfferTypedData']>;

/** What `buy` sends to the market: the calls, or the signed offer and authorization it encodes itself. */
const saleCheck = z.object({
  contract: z.string(),
  offer: z.object({ currency: z.string(), price: baseUnits }),
  offerSignature: hexBytes,
  authorization: z.object({ buyer: z.string() }),
  authorizationSignature: hexBytes,
  payWithSignature: z
    .object({
      permit: z.object({ typedData: typedDataCheck, deadline: baseUnits }).optional(),
      receiveWithAuthorization: z
        .object({
          typedData: typedDataCheck,
          validAfter: baseUnits,
          validBefore: baseUnits,
          nonce: hexBytes,
        })
        .optional(),
    })
    .optional(),
  calls: z.array(z.object({ ...walletCall, description: z.string() })),
});

/** What a buyer pays, to whom, on which chain, and through which contract. */
export const orderCheck = z.object({
  id: z.string().min(1),
  amount: baseUnits,
  chainId: z.number().int(),
  currency: z.object({ address: z.string(), symbol: z.string(), decimals: count }),
  sale: saleCheck,
}) satisfies Check<Schemas['Order']>;

export const paymentCheck = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('paid'),
    licence: z.object({ id: z.string(), token: z.string().min(1) }),
  }),
  z.object({ status: z.literal('confirming'), confirmations: count, required: count }),
]) satisfies Check<Schemas['PaymentPaid'] | Schemas['PaymentConfirming']>;

/** `licences verify --online` exits 7 on `valid: false`. */
export const verdictCheck = z.object({
  valid: z.boolean(),
  reason: z.string().optional(),
}) satisfies z.ZodType<Pick<Schemas['LicenceVerdict'], 'valid'> & { reason?: string | undefined }>;

/** The presigned GET the bytes come from, and what they must hash to. */
export const downloadCheck = z.object({
  url: z.string().url(),
  size: count,
  sha256: z.string(),
}) satisfies Check<Schemas['Download']>;

/** `earnings --withdraw` sends each `withdraw` transaction. */
export const earningsCheck = z.object({
  onChain: z.array(
    z.object({
      chainId: z.number().int(),
      market: z.string(),
      currency: z.string(),
      withdrawable: baseUnits,
      awaitingDistribution: baseUnits,
      withdraw: z.object(walletCall).nullable(),
    }),
  ),
}) satisfies Check<Schemas['Earnings']>;

/** Non-2xx bodies: the API's error envelope, or anything else (a proxy's page, a load balancer's). */
export const errorEnvelopeCheck = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
}) satisfies Check<Schemas['Error']>;

/**
 * Every other answer with a body: a JSON object, nothing more asked (the CLI only prints it), so an
 * empty 200 still fails here as UNEXPECTED_RESPONSE and not as a TypeError in a command.
 */
export const anyObjectCheck = z.object({});

/** Answers the client ignores (204 No Content). */
export const noBodyCheck = z.unknown();
