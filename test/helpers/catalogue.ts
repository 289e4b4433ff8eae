/**
 * Builds catalogue state through the public HTTP API, as a creator would: model, version, one small
 * file uploaded by presigned PUT, an offer, a split, published. For purchase tests.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Hono } from 'hono';
import type { SignedIn } from './auth.js';
import { json } from './http.js';
import { stack } from './stack.js';

// biome-ignore lint/suspicious/noExplicitAny: any Hono app built by createApp.
type AnyApp = Hono<any, any, any>;

export interface PublishedModel {
  modelId: string;
  offerId: string;
  version: string;
  path: string;
  bytes: Buffer;
}

export interface ModelOptions {
  price?: string;
  /** 'native' or an ERC-20 address; the stablecoin by default. */
  currency?: string;
  supplyCap?: number | null;
  transferable?: boolean;
  durationDays?: number | null;
  split?: Array<{ address: string; bps: number; role?: string }>;
}

async function call(
  app: AnyApp,
  user: SignedIn,
  method: string,
  path: string,
  body?: unknown,
  expected = [200, 201],
) {
  const response = await app.request(path, {
    method,
    headers: { ...user.headers, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!expected.includes(response.status)) {
    throw new Error(`${method} ${path} → ${response.status} ${await response.text()}`);
  }
  return response.status === 204 ? undefined : json(response);
}

export async function createPublishedModel(
  app: AnyApp,
  owner: SignedIn,
  options: ModelOptions = {},
): Promise<PublishedModel> {
  const slug = `m-${randomBytes(6).toString('hex')}`;
  const model = await call(app, owner, 'POST', '/models', {
    name: `Model ${slug}`,
    slug,
    description: 'A test model',
    task: 'text-generation',
    tags: ['test'],
  });
  const modelId: string = model.id ?? model.modelId;
  const version = '1.0.0';
  await call(app, owner, 'POST', `/models/${modelId}/versions`, { version, changelog: 'first' });
  const bytes = randomBytes(4096);
  const path = 'weights/model.bin';
  const declared = await call(app, owner, 'POST', `/models/${modelId}/versions/${version}/files`, {
    path,
    size: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    contentType: 'application/octet-stream',
  });
  const put = await fetch(declared.upload.url, {
    method: 'PUT',
    headers: declared.upload.headers,
    body: bytes,
  });
  if (put.status !== 200) throw new Error(`upload failed: ${put.status}`);
  await call(
    app,
    owner,
    'POST',
    `/models/${modelId}/versions/${version}/files/${declared.fileId}/complete`,
    {},
  );
  await call(app, owner, 'POST', `/models/${modelId}/versions/${version}/publish`);
  if (options.split) await call(app, owner, 'PUT', `/models/${modelId}/split`, { recipients: options.split });
  const offer = await call(app, owner, 'POST', `/models/${modelId}/offers`, {
    name: 'Standard',
    terms: {
      commercialUse: true,
      derivatives: 'allowed',
      attribution: true,
      durationDays: options.durationDays === undefined ? null : options.durationDays,
      seats: 5,
      transferable: options.transferable ?? false,
      spdxId: 'OpenRAIL-M',
    },
    price: {
      amount: options.price ?? '25000000',
      chainId: stack().chainId,
      currency: options.currency ?? stack().stablecoin,
    },
    supplyCap: options.supplyCap ?? null,
    covers: 'latest',
  });
  await call(app, owner, 'POST', `/models/${modelId}/publish`);
  return { modelId, offerId: offer.id ?? offer.offerId, version, path, bytes };
}
