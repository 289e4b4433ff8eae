/**
 * Licence tokens: EIP-712 typed data signed by the marketplace's licence key, so anyone can verify a
 * licence offline with the published signer address and domain (GET /.well-known/model-commons.json).
 *
 * Domain: { name: "Model Commons", version: "1", chainId } — no verifyingContract (nothing on-chain
 * verifies licences today). chainId is ONE fixed chain for every licence (config `licenceChainId`,
 * the marketplace's home chain), not the chain a licence was paid on: the signer and domain are
 * published once, verifiers need no per-licence context, and a future on-chain registry on that chain
 * can check the same signatures. Changing it (or the name/version) invalidates every issued token.
 *
 * Token string: base64url (no padding) of the UTF-8 JSON
 *   {"v":1,"domain":{...},"message":{...},"signature":"0x…65 bytes"}
 * — self-describing: `ethers.verifyTypedData(domain, LICENCE_TYPES, message, signature)` recovers the
 * signer, which must equal the published one. issuedAt/expiresAt are epoch seconds; expiresAt 0 means
 * perpetual.
 *
 * `verifyLicenceToken` is pure (signature, signer, domain, clock). Revocation and transfer live in the
 * database: the service combines this verdict with the stored state (`licenceVerdict`).
 * ethers is imported lazily: this module is loaded by the API at start-up.
 */
import { z } from 'zod';
import { type Address, isAddressLike, toChecksumAddress } from '#domain/address.js';
import { InvalidInputError } from '#domain/errors.js';
import { effectiveLicenceState, type LicenceState } from './licence-state.js';

export const LICENCE_DOMAIN_NAME = 'Model Commons';
/** 2: the Licence type names its ERC-721 token (tokenChainId, tokenContract, tokenId). */
export const LICENCE_DOMAIN_VERSION = '2';

/** The EIP-712 types (published as-is in the well-known document). */
export const LICENCE_TYPES = {
  Licence: [
    { name: 'licenceId', type: 'string' },
    { name: 'modelId', type: 'string' },
    { name: 'offerId', type: 'string' },
    { name: 'licensee', type: 'address' },
    { name: 'termsHash', type: 'bytes32' },
    { name: 'manifestHash', type: 'bytes32' },
    { name: 'issuedAt', type: 'uint64' },
    { name: 'expiresAt', type: 'uint64' },
    { name: 'tokenChainId', type: 'uint256' },
    { name: 'tokenContract', type: 'address' },
    { name: 'tokenId', type: 'uint256' },
  ],
} as const;
export const LICENCE_PRIMARY_TYPE = 'Licence';

export interface LicenceDomain {
  name: typeof LICENCE_DOMAIN_NAME;
  version: typeof LICENCE_DOMAIN_VERSION;
  chainId: number;
}

/** The marketplace's EIP-712 domain for licences on `chainId` (the configured licence chain). */
export function licenceDomain(chainId: number): LicenceDomain {
  return { name: LICENCE_DOMAIN_NAME, version: LICENCE_DOMAIN_VERSION, chainId };
}

const bytes32 = z.string().regex(/^0x[0-9a-f]{64}$/, 'must be 0x + 64 lower-case hex digits');
const id = z.string().min(1).max(200);
const epochSeconds = z
  .number()
  .int()
  .min(0)
  .max(2 ** 53 - 1);

export const licenceClaimsSchema = z.strictObject({
  licenceId: id,
  modelId: id,
  offerId: id,
  licensee: z
    .string()
    .refine((value) => isAddressLike(value), 'must be an address')
    .transform((value) => toChecksumAddress(value)),
  termsHash: bytes32,
  manifestHash: bytes32,
  issuedAt: epochSeconds,
  /** 0 = perpetual. */
  expiresAt: epochSeconds,
  /**
   * The licence's ERC-721 token when it was sold through the marketplace contract: the chain, the
   * contract and the token id (decimal). 0 / the zero address / "0" for a licence with no token.
   */
  tokenChainId: z
    .number()
    .int()
    .min(0)
    .max(2 ** 53 - 1)
    .default(0),
  tokenContract: z
    .string()
    .refine((value) => isAddressLike(value), 'must be an address')
    .transform((value) => toChecksumAddress(value))
    .default('0x0000000000000000000000000000000000000000'),
  tokenId: z
    .string()
    .regex(/^(0|[1-9]\d{0,77})$/, 'must be a decimal token id')
    .default('0'),
});
/** What a licence token asserts. */
export type LicenceClaims = z.infer<typeof licenceClaimsSchema>;
type TokenField = 'tokenChainId' | 'tokenContract' | 'tokenId';
/** The claims to sign: the token fields may be left out (a licence with no token). */
export type LicenceClaimsInput = Omit<LicenceClaims, TokenField> & Partial<Pick<LicenceClaims, TokenField>>;

/** A 65-byte signature r ‖ s ‖ v. */
const SIGNATURE_HEX = /^0x[0-9a-fA-F]{130}$/;

const tokenSchema = z.strictObject({
  v: z.literal(1),
  domain: z.strictObject({
    name: z.string(),
    version: z.string(),
    chainId: z.number().int().positive(),
  }),
  message: licenceClaimsSchema,
  signature: z.string().regex(SIGNATURE_HEX, 'must be a 65-byte hex signature'),
});
export type DecodedLicenceToken = z.infer<typeof tokenSchema>;

/**
 * Signs a licence token's EIP-712 digest (0x + 32 bytes) with the licence key: the 65-byte signature
 * r ‖ s ‖ v as 0x-hex, s in the lower half of the curve order, v 27 or 28 (what ethers produces).
 */
