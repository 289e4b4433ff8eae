/** What sign-in, sessions and API tokens need from storage and from the chain. */
import type { Address } from '#domain/address.js';
import type { Scope } from '#domain/auth/caller.js';
import type { SiweFields } from '#domain/auth/siwe-policy.js';

export interface SessionRecord {
  /** SHA-256 of the session id: a leaked table never yields usable tokens. */
  idHash: string;
  address: Address;
  chainId: number;
  walletKind: 'eoa' | 'contract';
  createdAt: string;
  expiresAt: string;
  revokedAt?: string | undefined;
}

export interface ApiTokenRecord {
  tokenId: string;
  owner: Address;
  chainId: number;
  name: string;
  scopes: Scope[];
  /** SHA-256 of the secret; the secret itself is shown once and never stored. */
  secretHash: string;
  createdAt: string;
  expiresAt: string;
  revokedAt?: string | undefined;
}

export interface AuthRepository {
  saveNonce(nonce: string, expiresAt: Date): Promise<void>;
  /**
   * Deletes the nonce (only if it exists and has not expired at `now`) and writes the session, in one
   * transaction. @throws ConflictError when the nonce is unknown, expired or already used.
   */
  consumeNonceAndCreateSession(nonce: string, now: Date, session: SessionRecord): Promise<void>;
  getSession(idHash: string): Promise<SessionRecord | undefined>;
  revokeSession(idHash: string, at: Date): Promise<void>;
  saveApiToken(record: ApiTokenRecord): Promise<void>;
  getApiToken(tokenId: string): Promise<ApiTokenRecord | undefined>;
  listApiTokens(owner: Address): Promise<ApiTokenRecord[]>;
  /** @returns false when the token does not exist or belongs to someone else. */
  revokeApiToken(owner: Address, tokenId: string, at: Date): Promise<boolean>;
}

/** Parses SIWE messages and checks their signatures (EOA recovery, EIP-1271 contract wallets). */
export interface SiweVerifier {
  /** @throws UnauthorizedError MALFORMED for anything that is not a canonical EIP-4361 message. */
  parse(message: string): Promise<SiweFields>;
  /**
   * Who signed: the address itself (EOA) or its contract wallet (EIP-1271). Call it after the
   * policy checks on `fields`; it checks the signature only.
   * @throws UnauthorizedError SIGNATURE_INVALID.
   */
  verifySignature(message: string, fields: SiweFields, signature: string): Promise<'eoa' | 'contract'>;
}

/** A fixed-window counter shared by every instance (the table), so limits hold across Lambdas. */
export interface RateLimiter {
  hit(
    key: string,
    limit: number,
    windowSeconds: number,
    now: Date,
  ): Promise<{ allowed: boolean; retryAfterSeconds: number }>;
}
