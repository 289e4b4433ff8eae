import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignedIn } from '#test/helpers/auth.js';
import { uniqueId } from '#test/helpers/stack.js';
import {
  call,
  catalogueApp,
  createModel,
  json,
  offerInput,
  readyModel,
  sha256Hex,
  signIn,
} from './catalogue-helpers.js';

const { app, close } = catalogueApp();
let owner: SignedIn;
let other: SignedIn;
let draft: { modelId: string; fileId: string; offerId: string };
let live: { modelId: string; fileId: string; offerId: string };

const slug = (prefix: string) => uniqueId(prefix).toLowerCase().slice(0, 40);

beforeAll(async () => {
  [owner, other] = await Promise.all([signIn(app), signIn(app)]);
  // A draft with a pending multipart upload in an unpublished version.
  const modelId = await createModel(app, owner, slug('draft'));
  await call(app, 'POST', `/models/${modelId}/versions`, owner, { version: '0.1.0' });
  const file = await call(app, 'POST', `/models/${modelId}/versions/0.1.0/files`, owner, {
    path: 'w.bin',
    size: 200_000,
    sha256: sha256Hex('w'),
  });
  const offer = await call(app, 'POST', `/models/${modelId}/offers`, owner, offerInput());
  draft = { modelId, fileId: file.body.fileId, offerId: offer.body.offerId };
  // A published model with an unpublished version 2.0.0 holding a pending upload.
  live = await readyModel(app, owner, slug('live'));
  expect((await call(app, 'POST', `/models/${live.modelId}/publish`, owner)).status).toBe(200);
  await call(app, 'POST', `/models/${live.modelId}/versions`, owner, { version: '2.0.0' });
  const pending = await call(app, 'POST', `/models/${live.modelId}/versions/2.0.0/files`, owner, {
    path: 'w.bin',
    size: 200_000,
    sha256: sha256Hex('w'),
  });
  live.fileId = pending.body.fileId;
});
afterAll(close);

type Who = 'owner' | 'other' | 'anonymous';
interface Case {
  method: string;
  path: (m: { modelId: string; fileId: string; offerId: string }, version: string) => string;
  body?: unknown;
  /** Expected status per caller, on the draft and on the published model. */
  draft: Record<Who, number>;
  live: Record<Who, number>;
}

const file = (m: { modelId: string; fileId: string }, v: string) =>
  `/models/${m.modelId}/versions/${v}/files/${m.fileId}`;
const OWNER_ONLY = (ownerStatus: number) => ({
  draft: { owner: ownerStatus, other: 404, anonymous: 401 },
  live: { owner: ownerStatus, other: 403, anonymous: 401 },
});
const PUBLIC_READ = {
  draft: { owner: 200, other: 404, anonymous: 404 },
  live: { owner: 200, other: 200, anonymous: 200 },
};

