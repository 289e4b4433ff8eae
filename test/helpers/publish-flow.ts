/**
 * Publishing a model through the public HTTP API (in process, `app.request`), as a creator would:
 * model → version 1.0.0 with one 4 KiB file (presigned PUT, verified) → optional split → offer →
 * published. It depends on no test runner, so the benchmarks build their state with it too
 * (bench/p1-overhead.ts, bench/p5-settlement-cost.ts); tests call it through catalogue.ts, which
 * fills in the local stack's chain and stablecoin.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Hono } from 'hono';
import { requestOk } from './http.js';

// biome-ignore lint/suspicious/noExplicitAny: any Hono app built by createApp.
type AnyApp = Hono<any, any, any>;

export interface PublishOptions {
  chainId: number;
  /** 'native' or an ERC-20 address. */
  currency: string;
  /** Base units, as a decimal string. */
  price: string;
  supplyCap?: number | null;
  transferable?: boolean;
  durationDays?: number | null;
  split?: Array<{ address: string; bps: number; role?: string }>;
}

export interface PublishedModel {
  modelId: string;
  offerId: string;
  version: string;
  path: string;
  bytes: Buffer;
}

/** The flow's calls answer 200 or 201, nothing else. */
const call = (
  app: AnyApp,
  owner: { headers: Record<string, string> },
  method: string,
  path: string,
  body?: unknown,
) => requestOk(app, owner, method, path, body, [200, 201]);

export async function publishModel(
  app: AnyApp,
  owner: { headers: Record<string, string> },
  options: PublishOptions,
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
  const versions = `/models/${modelId}/versions`;
  await call(app, owner, 'POST', versions, { version, changelog: 'first' });
  const bytes = randomBytes(4096);
  const path = 'weights/model.bin';
  const declared = await call(app, owner, 'POST', `${versions}/${version}/files`, {
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
  await call(app, owner, 'POST', `${versions}/${version}/files/${declared.fileId}/complete`, {});
  await call(app, owner, 'POST', `${versions}/${version}/publish`);
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
    price: { amount: options.price, chainId: options.chainId, currency: options.currency },
    supplyCap: options.supplyCap ?? null,
    covers: 'latest',
  });
  await call(app, owner, 'POST', `/models/${modelId}/publish`);
  return { modelId, offerId: offer.id ?? offer.offerId, version, path, bytes };
}
