/**
 * What a client does, through the app's public HTTP API (in process, `app.request`): sign in with
 * SIWE. Benchmarks use it (and test/helpers/publish-flow.ts, shared with the tests, to publish a
 * model) to build the state they then measure, so that state is exactly what the product writes.
 */
import { Wallet } from 'ethers';
import type { Hono } from 'hono';
import { SiweMessage } from 'siwe';

// biome-ignore lint/suspicious/noExplicitAny: any Hono app built by createApp.
export type AnyApp = Hono<any, any, any>;

export interface SignedIn {
  token: string;
  address: string;
  wallet: Wallet;
  headers: Record<string, string>;
}

/** A JSON API call that must answer one of `expected`; the parsed body. */
export async function call(
  app: AnyApp,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: unknown; expected?: number[] } = {},
  // biome-ignore lint/suspicious/noExplicitAny: benchmarks navigate API JSON loosely.
): Promise<any> {
  const response = await app.request(path, {
    method,
    headers: {
      ...options.headers,
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  if (!(options.expected ?? [200, 201]).includes(response.status)) {
    throw new Error(`${method} ${path} → ${response.status} ${text}`);
  }
  return text ? JSON.parse(text) : undefined;
}

/** The EIP-4361 message a frontend served from `origin` would ask the wallet to sign. */
export function siweMessage(origin: string, address: string, chainId: number, nonce: string): string {
  const url = new URL(origin);
  return new SiweMessage({
    scheme: url.protocol.replace(':', ''),
    domain: url.host,
    address,
    statement: 'Sign in to Model Commons',
    uri: origin,
    version: '1',
    chainId,
    nonce,
    issuedAt: new Date().toISOString(),
  }).prepareMessage();
}

export async function signIn(
  app: AnyApp,
  settings: { origin: string; chainId: number },
  wallet: Wallet = new Wallet(Wallet.createRandom().privateKey),
): Promise<SignedIn> {
  const { nonce } = await call(app, 'GET', '/auth/nonce');
  const message = siweMessage(settings.origin, wallet.address, settings.chainId, nonce);
  const { token, address } = await call(app, 'POST', '/auth/verify', {
    body: { message, signature: await wallet.signMessage(message) },
  });
  return { token, address, wallet, headers: { authorization: `Bearer ${token}` } };
}
