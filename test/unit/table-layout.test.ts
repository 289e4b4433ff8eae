import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENTITIES, keyPrefixes, replaceGeneratedTable, tableKeys } from '#shared/table-layout.js';

const _TX = `0x${'ab'.repeat(32)}`;

describe('table layout', () => {
  it('is documented in docs/table-layout.md exactly as declared', () => {
    const docs = readFileSync(new URL('../../docs/table-layout.md', import.meta.url), 'utf8');
    // On failure: npx tsx scripts/render-table-layout.ts
    expect(docs).toBe(replaceGeneratedTable(docs));
  });

  it('builds the keys items have always been stored under (existing data must read the same)', () => {
    const at = '2026-01-02T03:04:05.000Z';
    expect([
      tableKeys.health.key({}),
      tableKeys.nonce.key({ nonce: 'n1' }),
      tableKeys.session.key({ idHash: 'h1' }),
      tableKeys.apiToken.key({ tokenId: 't1' }),
      tableKeys.rateCounter.key({ key: 'ip:1.2.3.4', windowStart: 1700000000 }),
      tableKeys.model.key({ modelId: 'm1' }),
      tableKeys.slug.key({ owner: '0xA', slug: 'llama' }),
      tableKeys.version.key({ modelId: 'm1', version: '1.0.0' }),
      tableKeys.file.key({ modelId: 'm1', version: '1.0.0', fileId: 'f1' }),
      tableKeys.filePath.key({ modelId: 'm1', version: '1.0.0', pathHash: 'ph' }),
      tableKeys.offer.key({ modelId: 'm1', offerId: 'o1' }),
      tableKeys.uploads.key({ owner: '0xA' }),
      tableKeys.listing.key({ facet: 'TAG#llm', publishedAt: at, modelId: 'm1' }),
      tableKeys.order.key({ orderId: 'ord1' }),
      tableKeys.licence.key({ licenceId: 'lic1' }),
      tableKeys.sale.key({ saleId: 's1' }),
      tableKeys.credit.key({ recipient: '0xA', settledAt: at, saleId: 's1' }),
      tableKeys.downloadGrant.key({ modelId: 'm1', at, grantId: 'g1' }),
      tableKeys.downloadQuota.key({ licenceId: 'lic1', day: '2026-01-02' }),
    ]).toEqual([
      { pk: 'HEALTH', sk: 'HEALTH' },
      { pk: 'NONCE#n1', sk: 'NONCE' },
      { pk: 'SESSION#h1', sk: 'SESSION' },
      { pk: 'APITOKEN#t1', sk: 'APITOKEN' },
      { pk: 'RATE#ip:1.2.3.4#1700000000', sk: 'RATE' },
      { pk: 'MODEL#m1', sk: 'MODEL' },
      { pk: 'SLUG#0xA#llama', sk: 'SLUG' },
      { pk: 'MODEL#m1', sk: 'VERSION#1.0.0' },
      { pk: 'MODEL#m1', sk: 'FILE#1.0.0#f1' },
      { pk: 'MODEL#m1', sk: 'FILEPATH#1.0.0#ph' },
      { pk: 'MODEL#m1', sk: 'OFFER#o1' },
      { pk: 'ACCOUNT#0xA', sk: 'UPLOADS' },
      { pk: 'LISTING#TAG#llm', sk: `${at}#m1` },
      { pk: 'ORDER#ord1', sk: 'ORDER' },
      { pk: 'LICENCE#lic1', sk: 'LICENCE' },
      { pk: 'SALE#s1', sk: 'SALE' },
      { pk: 'CREDITS#0xA', sk: `${at}#s1` },
      { pk: 'DOWNLOADS#m1', sk: `${at}#g1` },
      { pk: 'DLQUOTA#lic1#2026-01-02', sk: 'DLQUOTA' },
    ]);
  });

  it('builds the index keys items have always carried', () => {
    const at = '2026-01-02T03:04:05.000Z';
    const licence = { licensee: '0xB', modelId: 'm1', issuedAt: at, licenceId: 'lic1' };
    expect({
      ...tableKeys.licence.gsi1(licence),
      ...tableKeys.licence.gsi2(licence),
    }).toEqual({
      gsi1pk: 'HOLDER#0xB#LICENCES',
      gsi1sk: `${at}#lic1`,
      gsi2pk: 'HOLDER#0xB#MODEL#m1',
      gsi2sk: `${at}#lic1`,
    });
    expect(tableKeys.apiToken.gsi1({ owner: '0xB', createdAt: at, tokenId: 't1' })).toEqual({
      gsi1pk: 'ACCOUNT#0xB#APITOKENS',
      gsi1sk: `${at}#t1`,
    });
    expect(tableKeys.model.gsi1({ owner: '0xB', createdAt: at, modelId: 'm1' })).toEqual({
      gsi1pk: 'MODELOWNER#0xB',
      gsi1sk: `${at}#m1`,
    });
    expect(tableKeys.offer.gsi2({ offerId: 'o1' })).toEqual({ gsi2pk: 'OFFER#o1', gsi2sk: 'OFFER' });
    expect(tableKeys.order.gsi1({ buyer: '0xB', createdAt: at, orderId: 'ord1' })).toEqual({
      gsi1pk: 'BUYER#0xB#ORDERS',
      gsi1sk: `${at}#ord1`,
    });
    expect(tableKeys.sale.gsi1({ modelId: 'm1', settledAt: at, saleId: 's1' })).toEqual({
      gsi1pk: 'MODEL#m1#SALES',
      gsi1sk: `${at}#s1`,
    });
  });

  it('stops a sort-key prefix at the first field not given, for begins_with', () => {
    expect(tableKeys.version.sortKeyPrefix({})).toBe('VERSION#');
    expect(tableKeys.offer.sortKeyPrefix({})).toBe('OFFER#');
    expect(tableKeys.file.sortKeyPrefix({ version: '1.0.0' })).toBe('FILE#1.0.0#');
  });

  it('reads field values back out of a key, the last field taking any further #', () => {
    const key = tableKeys.listing.key({ facet: 'TAG#llm', publishedAt: '2026', modelId: 'm1' });
    expect(tableKeys.listing.parse(key)).toEqual({ facet: 'TAG#llm', publishedAt: '2026', modelId: 'm1' });
    expect(tableKeys.order.parse({ pk: 'ORDER#ord1', sk: 'ORDER' })).toEqual({ orderId: 'ord1' });
    expect(tableKeys.order.parse({ pk: 'LICENCE#lic1', sk: 'LICENCE' })).toBeUndefined();
  });

  it('lists every literal that starts a PREFIX# in some key', () => {
    expect(keyPrefixes()).toEqual(
      [
        'ACCOUNT',
        'APITOKEN',
        'BLOB',
        'BUYER',
        'CHAINCURSOR',
        'CHAINEVENTS',
        'CREDITS',
        'DLQUOTA',
        'DOWNLOADS',
        'FILE',
        'FILEPATH',
        'HOLDER',
        'LICENCE',
        'LISTING',
        'MODEL',
        'MODELOWNER',
        'NONCE',
        'OFFER',
        'ORDER',
        'ORDERTOKEN',
        'RATE',
        'SALE',
        'SESSION',
        'SLUG',
        'VERSION',
      ].sort(),
    );
    expect(Object.keys(ENTITIES)).toContain('chainEvent');
  });
});
