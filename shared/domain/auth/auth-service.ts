/**
 * Sign-In with Ethereum, sessions and API tokens. The service decides; storage, signature checks
 * and rate limiting are ports injected by the composition root.
 */

import type { Address } from '#domain/address.js';
import {
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  PayloadTooLargeError,
  RateLimitedError,
  UnauthorizedError,
} from '#domain/errors.js';
import type { ApiTokenRecord, AuthRepository, RateLimiter, SiweVerifier } from '#ports/auth.js';
import type { Clock } from '#ports/clock.js';
import type { Caller, Scope } from './caller.js';
import { SCOPES } from './caller.js';
import {
  isApiToken,
  isSessionToken,
  mintApiToken,
  mintNonce,
  mintSessionToken,
  parseApiToken,
  type SigningKey,
  sameDigest,
  verifySessionToken,
} from './credentials.js';
import { assertPrintable, enforceSiwePolicy, type SiwePolicy, siweFailure } from './siwe-policy.js';

export interface AuthSettings extends SiwePolicy {
  sessionKeys: readonly SigningKey[];
  nonceTtlSeconds: number;
  sessionTtlSeconds: number;
  maxMessageBytes: number;
  maxTokenDays: number;
  maxTokensPerAccount: number;
  /** Requests per client per window on /auth/*. */
  authRateLimit: number;
  authRateWindowSeconds: number;
}

export interface SignInResult {
  token: string;
  address: Address;
  chainId: number;
  expiresAt: string;
}

export interface ApiTokenView {
  id: string;
  name: string;
  scopes: Scope[];
  createdAt: string;
  expiresAt: string;
  revoked: boolean;
}

const toView = (record: ApiTokenRecord): ApiTokenView => ({
  id: record.tokenId,
  name: record.name,
  scopes: record.scopes,
  createdAt: record.createdAt,
  expiresAt: record.expiresAt,
  revoked: record.revokedAt !== undefined,
});

export class AuthService {
  constructor(
    private readonly repository: AuthRepository,
    private readonly siwe: SiweVerifier,
    private readonly rateLimiter: RateLimiter,
    private readonly clock: Clock,
    private readonly settings: AuthSettings,
  ) {}

  /** Counts a request from `client` against the /auth/* limit. @throws RateLimitedError (429). */
  async throttle(client: string): Promise<void> {
    const { allowed, retryAfterSeconds } = await this.rateLimiter.hit(
      `auth:${client}`,
      this.settings.authRateLimit,
      this.settings.authRateWindowSeconds,
      this.clock.now(),
    );
    if (!allowed) throw new RateLimitedError('Too many sign-in requests; slow down', retryAfterSeconds);
  }

  /** A fresh single-use nonce for a SIWE message. */
  async issueNonce(): Promise<{ nonce: string; expiresAt: string }> {
    const nonce = mintNonce();
    const expiresAt = new Date(this.clock.now().getTime() + this.settings.nonceTtlSeconds * 1000);
    await this.repository.saveNonce(nonce, expiresAt);
    return { nonce, expiresAt: expiresAt.toISOString() };
  }

  /**
   * Verifies a signed SIWE message and opens a session. Every rule runs before the nonce is consumed,
   * so a forged request cannot burn someone else's nonce; the nonce delete and the session write are
   * one transaction, so a nonce works exactly once even under parallel submissions.
   */
  async signIn(message: string, signature: string): Promise<SignInResult> {
    if (Buffer.byteLength(message, 'utf8') > this.settings.maxMessageBytes) {
      throw new PayloadTooLargeError(`The SIWE message exceeds ${this.settings.maxMessageBytes} bytes`, {
        code: 'MESSAGE_TOO_LARGE',
      });
    }
    assertPrintable(message);
    if (!/^0x[0-9a-fA-F]+$/.test(signature) || signature.length > 2 + 2 * 4096) {
      throw siweFailure('SIGNATURE_INVALID', 'The signature is not a hex string');
    }
    const fields = await this.siwe.parse(message);
    const now = this.clock.now();
    const { expiresAtMs } = enforceSiwePolicy(fields, this.settings, now);
    const walletKind = await this.siwe.verifySignature(message, fields, signature);

    const cap = now.getTime() + this.settings.sessionTtlSeconds * 1000;
    const expiresAt = new Date(Math.min(cap, expiresAtMs ?? cap));
    const { token, idHash } = mintSessionToken(this.settings.sessionKeys);
    try {
      await this.repository.consumeNonceAndCreateSession(fields.nonce, now, {
        idHash,
        address: fields.address as Address,
        chainId: fields.chainId,
        walletKind,
        createdAt: now.toISOString(),
        expiresAt: expiresAt.toISOString(),
      });
    } catch (error) {
      if (error instanceof ConflictError) {
        throw siweFailure('NONCE_INVALID', 'The nonce is unknown, expired or already used');
      }
      throw error;
    }
    return {
      token,
      address: fields.address as Address,
      chainId: fields.chainId,
      expiresAt: expiresAt.toISOString(),
    };
  }