// Mutations that would succeed for the owner are checked last (or are harmless), so order matters little.
const CASES: Case[] = [
  { method: 'GET', path: (m) => `/models/${m.modelId}`, ...PUBLIC_READ },
  { method: 'GET', path: (m) => `/models/${m.modelId}/split`, ...PUBLIC_READ },
  { method: 'GET', path: (m) => `/models/${m.modelId}/versions`, ...PUBLIC_READ },
  { method: 'GET', path: (m) => `/models/${m.modelId}/offers`, ...PUBLIC_READ },
  { method: 'GET', path: (m) => `/models/${m.modelId}/offers/${m.offerId}`, ...PUBLIC_READ },
  {
    method: 'GET',
    path: (m, v) => `/models/${m.modelId}/versions/${v}`,
    // The unpublished version is the owner's alone even on a published model.
    draft: { owner: 200, other: 404, anonymous: 404 },
    live: { owner: 200, other: 404, anonymous: 404 },
  },
  {
    method: 'PATCH',
    path: (m) => `/models/${m.modelId}`,
    body: { description: 'edited' },
    ...OWNER_ONLY(200),
  },
  {
    method: 'PUT',
    path: (m) => `/models/${m.modelId}/split`,
    body: { recipients: [{ address: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8', bps: 10000 }] },
    ...OWNER_ONLY(200),
  },
  {
    method: 'POST',
    path: (m) => `/models/${m.modelId}/versions`,
    body: { version: '9.9.9' },
    ...OWNER_ONLY(201),
  },
  { method: 'POST', path: (m, v) => `/models/${m.modelId}/versions/${v}/publish`, ...OWNER_ONLY(409) },
  {
    method: 'POST',
    path: (m, v) => `/models/${m.modelId}/versions/${v}/files`,
    body: { path: 'other.bin', size: 10, sha256: sha256Hex('o') },
    ...OWNER_ONLY(201),
  },
  {
    method: 'POST',
    path: (m, v) => `${file(m, v)}/parts`,
    body: {
      parts: [{ partNumber: 1, sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' }],
    },
    ...OWNER_ONLY(200),
  },
  { method: 'GET', path: (m, v) => `${file(m, v)}/parts`, ...OWNER_ONLY(200) },
  { method: 'POST', path: (m, v) => `${file(m, v)}/complete`, ...OWNER_ONLY(409) },
  { method: 'POST', path: (m) => `/models/${m.modelId}/offers`, body: offerInput(), ...OWNER_ONLY(201) },
  {
    method: 'PATCH',
    path: (m) => `/models/${m.modelId}/offers/${m.offerId}`,
    body: { name: 'Renamed' },
    ...OWNER_ONLY(200),
  },
  {
    method: 'POST',
    path: (m) => `/models/${m.modelId}/delist`,
    draft: { owner: 409, other: 404, anonymous: 401 },
    live: { owner: 200, other: 403, anonymous: 401 },
  },
  {
    method: 'POST',
    path: (m) => `/models/${m.modelId}/publish`,
    // The live model was just delisted by its owner above: it is now invisible to others.
    draft: { owner: 409, other: 404, anonymous: 401 },
    live: { owner: 200, other: 404, anonymous: 401 },
  },
  { method: 'DELETE', path: (m, v) => file(m, v), ...OWNER_ONLY(204) },
];

describe('catalogue authorization matrix', () => {
  for (const testCase of CASES) {
    for (const target of ['draft', 'live'] as const) {
      it(`${testCase.method} ${testCase.path({ modelId: ':model', fileId: ':file', offerId: ':offer' }, ':v')} on a ${target} model`, async () => {
        const model = target === 'draft' ? draft : live;
        const version = target === 'draft' ? '0.1.0' : '2.0.0';
        const path = testCase.path(model, version);
        // Others and anonymous first, so the owner's successful mutation cannot change their answer.
        for (const who of ['anonymous', 'other', 'owner'] as const) {
          const user = who === 'owner' ? owner : who === 'other' ? other : undefined;
          const response = await call(app, testCase.method, path, user, testCase.body);
          expect(response.status, `${who}: ${JSON.stringify(response.body)}`).toBe(testCase[target][who]);
          if (who === 'anonymous' && testCase[target][who] === 401) {
            expect(response.body.error.code).toBe('UNAUTHENTICATED');
          }
          if (who === 'other' && testCase[target][who] === 403) {
            expect(response.body.error.code).toBe('NOT_OWNER');
          }
        }
      });
    }
  }

  it('never shows drafts, S3 keys or upload ids to others, and lists drafts only in /me/models', async () => {
    const anonymousDetail = await call(app, 'GET', `/models/${draft.modelId}`);
    expect(anonymousDetail.status).toBe(404);
    const mine = await call(app, 'GET', '/me/models?limit=100', owner);
    expect(mine.body.items.map((m: { modelId: string }) => m.modelId)).toContain(draft.modelId);
    const theirs = await call(app, 'GET', '/me/models?limit=100', other);
    expect(theirs.body.items).toEqual([]);
    expect((await call(app, 'GET', '/me/models')).status).toBe(401);
    const ownerView = await call(app, 'GET', `/models/${draft.modelId}`, owner);
    expect(JSON.stringify(ownerView.body)).not.toMatch(/artifacts\/|storageKey|uploadId/);
  });
});

describe('OpenAPI document', () => {
  it('describes every catalogue route with {param} paths and examples', async () => {
    const doc = await json(await app.request('/openapi.json'));
    const paths = Object.keys(doc.paths);
    for (const path of [
      '/models',
      '/models/{modelId}',
      '/models/{modelId}/publish',
      '/models/{modelId}/delist',
      '/me/models',
      '/models/{modelId}/split',
      '/models/{modelId}/versions',
      '/models/{modelId}/versions/{version}',
      '/models/{modelId}/versions/{version}/publish',
      '/models/{modelId}/versions/{version}/files',
      '/models/{modelId}/versions/{version}/files/{fileId}',
      '/models/{modelId}/versions/{version}/files/{fileId}/parts',
      '/models/{modelId}/versions/{version}/files/{fileId}/complete',
      '/models/{modelId}/offers',
      '/models/{modelId}/offers/{offerId}',
    ]) {
      expect(paths).toContain(path);
    }
    expect(doc.components.schemas.CreateModel.example).toBeDefined();
    expect(doc.components.schemas.DeclaredFile.example).toBeDefined();
  });
});
