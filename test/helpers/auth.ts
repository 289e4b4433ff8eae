/**
 * Real Sign-In with Ethereum for tests: fetch a nonce from the app, build an EIP-4361 message with
 * siwe, sign it with an ethers wallet, and post it to /auth/verify.
 */
import { Wallet } from 'ethers';
import type { Hono } from 'hono';
import { SiweMessage } from 'siwe';
import { json } from './http.js';
import { stack } from './stack.js';

// biome-ignore lint/suspicious/noExplicitAny: any Hono app built by createApp.
type AnyApp = Hono<any, any, any>;

export interface SiweFieldOverrides {
  scheme?: string;
  domain?: string;
  uri?: string;
  address?: string;
  chainId?: number;
  nonce?: string;
  issuedAt?: string;
  expirationTime?: string;
  notBefore?: string;
  statement?: string;
}

/** The EIP-4361 message a frontend on http://localhost:3000 would build. */
export function siweMessage(address: string, nonce: string, overrides: SiweFieldOverrides = {}): string {
  return new SiweMessage({
    scheme: 'http',
    domain: 'localhost:3000',
    address,
    statement: 'Sign in to Model Commons',
    uri: 'http://localhost:3000',
    version: '1',
    chainId: stack().chainId,
    nonce,
    issuedAt: new Date().toISOString(),
    ...overrides,
  }).prepareMessage();
}

export async function fetchNonce(app: AnyApp): Promise<string> {
  const response = await app.request('/auth/nonce');
  if (response.status !== 200) throw new Error(`nonce: ${response.status} ${await response.text()}`);
  return (await json(response)).nonce;
}

export interface SignedIn {
  token: string;
  address: string;
  wallet: Wallet;
  /** `Authorization: Bearer …` for app.request. */
  headers: Record<string, string>;
}

/** Signs in with `wallet` (a fresh random one by default) and returns the bearer credentials. */
export async function signIn(
  app: AnyApp,
  wallet: Wallet = new Wallet(Wallet.createRandom().privateKey),
): Promise<SignedIn> {
  const nonce = await fetchNonce(app);
  const message = siweMessage(wallet.address, nonce);
  const signature = await wallet.signMessage(message);
  const response = await app.request('/auth/verify', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ message, signature }),
  });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  const { token, address } = await json(response);
  return { token, address, wallet, headers: { authorization: `Bearer ${token}` } };
}

/** Creates an API token with the given scopes for a signed-in user. */
export async function createApiToken(
  app: AnyApp,
  user: SignedIn,
  scopes: string[],
): Promise<Record<string, string>> {
  const response = await app.request('/me/tokens', {
    method: 'POST',
    headers: { ...user.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'test', scopes, expiresInDays: 1 }),
  });
  if (response.status !== 201) throw new Error(`token: ${response.status} ${await response.text()}`);
  return { authorization: `Bearer ${(await json(response)).token}` };
}
