import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offerSaleItem } from '#adapters/dynamodb/purchase-repository.js';
import type { SignedIn } from '#test/helpers/auth.js';
import { stack, uniqueId } from '#test/helpers/stack.js';
import { call, catalogueApp, createModel, offerInput, readyModel, signIn } from './catalogue-helpers.js';

const { app, infra, close } = catalogueApp();
let owner: SignedIn;
beforeAll(async () => {
  owner = await signIn(app);
});
afterAll(close);

const slug = (prefix: string) => uniqueId(prefix).toLowerCase().slice(0, 40);
const address = () => Wallet.createRandom().address;

describe('revenue split', () => {
  let modelId: string;
  beforeAll(async () => {
    modelId = await createModel(app, owner, slug('split'));
  });

  it('starts with everything to the owner', async () => {
    const split = await call(app, 'GET', `/models/${modelId}/split`, owner);
    expect(split.body.recipients).toEqual([{ address: owner.address, bps: 10000, role: 'owner' }]);
  });

  it('accepts an exact split of 50 recipients', async () => {
    const recipients = Array.from({ length: 50 }, () => ({ address: address(), bps: 200 }));
    const response = await call(app, 'PUT', `/models/${modelId}/split`, owner, { recipients });
    expect(response.status).toBe(200);
    expect(response.body.recipients).toHaveLength(50);
  });

  const a = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
  const b = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC';
  const cases: Array<[string, unknown, RegExp]> = [
    [
      'a sum below 10000',
      [
        { address: a, bps: 5000 },
        { address: b, bps: 4999 },
      ],
      /sum to exactly 10000 \(got 9999\)/,
    ],
    [
      'a sum above 10000',
      [
        { address: a, bps: 5000 },
        { address: b, bps: 5001 },
      ],
      /got 10001/,
    ],
    [
      'a duplicate address',
      [
        { address: a, bps: 5000 },
        { address: a, bps: 5000 },
      ],
      /duplicate recipient/,
    ],
    [
      'a duplicate differing only in case',
      [
        { address: a, bps: 5000 },
        { address: a.toLowerCase(), bps: 5000 },
      ],
      /EIP-55/,
    ],
    ['a non-checksummed address', [{ address: a.toLowerCase(), bps: 10000 }], /EIP-55/],
    ['a malformed address', [{ address: '0x1234', bps: 10000 }], /EIP-55/],
    [
      'fractional bps',
      [
        { address: a, bps: 5000.5 },
        { address: b, bps: 4999.5 },
      ],
      /integer/,
    ],
    [
      'zero bps',
      [
        { address: a, bps: 0 },
        { address: b, bps: 10000 },
      ],
      /≥ 1/,
    ],
    [
      'negative bps',
      [
        { address: a, bps: -1 },
        { address: b, bps: 10001 },
      ],
      /≥ 1/,
    ],
    ['no recipients', [], /at least one recipient/],
    ['51 recipients', Array.from({ length: 51 }, () => ({ address: address(), bps: 1 })), /at most 50/],
    ['bps as a string', [{ address: a, bps: '10000' }], /number/],
  ];
  for (const [name, recipients, message] of cases) {
    it(`rejects ${name} with 400 naming the problem`, async () => {
      const response = await call(app, 'PUT', `/models/${modelId}/split`, owner, { recipients });
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('INVALID_INPUT');
      expect(JSON.stringify(response.body.error)).toMatch(message);
    });
  }
});

