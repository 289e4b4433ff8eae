/** Shared steps for the catalogue HTTP tests: a signed-in creator with a model, version and offer. */
import { createHash } from 'node:crypto';
import { type SignedIn, signIn } from '#test/helpers/auth.js';
import { json } from '#test/helpers/http.js';
import { stack, testApp } from '#test/helpers/stack.js';

export type TestApp = ReturnType<typeof testApp>;

/** Small thresholds keep multipart tests fast (s3rver does not enforce S3's 5 MiB minimum part). */
export function catalogueApp(overrides: Record<string, string> = {}): TestApp {
  return testApp({ UPLOAD_SINGLE_PUT_MAX_BYTES: '65536', UPLOAD_PART_BYTES: '65536', ...overrides });
}

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export async function call(
  app: TestApp['app'],
  method: string,
  path: string,
  user?: SignedIn,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const response = await app.request(path, {
    method,
    headers: {
      ...(user?.headers ?? {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

export function modelInput(slug: string, extra: Record<string, unknown> = {}) {
  return {
    name: `Model ${slug}`,
    slug,
    task: 'text-generation',
    tags: ['llm'],
    description: 'test',
    ...extra,
  };
}

export function offerInput(extra: Record<string, unknown> = {}) {
  return {
    name: 'Commercial',
    terms: {
      commercialUse: true,
      derivatives: 'allowed',
      attribution: true,
      durationDays: null,
      seats: 1,
      transferable: false,
      spdxId: 'Apache-2.0',
    },
    price: { amount: '25000000', chainId: stack().chainId, currency: stack().stablecoin },
    ...extra,
  };
}

export async function createModel(app: TestApp['app'], user: SignedIn, slug: string, extra = {}) {
  const created = await call(app, 'POST', '/models', user, modelInput(slug, extra));
  if (created.status !== 201)
    throw new Error(`create model: ${created.status} ${JSON.stringify(created.body)}`);
  return created.body.modelId as string;
}

/** A model with one published version holding one small file, and one active offer; not yet published. */
export async function readyModel(app: TestApp['app'], user: SignedIn, slug: string, extra = {}) {
  const modelId = await createModel(app, user, slug, extra);
  await call(app, 'POST', `/models/${modelId}/versions`, user, { version: '1.0.0' });
  const bytes = Buffer.from(`weights of ${slug}`);
  const declared = await call(app, 'POST', `/models/${modelId}/versions/1.0.0/files`, user, {
    path: 'model.bin',
    size: bytes.length,
    sha256: sha256Hex(bytes),
  });
  const upload = declared.body.upload;
  const put = await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: bytes });
  if (put.status !== 200) throw new Error(`put: ${put.status}`);
  const done = await call(
    app,
    'POST',
    `/models/${modelId}/versions/1.0.0/files/${declared.body.fileId}/complete`,
    user,
  );
  if (done.status !== 200) throw new Error(`complete: ${done.status} ${JSON.stringify(done.body)}`);
  const published = await call(app, 'POST', `/models/${modelId}/versions/1.0.0/publish`, user);
  if (published.status !== 200) throw new Error(`publish version: ${published.status}`);
  const offer = await call(app, 'POST', `/models/${modelId}/offers`, user, offerInput());
  if (offer.status !== 201) throw new Error(`offer: ${offer.status} ${JSON.stringify(offer.body)}`);
  return { modelId, fileId: declared.body.fileId as string, offerId: offer.body.offerId as string };
}

export { json, signIn };
