import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { assertIfMatch } from '#domain/catalogue/access.js';
import { CursorCodec } from '#domain/catalogue/cursor.js';
import { facetFor, facetsOf, listingEntryFor, matches, tokenize } from '#domain/catalogue/listing.js';
import { canonicalManifest, manifestHash } from '#domain/catalogue/manifest.js';
import { filePathProblem, type Model, type Offer, tagsSchema } from '#domain/catalogue/schemas.js';
import { compareSemver } from '#domain/catalogue/semver.js';
import { nextModelStatus, versionStatus } from '#domain/catalogue/state-machines.js';
import { choosePartSize, partLength } from '#domain/catalogue/upload-service.js';

describe('model state machine', () => {
  it('allows draft → published → delisted → published', () => {
    expect(nextModelStatus('draft', 'publish')).toBe('published');
    expect(nextModelStatus('published', 'delist')).toBe('delisted');
    expect(nextModelStatus('delisted', 'publish')).toBe('published');
  });

  it.each([
    ['published', 'publish'],
    ['draft', 'delist'],
    ['delisted', 'delist'],
  ] as const)('refuses %s → %s with INVALID_STATE_TRANSITION', (from, action) => {
    expect(() => nextModelStatus(from, action)).toThrow(
      expect.objectContaining({ code: 'INVALID_STATE_TRANSITION' }),
    );
  });
});

describe('version status', () => {
  it('is uploading until every declared file is uploaded, ready then, published once frozen', () => {
    expect(versionStatus({ published: false, fileCount: 0, uploadedCount: 0 })).toBe('uploading');
    expect(versionStatus({ published: false, fileCount: 2, uploadedCount: 1 })).toBe('uploading');
    expect(versionStatus({ published: false, fileCount: 2, uploadedCount: 2 })).toBe('ready');
    expect(versionStatus({ published: true, fileCount: 2, uploadedCount: 2 })).toBe('published');
  });
});

describe('manifest hash', () => {
  const files = [
    { path: 'b.bin', size: 2, sha256: 'b'.repeat(64), contentType: 'application/octet-stream' },
    { path: 'a.json', size: 1, sha256: 'a'.repeat(64), contentType: 'application/json' },
  ];

  it('is the SHA-256 of the canonical manifest, independent of file order', () => {
    const forward = manifestHash({ modelId: 'm', version: '1.0.0', files });
    const backward = manifestHash({ modelId: 'm', version: '1.0.0', files: [...files].reverse() });
    expect(forward).toBe(backward);
    const canonical = canonicalManifest({ modelId: 'm', version: '1.0.0', files });
    expect(canonical).toBe(
      `{"modelId":"m","version":"1.0.0","files":[{"path":"a.json","size":1,"sha256":"${'a'.repeat(64)}","contentType":"application/json"},{"path":"b.bin","size":2,"sha256":"${'b'.repeat(64)}","contentType":"application/octet-stream"}]}`,
    );
    expect(forward).toBe(`0x${createHash('sha256').update(canonical).digest('hex')}`);
  });

  it('changes when any byte of any file changes', () => {
    const other = files.map((file, index) => (index === 0 ? { ...file, sha256: 'c'.repeat(64) } : file));
    expect(manifestHash({ modelId: 'm', version: '1.0.0', files: other })).not.toBe(
      manifestHash({ modelId: 'm', version: '1.0.0', files }),
    );
  });
});

describe('cursors', () => {
  const codec = new CursorCodec('x'.repeat(32));

  it('round-trips a position within its scope', () => {
    const cursor = codec.encode('browse:a', { pk: 'LISTING#ALL', sk: '2026#m' });
    expect(codec.decode('browse:a', cursor)).toEqual({ pk: 'LISTING#ALL', sk: '2026#m' });
  });

  it('hides the storage position it carries (table keys are internal)', () => {
    const cursor = codec.encode('browse:a', { pk: 'LISTING#ALL', sk: '2026#m' });
    const readable = cursor
      .split('.')
      .map((part) => Buffer.from(part, 'base64url').toString('latin1'))
      .join(' ');
    expect(readable).not.toMatch(/LISTING|2026|"pk"|browse/);
    expect(codec.encode('browse:a', { sk: '1' })).not.toBe(codec.encode('browse:a', { sk: '1' }));
  });

  it('rejects tampering, another scope and another key', () => {
    const cursor = codec.encode('browse:a', { sk: '1' });
    const [payload, mac] = cursor.split('.');
    const edited = Buffer.from(JSON.stringify({ s: 'browse:a', p: { sk: '2' } })).toString('base64url');
    for (const bad of [`${edited}.${mac}`, `${payload}.${mac}A`, `${payload}`, 'a.b.c', '.']) {
      expect(() => codec.decode('browse:a', bad)).toThrow(
        expect.objectContaining({ code: 'INVALID_CURSOR' }),
      );
    }
    expect(() => codec.decode('browse:b', cursor)).toThrow(
      expect.objectContaining({ code: 'INVALID_CURSOR' }),
    );
    expect(() => new CursorCodec('y'.repeat(32)).decode('browse:a', cursor)).toThrow();
  });
});