describe('optimistic concurrency', () => {
  it('answers 412 to a PATCH with a stale If-Match and applies a fresh one', async () => {
    const modelId = await createModel(app, owner, slug('etag'));
    const read = await call(app, 'GET', `/models/${modelId}`, owner);
    const etag = read.headers.get('etag') ?? '';
    expect(etag).toBe('"1"');
    const first = await call(
      app,
      'PATCH',
      `/models/${modelId}`,
      owner,
      { name: 'First' },
      { 'if-match': etag },
    );
    expect(first.status).toBe(200);
    expect(first.headers.get('etag')).toBe('"2"');
    const stale = await call(
      app,
      'PATCH',
      `/models/${modelId}`,
      owner,
      { name: 'Second' },
      { 'if-match': etag },
    );
    expect(stale.status).toBe(412);
    expect(stale.body.error.code).toBe('STALE_REVISION');
    expect((await call(app, 'GET', `/models/${modelId}`, owner)).body.model.name).toBe('First');
  });

  it('answers 412 to a stale split write and to a stale offer edit', async () => {
    const { modelId, offerId } = await readyModel(app, owner, slug('etag2'));
    const staleSplit = await call(
      app,
      'PUT',
      `/models/${modelId}/split`,
      owner,
      {
        recipients: [{ address: owner.address, bps: 10000 }],
      },
      { 'if-match': '"0"' },
    );
    expect(staleSplit.status).toBe(412);
    const staleOffer = await call(
      app,
      'PATCH',
      `/models/${modelId}/offers/${offerId}`,
      owner,
      { name: 'x' },
      { 'if-match': '"7"' },
    );
    expect(staleOffer.status).toBe(412);
  });

  it('keeps slugs unique per owner, also when renaming', async () => {
    const taken = slug('slug');
    await createModel(app, owner, taken);
    expect(
      (await call(app, 'POST', '/models', owner, { name: 'x', slug: taken, task: 'x1' })).body.error.code,
    ).toBe('SLUG_TAKEN');
    const other = await createModel(app, owner, slug('slug2'));
    const rename = await call(app, 'PATCH', `/models/${other}`, owner, { slug: taken });
    expect(rename.status).toBe(409);
    expect(rename.body.error.code).toBe('SLUG_TAKEN');
  });
});

describe('offers', () => {
  it('accepts only allow-listed currencies and typed terms', async () => {
    const modelId = await createModel(app, owner, slug('cur'));
    const unknownToken = await call(
      app,
      'POST',
      `/models/${modelId}/offers`,
      owner,
      offerInput({
        price: { amount: '1', chainId: stack().chainId, currency: address() },
      }),
    );
    expect(unknownToken.status).toBe(400);
    expect(unknownToken.body.error.code).toBe('CURRENCY_NOT_ALLOWED');
    const unknownChain = await call(
      app,
      'POST',
      `/models/${modelId}/offers`,
      owner,
      offerInput({
        price: { amount: '1', chainId: 999, currency: 'native' },
      }),
    );
    expect(unknownChain.body.error.code).toBe('CURRENCY_NOT_ALLOWED');
    for (const amount of ['1.5', '-1', '01', '1e6', '']) {
      const bad = await call(
        app,
        'POST',
        `/models/${modelId}/offers`,
        owner,
        offerInput({
          price: { amount, chainId: stack().chainId, currency: 'native' },
        }),
      );
      expect(bad.status, amount).toBe(400);
    }
    const noLicence = offerInput();
    noLicence.terms = { ...noLicence.terms, spdxId: undefined } as unknown as typeof noLicence.terms;
    expect((await call(app, 'POST', `/models/${modelId}/offers`, owner, noLicence)).status).toBe(400);
    const native = await call(
      app,
      'POST',
      `/models/${modelId}/offers`,
      owner,
      offerInput({
        price: { amount: '1000000000000000000000000', chainId: stack().chainId, currency: 'native' },
        supplyCap: 10,
      }),
    );
    expect(native.status).toBe(201);
    expect(native.body).toMatchObject({ soldCount: 0, frozen: false, covers: 'latest', supplyCap: 10 });
    const coversMissing = await call(
      app,
      'POST',
      `/models/${modelId}/offers`,
      owner,
      offerInput({ covers: '3.0.0' }),
    );
    expect(coversMissing.body.error.code).toBe('UNKNOWN_VERSION');
  });

  it('freezes terms, price, covers and supply cap once a licence has sold', async () => {
    const { modelId, offerId } = await readyModel(app, owner, slug('frozen'));
    // The item the purchases settlement transaction writes to count a sale.
    await infra.table.transactWrite([offerSaleItem({ modelId, offerId })]);
    const offer = await call(app, 'GET', `/models/${modelId}/offers/${offerId}`, owner);
    expect(offer.body).toMatchObject({ soldCount: 1, frozen: true });
    const priceChange = await call(app, 'PATCH', `/models/${modelId}/offers/${offerId}`, owner, {
      price: { amount: '1', chainId: stack().chainId, currency: stack().stablecoin },
    });
    expect(priceChange.status).toBe(409);
    expect(priceChange.body.error.code).toBe('OFFER_FROZEN');
    for (const patch of [
      { terms: { ...offerInput().terms, seats: 99 } },
      { covers: '1.0.0' },
      { supplyCap: 5 },
    ]) {
      const response = await call(app, 'PATCH', `/models/${modelId}/offers/${offerId}`, owner, patch);
      expect(response.body.error.code).toBe('OFFER_FROZEN');
    }
    const rename = await call(app, 'PATCH', `/models/${modelId}/offers/${offerId}`, owner, {
      name: 'Legacy',
      active: false,
    });
    expect(rename.status).toBe(200);
    expect(rename.body).toMatchObject({ name: 'Legacy', active: false, soldCount: 1 });
  });

  it('stops sales at the supply cap', async () => {
    const { modelId } = await readyModel(app, owner, slug('cap'));
    const capped = await call(app, 'POST', `/models/${modelId}/offers`, owner, offerInput({ supplyCap: 1 }));
    await infra.table.transactWrite([offerSaleItem({ modelId, offerId: capped.body.offerId })]);
    await expect(
      infra.table.transactWrite([offerSaleItem({ modelId, offerId: capped.body.offerId })]),
    ).rejects.toMatchObject({ name: 'ConflictError' });
  });
});