  /**
   * The caller behind a bearer credential (session token or API token).
   * @throws UnauthorizedError for a malformed, unknown, expired or revoked credential.
   */
  async authenticate(credential: string): Promise<Caller> {
    const now = this.clock.now();
    if (isSessionToken(credential)) {
      const idHash = verifySessionToken(credential, this.settings.sessionKeys);
      const session = await this.repository.getSession(idHash);
      if (!session || session.revokedAt) {
        throw new UnauthorizedError('The session was signed out or does not exist', {
          code: 'SESSION_REVOKED',
        });
      }
      if (Date.parse(session.expiresAt) <= now.getTime()) {
        throw new UnauthorizedError('The session has expired', { code: 'SESSION_EXPIRED' });
      }
      return {
        address: session.address,
        chainId: session.chainId,
        authKind: 'session',
        scopes: SCOPES,
        credentialId: idHash,
      };
    }
    if (isApiToken(credential)) {
      const { tokenId, secretHash } = parseApiToken(credential);
      const record = await this.repository.getApiToken(tokenId);
      if (!record || !sameDigest(record.secretHash, secretHash)) {
        throw new UnauthorizedError('The API token is invalid', { code: 'TOKEN_INVALID' });
      }
      if (record.revokedAt)
        throw new UnauthorizedError('The API token was revoked', { code: 'TOKEN_REVOKED' });
      if (Date.parse(record.expiresAt) <= now.getTime()) {
        throw new UnauthorizedError('The API token has expired', { code: 'TOKEN_EXPIRED' });
      }
      return {
        address: record.owner,
        chainId: record.chainId,
        authKind: 'token',
        scopes: record.scopes,
        credentialId: tokenId,
      };
    }
    throw new UnauthorizedError('Unrecognised credential', { code: 'CREDENTIAL_INVALID' });
  }

  /** Signs out: the session stops working everywhere at once. API tokens are revoked with revokeApiToken. */
  async signOut(caller: Caller): Promise<void> {
    if (caller.authKind !== 'session') {
      throw new ForbiddenError(
        'Sign out with a session; revoke API tokens with DELETE /me/tokens/{tokenId}',
        {
          code: 'SESSION_REQUIRED',
        },
      );
    }
    await this.repository.revokeSession(caller.credentialId, this.clock.now());
  }

  /** Creates an API token for scripts. Only a wallet session may mint tokens (a token cannot mint more). */
  async createApiToken(
    caller: Caller,
    input: { name: string; scopes: Scope[]; expiresInDays: number },
  ): Promise<{ token: string; apiToken: ApiTokenView }> {
    if (caller.authKind !== 'session') {
      throw new ForbiddenError('API tokens can only be created from a wallet session', {
        code: 'SESSION_REQUIRED',
      });
    }
    if (input.expiresInDays > this.settings.maxTokenDays) {
      throw new InvalidInputError(`expiresInDays must be at most ${this.settings.maxTokenDays}`);
    }
    const existing = await this.repository.listApiTokens(caller.address);
    const now = this.clock.now();
    const live = existing.filter((token) => !token.revokedAt && Date.parse(token.expiresAt) > now.getTime());
    if (live.length >= this.settings.maxTokensPerAccount) {
      throw new ConflictError(`At most ${this.settings.maxTokensPerAccount} active API tokens per account`, {
        code: 'TOKEN_LIMIT_REACHED',
      });
    }
    const minted = mintApiToken();
    const record: ApiTokenRecord = {
      tokenId: minted.tokenId,
      owner: caller.address,
      chainId: caller.chainId,
      name: input.name,
      scopes: [...new Set(input.scopes)],
      secretHash: minted.secretHash,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + input.expiresInDays * 86_400_000).toISOString(),
    };
    await this.repository.saveApiToken(record);
    return { token: minted.token, apiToken: toView(record) };
  }

  async listApiTokens(caller: Caller): Promise<ApiTokenView[]> {
    return (await this.repository.listApiTokens(caller.address)).map(toView);
  }

  /** Revokes one of the caller's tokens; someone else's token is reported as not found. */
  async revokeApiToken(caller: Caller, tokenId: string): Promise<void> {
    // A leaked token must not be able to revoke the owner's other tokens: that takes the wallet.
    if (caller.authKind !== 'session') {
      throw new ForbiddenError('API tokens can only be revoked from a wallet session', {
        code: 'SESSION_REQUIRED',
      });
    }
    const revoked = await this.repository.revokeApiToken(caller.address, tokenId, this.clock.now());
    if (!revoked) throw new NotFoundError('No such API token', { code: 'TOKEN_NOT_FOUND' });
  }
}
