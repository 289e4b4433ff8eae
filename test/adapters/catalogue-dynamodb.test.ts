import { Wallet } from 'ethers';
import { afterAll, describe, expect, it } from 'vitest';
import { catalogueKeys, DynamoCatalogueRepository } from '#adapters/dynamodb/catalogue-repository.js';
import { offerSaleItem } from '#adapters/dynamodb/purchase-repository.js';
import type { ListingEntry } from '#domain/catalogue/listing.js';
import type { ArtifactFile, Model, Offer } from '#domain/catalogue/schemas.js';
import { testApp, uniqueId } from '#test/helpers/stack.js';

const { infra, close } = testApp();
afterAll(close);
const repository = new DynamoCatalogueRepository(infra.table);
const OWNER = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';

function model(): Model {
  const id = uniqueId('mdl');
  return {
    modelId: id,
    owner: OWNER,
    name: 'n',
    slug: id.toLowerCase().slice(0, 40),
    description: '',
    task: 'task',
    tags: ['a'],
    framework: undefined,
    status: 'draft',
    split: [{ address: OWNER, bps: 10000 }],
    rev: 1,
    createdAt: new Date().toISOString(),
    updatedAt: new Date().toISOString(),
  };
}

const randomAddress = () => Wallet.createRandom().address as `0x${string}`;

function file(m: Model, path: string, owner: `0x${string}`): ArtifactFile {
  return {
    modelId: m.modelId,
    version: '1.0.0',
    fileId: uniqueId('fil'),
    path,
    size: 1,
    sha256: 'a'.repeat(64),
    contentType: 'application/octet-stream',
    status: 'pending',
    storageKey: `k/${uniqueId()}`,
    uploadKind: 'single',
    owner,
    createdAt: new Date().toISOString(),
  };
}

describe('DynamoCatalogueRepository on DynamoDB Local', () => {
  it('enforces files-per-version and in-flight upload quotas atomically', async () => {
    const m = model();
    await repository.createModel(m);
    await repository.createVersion(
      {
        modelId: m.modelId,
        version: '1.0.0',
        changelog: '',
        published: false,
        fileCount: 0,
        uploadedCount: 0,
        createdAt: '',
      },
      10,
    );
    const uploader = randomAddress();
    const quotas = { maxFiles: 3, maxConcurrent: 2 };
    const first = file(m, 'a', uploader);
    await repository.declareFile(first, quotas);
    await repository.declareFile(file(m, 'b', uploader), quotas);
    await expect(repository.declareFile(file(m, 'c', uploader), quotas)).rejects.toMatchObject({
      code: 'QUOTA_CONCURRENT_UPLOADS',
    });
    await repository.markFileUploaded(first, new Date().toISOString());
    await repository.declareFile(file(m, 'c', uploader), quotas);
    await expect(repository.declareFile(file(m, 'd', randomAddress()), quotas)).rejects.toMatchObject({
      code: 'QUOTA_FILES',
    });
    expect(await repository.getFileByPath(m.modelId, '1.0.0', 'a')).toMatchObject({ status: 'uploaded' });
    expect(await repository.getVersion(m.modelId, '1.0.0')).toMatchObject({ fileCount: 3, uploadedCount: 1 });
  });

  it('never overwrites soldCount when the owner edits an offer', async () => {
    const m = model();
    await repository.createModel(m);
    const offer: Offer = {
      modelId: m.modelId,
      offerId: uniqueId('off'),
      name: 'o',
      terms: {
        commercialUse: true,
        derivatives: 'none',
        attribution: true,
        durationDays: null,
        seats: 1,
        transferable: false,
        spdxId: 'MIT',
      },
      price: { amount: '1', chainId: 1, currency: 'native' },
      supplyCap: null,
      covers: 'latest',
      active: true,
      soldCount: 0,
      rev: 1,
      createdAt: '',
      updatedAt: '',
    };
    await repository.createOffer(offer, 5);
    await infra.table.transactWrite([offerSaleItem(offer)]);
    await repository.replaceOffer({ ...offer, name: 'renamed', rev: 2 }, 1, false);
    expect(await repository.getOffer(m.modelId, offer.offerId)).toMatchObject({
      name: 'renamed',
      soldCount: 1,
    });
    await expect(repository.replaceOffer({ ...offer, rev: 3 }, 2, true)).rejects.toMatchObject({
      code: 'OFFER_FROZEN',
    });
    await expect(repository.replaceOffer({ ...offer, rev: 3 }, 1, false)).rejects.toMatchObject({
      code: 'STALE_REVISION',
    });
  });

  it('converges to exactly the last listing when refreshes race, and removes it entirely', async () => {
    const m = model();
    await repository.createModel(m);
    const entry = (tags: string[]): ListingEntry => ({
      modelId: m.modelId,
      owner: OWNER,
      name: 'n',
      slug: m.slug,
      task: 'task',
      tags,
      publishedAt: '2026-01-01T00:00:00.000Z',
      keywords: [],
      offers: [],
    });
    const tag = uniqueId('tag');
    await Promise.all([
      repository.writeListing(m.modelId, entry([`${tag}-a`]), ['ALLTEST', `TAG#${tag}-a`]),
      repository.writeListing(m.modelId, entry([`${tag}-b`]), ['ALLTEST', `TAG#${tag}-b`]),
    ]);
    const a = await repository.browse(`TAG#${tag}-a`, 10);
    const b = await repository.browse(`TAG#${tag}-b`, 10);
    expect(a.items.length + b.items.length).toBe(1);
    await repository.writeListing(m.modelId, undefined, []);
    expect((await repository.browse(`TAG#${tag}-a`, 10)).items).toEqual([]);
    expect((await repository.browse(`TAG#${tag}-b`, 10)).items).toEqual([]);
    expect(await infra.table.get(catalogueKeys.model(m.modelId))).toMatchObject({ listingKeys: [] });
  });
});