describe('file paths', () => {
  it.each(['model.bin', 'weights/part-00001.safetensors', 'tokenizer/vocab.json', 'ünïcode/名前.txt'])(
    'accepts %s',
    (path) => expect(filePathProblem(path)).toBeUndefined(),
  );
  it.each([
    ['../x', '..'],
    ['a/../../x', '..'],
    ['/etc/passwd', 'relative'],
    ['a//b', 'empty'],
    ['./a', '"."'],
    ['a/', 'empty'],
    ['a\\b', 'separators'],
    ['a\u0000b', 'control'],
    ['a\nb', 'control'],
    ['e\u0301', 'NFC'],
  ])('rejects %j (%s)', (path, reason) => {
    expect(filePathProblem(path)).toContain(reason);
  });
});

describe('semver precedence', () => {
  it('orders versions as SemVer 2.0.0 §11 says', () => {
    const ordered = [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
      '1.2.0',
      '1.10.0',
      '2.0.0',
    ];
    const shuffled = [...ordered].reverse();
    expect(shuffled.sort(compareSemver)).toEqual(ordered);
    expect(compareSemver('1.0.0+build', '1.0.0')).toBe(0);
  });
});

describe('multipart part sizes', () => {
  it('uses the configured size while the file fits in 10,000 parts, else grows in whole MiB', () => {
    expect(choosePartSize(100, 64 * 2 ** 20)).toBe(64 * 2 ** 20);
    expect(choosePartSize(64 * 2 ** 20 * 10_000, 64 * 2 ** 20)).toBe(64 * 2 ** 20);
    const huge = 5 * 2 ** 40;
    const size = choosePartSize(huge, 64 * 2 ** 20);
    expect(size % 2 ** 20).toBe(0);
    expect(Math.ceil(huge / size)).toBeLessThanOrEqual(10_000);
  });

  it('makes every part full except possibly the last', () => {
    expect([1, 2, 3, 4].map((n) => partLength(3 * 10 + 4, 10, n))).toEqual([10, 10, 10, 4]);
  });
});

describe('tags and If-Match', () => {
  it('normalises tags: trimmed, lower-case, hyphenated, deduplicated', () => {
    expect(tagsSchema.parse([' LLM ', 'llm', 'Long Context'])).toEqual(['llm', 'long-context']);
    expect(tagsSchema.safeParse(Array.from({ length: 11 }, (_, i) => `t${i}`)).success).toBe(false);
  });

  it('accepts a current, weak or wildcard ETag and refuses a stale one with 412', () => {
    expect(() => assertIfMatch(undefined, 3)).not.toThrow();
    expect(() => assertIfMatch('"3"', 3)).not.toThrow();
    expect(() => assertIfMatch('W/"3"', 3)).not.toThrow();
    expect(() => assertIfMatch('*', 3)).not.toThrow();
    expect(() => assertIfMatch('"2", "3"', 3)).not.toThrow();
    expect(() => assertIfMatch('"2"', 3)).toThrow(expect.objectContaining({ code: 'STALE_REVISION' }));
  });
});

describe('listing', () => {
  const model: Model = {
    modelId: 'mdl_1',
    owner: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
    name: 'Tiny Llama-Chat v2',
    slug: 'tiny',
    description: '',
    task: 'text-generation',
    tags: ['llm'],
    framework: undefined,
    status: 'published',
    split: [],
    rev: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    publishedAt: '2026-01-02T00:00:00.000Z',
  };
  const offer = (amount: string, commercialUse: boolean, active = true): Offer => ({
    modelId: 'mdl_1',
    offerId: `off_${amount}`,
    name: 'o',
    terms: {
      commercialUse,
      derivatives: 'none',
      attribution: true,
      durationDays: null,
      seats: 1,
      transferable: false,
      spdxId: 'MIT',
    },
    price: { amount, chainId: 1, currency: 'native' },
    supplyCap: null,
    covers: 'latest',
    active,
    soldCount: 0,
    rev: 1,
    createdAt: '',
    updatedAt: '',
  });

  it('indexes whole-word keywords from name, task and tags', () => {
    expect(tokenize('Tiny Llama-Chat v2')).toEqual(['tiny', 'llama', 'chat', 'v2']);
    const entry = listingEntryFor(model, []);
    expect(facetsOf(entry)).toEqual(
      expect.arrayContaining([
        'ALL',
        'TASK#text-generation',
        'TAG#llm',
        `OWNER#${model.owner}`,
        'KW#llama',
        'KW#generation',
      ]),
    );
  });

  it('matches price filters exactly with bigints, over active offers only', () => {
    const entry = listingEntryFor(model, [
      offer('100000000000000000000000001', true),
      offer('5', false, false),
    ]);
    expect(matches(entry, { currency: 'native', maxPrice: 100000000000000000000000001n })).toBe(true);
    expect(matches(entry, { currency: 'native', maxPrice: 100000000000000000000000000n })).toBe(false);
    expect(matches(entry, { commercialUse: false })).toBe(false);
    expect(matches(entry, { q: 'llama tiny' })).toBe(true);
    expect(matches(entry, { q: 'lla' })).toBe(false);
  });

  it('reads the keyword facet first, then tag, owner, task', () => {
    expect(facetFor({ q: 'Llama', tag: 'x' })).toBe('KW#llama');
    expect(facetFor({ tag: 'x', task: 'y' })).toBe('TAG#x');
    expect(facetFor({ task: 'y' })).toBe('TASK#y');
    expect(facetFor({})).toBe('ALL');
  });
});
