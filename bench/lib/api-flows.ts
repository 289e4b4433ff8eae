/**
 * What a client does, through the app's public HTTP API (in process, `app.request`): sign in with
 * SIWE and publish a model with one uploaded file and one offer. Benchmarks use these to build the
 * state they then measure, so that state is exactly what the product writes.
 */
import { createHash, randomBytes } from 'node:crypto';
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

export interface PublishOptions {
  chainId: number;
  /** "native" or an ERC-20 address. */
  currency: string;
  price: string;
  name?: string;
  task?: string;
  tags?: string[];
}

/** Model → version 1.0.0 with one 4 KiB file (presigned PUT, verified) → offer → published. */
export async function publishModel(
  app: AnyApp,
  owner: SignedIn,
  options: PublishOptions,
): Promise<{ modelId: string; offerId: string }> {
  const as = { headers: owner.headers };
  const slug = `m-${randomBytes(6).toString('hex')}`;
  const model = await call(app, 'POST', '/models', {
    ...as,
    body: {
      name: options.name ?? `Bench ${slug}`,
      slug,
      description: 'A model created by a benchmark',
      task: options.task ?? 'text-generation',
      tags: options.tags ?? ['bench'],
    },
  });
  const modelId: string = model.id ?? model.modelId;
  const versions = `/models/${modelId}/versions`;
  await call(app, 'POST', versions, { ...as, body: { version: '1.0.0', changelog: 'first' } });
  const bytes = randomBytes(4096);
  const declared = await call(app, 'POST', `${versions}/1.0.0/files`, {
    ...as,
    body: {
      path: 'weights/model.bin',
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      contentType: 'application/octet-stream',
    },
  });
  const put = await fetch(declared.upload.url, {
    method: 'PUT',
    headers: declared.upload.headers,
    body: bytes,
  });
  if (put.status !== 200) throw new Error(`upload failed: ${put.status}`);
  await call(app, 'POST', `${versions}/1.0.0/files/${declared.fileId}/complete`, { ...as, body: {} });
  await call(app, 'POST', `${versions}/1.0.0/publish`, as);
  const offer = await call(app, 'POST', `/models/${modelId}/offers`, {
    ...as,
    body: {
      name: 'Standard',
      terms: {
        commercialUse: true,
        derivatives: 'allowed',
        attribution: true,
        durationDays: null,
        seats: 5,
        transferable: false,
        spdxId: 'OpenRAIL-M',
      },
      price: { amount: options.price, chainId: options.chainId, currency: options.currency },
      supplyCap: null,
      covers: 'latest',
    },
  });
  await call(app, 'POST', `/models/${modelId}/publish`, as);
  return { modelId, offerId: offer.id ?? offer.offerId };
}