describe('publishing', () => {
  it('needs a published version and an active offer, then follows draft → published → delisted → published', async () => {
    const modelId = await createModel(app, owner, slug('pub'));
    const early = await call(app, 'POST', `/models/${modelId}/publish`, owner);
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('PUBLISH_REQUIREMENTS_UNMET');
    const ready = await readyModel(app, owner, slug('pub2'));
    await call(app, 'PATCH', `/models/${ready.modelId}/offers/${ready.offerId}`, owner, { active: false });
    expect((await call(app, 'POST', `/models/${ready.modelId}/publish`, owner)).body.error.details).toEqual({
      publishedVersions: 1,
      activeOffers: 0,
    });
    await call(app, 'PATCH', `/models/${ready.modelId}/offers/${ready.offerId}`, owner, { active: true });
    expect((await call(app, 'POST', `/models/${ready.modelId}/publish`, owner)).body.status).toBe(
      'published',
    );
    expect((await call(app, 'POST', `/models/${ready.modelId}/publish`, owner)).body.error.code).toBe(
      'INVALID_STATE_TRANSITION',
    );
    expect((await call(app, 'POST', `/models/${ready.modelId}/delist`, owner)).body.status).toBe('delisted');
    expect((await call(app, 'GET', `/models/${ready.modelId}`)).status).toBe(404);
    expect((await call(app, 'POST', `/models/${ready.modelId}/publish`, owner)).body.status).toBe(
      'published',
    );
  });
});