export type SignLicenceDigest = (digest: string) => Promise<string>;

/**
 * Signs claims into a token string: with a key in memory (`privateKey`, config `licenceSignerKey`),
 * or with `signDigest`, which signs the EIP-712 digest where the key lives (KMS). Both build the same
 * token; only the signature's origin differs.
 */
export async function signLicenceToken(
  claims: LicenceClaimsInput,
  options: { domain: LicenceDomain } & ({ privateKey: string } | { signDigest: SignLicenceDigest }),
): Promise<string> {
  const message = licenceClaimsSchema.parse(claims);
  if (message.expiresAt !== 0 && message.expiresAt <= message.issuedAt) {
    throw new InvalidInputError('expiresAt must be 0 or after issuedAt', { code: 'INVALID_LICENCE' });
  }
  const { SigningKey, TypedDataEncoder } = await import('ethers');
  const digest = TypedDataEncoder.hash(options.domain, { Licence: [...LICENCE_TYPES.Licence] }, message);
  const signature =
    'signDigest' in options
      ? await options.signDigest(digest)
      : new SigningKey(options.privateKey).sign(digest).serialized;
  if (!SIGNATURE_HEX.test(signature)) throw new Error('The licence signer returned a malformed signature');
  const token: DecodedLicenceToken = { v: 1, domain: { ...options.domain }, message, signature };
  return Buffer.from(JSON.stringify(token), 'utf8').toString('base64url');
}

/**
 * Parses a token string without checking its signature.
 * @throws InvalidInputError code LICENCE_TOKEN_MALFORMED
 */
export function decodeLicenceToken(token: string): DecodedLicenceToken {
  const malformed = (cause?: unknown) =>
    new InvalidInputError('Not a licence token', { code: 'LICENCE_TOKEN_MALFORMED', cause });
  if (token.length === 0 || token.length > 4096 || !/^[A-Za-z0-9_-]+$/.test(token)) throw malformed();
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch (error) {
    throw malformed(error);
  }
  const parsed = tokenSchema.safeParse(json);
  if (!parsed.success) throw malformed(parsed.error);
  return parsed.data;
}

export type LicenceTokenReason = 'MALFORMED' | 'WRONG_DOMAIN' | 'INVALID_SIGNATURE' | 'EXPIRED';
export type LicenceTokenCheck =
  | { valid: true; claims: LicenceClaims }
  | { valid: false; reason: LicenceTokenReason; claims?: LicenceClaims };

/**
 * Verifies a token offline: well-formed, made for our domain, signed by `signer`, and not expired at
 * `now`. Revocation and transfer are NOT known here (see `licenceVerdict`).
 */
export async function verifyLicenceToken(
  token: string,
  options: { signer: Address; domain: LicenceDomain; now: Date },
): Promise<LicenceTokenCheck> {
  let decoded: DecodedLicenceToken;
  try {
    decoded = decodeLicenceToken(token);
  } catch {
    return { valid: false, reason: 'MALFORMED' };
  }
  const claims = decoded.message;
  const { domain } = decoded;
  if (
    domain.name !== options.domain.name ||
    domain.version !== options.domain.version ||
    domain.chainId !== options.domain.chainId
  ) {
    return { valid: false, reason: 'WRONG_DOMAIN', claims };
  }
  const { verifyTypedData } = await import('ethers');
  let recovered: string;
  try {
    recovered = verifyTypedData(
      options.domain,
      { Licence: [...LICENCE_TYPES.Licence] },
      claims,
      decoded.signature,
    );
  } catch {
    return { valid: false, reason: 'INVALID_SIGNATURE', claims };
  }
  if (recovered.toLowerCase() !== options.signer.toLowerCase()) {
    return { valid: false, reason: 'INVALID_SIGNATURE', claims };
  }
  if (claims.expiresAt !== 0 && options.now.getTime() >= claims.expiresAt * 1000) {
    return { valid: false, reason: 'EXPIRED', claims };
  }
  return { valid: true, claims };
}

export type LicenceVerdictReason = LicenceTokenReason | 'REVOKED' | 'TRANSFERRED' | 'UNKNOWN_LICENCE';
export type LicenceVerdict =
  | { valid: true; claims: LicenceClaims }
  | { valid: false; reason: LicenceVerdictReason; claims?: LicenceClaims };

/**
 * Combines the offline check with the stored licence (undefined if the id is unknown). A token whose
 * licensee no longer matches the stored holder (e.g. after a transfer) is refused as TRANSFERRED.
 */
export function licenceVerdict(
  check: LicenceTokenCheck,
  stored: { state: LicenceState; expiresAt: number; licensee: Address } | undefined,
  now: Date,
): LicenceVerdict {
  if (!check.valid) return check;
  if (!stored) return { valid: false, reason: 'UNKNOWN_LICENCE', claims: check.claims };
  const state = effectiveLicenceState(stored, now);
  if (state === 'revoked') return { valid: false, reason: 'REVOKED', claims: check.claims };
  if (state === 'transferred' || stored.licensee !== check.claims.licensee) {
    return { valid: false, reason: 'TRANSFERRED', claims: check.claims };
  }
  if (state === 'expired') return { valid: false, reason: 'EXPIRED', claims: check.claims };
  return check;
}

/** The licence signer's address for the well-known document. */
export async function licenceSignerAddress(privateKey: string): Promise<Address> {
  const { computeAddress } = await import('ethers');
  return toChecksumAddress(computeAddress(privateKey));
}
