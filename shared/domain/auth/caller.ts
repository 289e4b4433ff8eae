/** Who is calling: the authenticated principal that routes authorize against. */
import type { Address } from '#domain/address.js';

/** API-token scopes. Sessions (wallet sign-in) carry every scope. */
export const SCOPES = ['read', 'publish', 'purchase'] as const;
export type Scope = (typeof SCOPES)[number];

export interface Caller {
  /** EIP-55 checksummed address of the wallet that signed in (or that owns the API token). */
  address: Address;
  /** Chain id of the sign-in (API tokens inherit the chain of the session that created them). */
  chainId: number;
  authKind: 'session' | 'token';
  scopes: readonly Scope[];
  /** Session id or API-token id: what logout/revocation acts on. */
  credentialId: string;
}