describe('browse and search', () => {
  it('filters by task, tag, owner, keyword, commercial use, currency and max price', async () => {
    const creator = await signIn(app);
    const task = `task-${Date.now()}`;
    const a = await readyModel(app, creator, slug('br'), {
      name: 'Zebra Vision Large',
      task,
      tags: ['vision', 'zebra'],
    });
    const b = await readyModel(app, creator, slug('br'), { name: 'Zebra Audio', task, tags: ['audio'] });
    await call(
      app,
      'POST',
      `/models/${b.modelId}/offers`,
      creator,
      offerInput({
        terms: { ...offerInput().terms, commercialUse: false },
        price: { amount: '5', chainId: stack().chainId, currency: 'native' },
      }),
    );
    await call(app, 'PATCH', `/models/${b.modelId}/offers/${b.offerId}`, creator, { active: false });
    for (const id of [a.modelId, b.modelId]) await call(app, 'POST', `/models/${id}/publish`, creator);
    const ids = async (query: string) =>
      (await call(app, 'GET', `/models?${query}`)).body.items.map(
        (item: { modelId: string }) => item.modelId,
      );

    expect(await ids(`task=${task}`)).toEqual([b.modelId, a.modelId]);
    expect(await ids(`owner=${creator.address}`)).toEqual([b.modelId, a.modelId]);
    expect(await ids(`task=${task}&tag=zebra`)).toEqual([a.modelId]);
    expect(await ids(`task=${task}&q=zebra`)).toEqual([b.modelId, a.modelId]);
    expect(await ids(`task=${task}&q=ZEBRA%20large`)).toEqual([a.modelId]);
    expect(await ids(`task=${task}&commercialUse=true`)).toEqual([a.modelId]);
    expect(await ids(`task=${task}&commercialUse=false`)).toEqual([b.modelId]);
    expect(await ids(`task=${task}&currency=native&maxPrice=5`)).toEqual([b.modelId]);
    expect(await ids(`task=${task}&currency=native&maxPrice=4`)).toEqual([]);
    expect(await ids(`task=${task}&currency=${stack().stablecoin}&maxPrice=25000000`)).toEqual([a.modelId]);
    const detail = await call(app, 'GET', `/models?task=${task}&tag=zebra`);
    expect(detail.body.items[0].offers).toHaveLength(1);
    expect(JSON.stringify(detail.body)).not.toMatch(/keywords|artifacts\//);
  });

  it('rejects a tampered or foreign cursor, a limit above 100 and maxPrice without currency', async () => {
    expect((await call(app, 'GET', '/models?limit=101')).status).toBe(400);
    expect((await call(app, 'GET', '/models?limit=0')).status).toBe(400);
    expect((await call(app, 'GET', '/models?maxPrice=5')).status).toBe(400);
    const page = await call(app, 'GET', '/models?limit=1');
    const cursor: string = page.body.nextCursor;
    expect(cursor).toBeTruthy();
    const [, mac] = cursor.split('.');
    // Cursors are encrypted: a forger can only write a payload of their own under the old MAC.
    const forged = Buffer.from(JSON.stringify({ s: 'browse', p: { pk: 'LISTING#ALL', sk: 'z' } })).toString(
      'base64url',
    );
    for (const bad of [`${forged}.${mac}`, 'garbage', `${cursor}x`, '']) {
      const response = await call(app, 'GET', `/models?limit=1&cursor=${encodeURIComponent(bad)}`);
      if (bad === '') continue;
      expect(response.status, bad).toBe(400);
      expect(response.body.error.code).toBe('INVALID_CURSOR');
    }
    const foreign = await call(app, 'GET', `/models?limit=1&tag=llm&cursor=${encodeURIComponent(cursor)}`);
    expect(foreign.body.error.code).toBe('INVALID_CURSOR');
  });

  it('pages through every item exactly once while new models are published', async () => {
    const creator = await signIn(app);
    const task = `paging-${Date.now()}`;
    const publish = async (index: number) => {
      const model = await readyModel(app, creator, slug(`pg${index}`), { task });
      await call(app, 'POST', `/models/${model.modelId}/publish`, creator);
      return model.modelId;
    };
    const initial: string[] = [];
    for (let index = 0; index < 7; index++) initial.push(await publish(index));

    const seen: string[] = [];
    let cursor: string | null = null;
    let added = 0;
    do {
      const query: string = `task=${task}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await call(app, 'GET', `/models?${query}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((item: { modelId: string }) => item.modelId));
      cursor = page.body.nextCursor;
      // Publish a new model between pages: it is newer, so it lands before the cursor.
      if (added < 3) {
        await publish(100 + added);
        added++;
      }
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual([...initial].reverse());
  }, 60_000);
});
