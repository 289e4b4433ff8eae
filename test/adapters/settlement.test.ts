import { afterAll, describe, expect, it } from 'vitest';
import { DynamoLedgerRepository } from '#adapters/dynamodb/ledger-repository.js';
import { DynamoPurchaseRepository } from '#adapters/dynamodb/purchase-repository.js';
import { type Address, toChecksumAddress } from '#domain/address.js';
import { SettlementConflictError } from '#domain/purchases/errors.js';
import type { LicenceRecord, Order } from '#domain/purchases/order.js';
import { parseTxHash, type TxHash } from '#domain/tx-hash.js';
import type { Settlement } from '#ports/purchases.js';
import { testApp, uniqueId } from '#test/helpers/stack.js';

const { infra, close } = testApp();
afterAll(close);
const ledger = new DynamoLedgerRepository(infra.table);
const repository = new DynamoPurchaseRepository(infra.table, ledger);

const BUYER = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' as Address;
const OWNER = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC' as Address;
const TERMS = {
  commercialUse: true,
  derivatives: 'allowed' as const,
  attribution: true,
  durationDays: null,
  seats: 1,
  transferable: false,
  spdxId: 'MIT',
};

function fixture(): Settlement {
  const id = uniqueId('s');
  const order: Order = {
    orderId: `ord-${id}`,
    buyer: BUYER,
    modelId: `mdl-${id}`,
    offerId: `off-${id}`,
    amount: '1000',
    chainId: 31337,
    currency: 'native',
    symbol: 'ETH',
    decimals: 18,
    payTo: OWNER,
    version: '1.0.0',
    manifestHash: `0x${'11'.repeat(32)}`,
    terms: TERMS,
    termsHash: `0x${'22'.repeat(32)}`,
    orderBlockNumber: '1',
    status: 'awaiting_payment',
    createdAt: new Date().toISOString(),
    expiresAt: new Date(Date.now() + 60_000).toISOString(),
  };
  const licence: LicenceRecord = {
    licenceId: `lic-${id}`,
    modelId: order.modelId,
    offerId: order.offerId,
    orderId: order.orderId,
    licensee: BUYER,
    version: '1.0.0',
    manifestHash: order.manifestHash,
    terms: TERMS,
    termsHash: order.termsHash,
    seats: 1,
    state: 'active',
    issuedAt: 1,
    expiresAt: 0,
    token: 'token',
  };
  // A recipient unique to this test, so its balance item proves whether anything was credited.
  const recipient = toChecksumAddress(
    `0x${id
      .replace(/[^0-9a-f]/g, '')
      .padEnd(40, 'a')
      .slice(0, 40)}`,
  );
  return {
    order,
    txHash: parseTxHash(
      `0x${id
        .replace(/[^0-9a-f]/g, '')
        .padEnd(64, 'b')
        .slice(0, 64)}`,
    ),
    paid: 1000n,
    settledAt: new Date().toISOString(),
    licence,
    sale: {
      saleId: `sale-${id}`,
      chainId: 31337,
      currency: 'native',
      // Replaced by the settlement's own txHash (`settle` passes `{ ...sale, txHash }` to the ledger).
      txHash: 'x' as TxHash,
      amount: 1000n,
      credits: [{ recipient, role: 'split', amount: 1000n }],
    },
    offer: { modelId: order.modelId, offerId: order.offerId, supplyCap: null },
  };
}

async function nothingWritten(settlement: Settlement, orderStatus: Order['status'] = 'awaiting_payment') {
  const { order, licence, sale, txHash } = settlement;
  const recipient = sale.credits[0]?.recipient as string;
  expect(await infra.table.get({ pk: `TXCLAIM#31337#${txHash}`, sk: 'TXCLAIM' })).toBeUndefined();
  expect(await infra.table.get({ pk: `LICENCE#${licence.licenceId}`, sk: 'LICENCE' })).toBeUndefined();
  expect(await infra.table.get({ pk: `SALE#${sale.saleId}`, sk: 'SALE' })).toBeUndefined();
  expect(await infra.table.get({ pk: `BAL#${recipient}`, sk: '31337#native' })).toBeUndefined();
  expect((await repository.getOrder(order.orderId))?.status).toBe(orderStatus);
}

async function seedOffer(settlement: Settlement, supplyCap: number | null, soldCount: number) {
  await infra.table.put({
    Item: {
      pk: `MODEL#${settlement.offer.modelId}`,
      sk: `OFFER#${settlement.offer.offerId}`,
      supplyCap,
      soldCount,
    },
  });
}

describe('the settlement transaction', () => {
  it('writes order, claim, licence, sale, counter and balances together', async () => {
    const settlement = fixture();
    await repository.createOrder(settlement.order);
    await seedOffer(settlement, null, 0);
    await repository.settle(settlement);
    expect((await repository.getOrder(settlement.order.orderId))?.status).toBe('paid');
    const recipient = settlement.sale.credits[0]?.recipient as string;
    expect(
      await ledger.balance({ recipient: recipient as Address, chainId: 31337, currency: 'native' }),
    ).toBe(1000n);
    expect(
      await infra.table.get({
        pk: `MODEL#${settlement.offer.modelId}`,
        sk: `OFFER#${settlement.offer.offerId}`,
      }),
    ).toMatchObject({
      soldCount: 1,
    });
  });

  it('writes nothing when the order is not open', async () => {
    const settlement = fixture();
    await repository.createOrder({ ...settlement.order, status: 'refunded' });
    await seedOffer(settlement, null, 0);
    await expect(repository.settle(settlement)).rejects.toMatchObject({ reason: 'ORDER_NOT_OPEN' });
    await nothingWritten(settlement, 'refunded');
  });

  it('writes nothing when the transaction was already claimed', async () => {
    const settlement = fixture();
    await repository.createOrder(settlement.order);
    await seedOffer(settlement, null, 0);
    await infra.table.put({
      Item: { pk: `TXCLAIM#31337#${settlement.txHash}`, sk: 'TXCLAIM', orderId: 'other' },
    });
    const attempt = repository.settle(settlement);
    await expect(attempt).rejects.toBeInstanceOf(SettlementConflictError);
    await expect(attempt).rejects.toMatchObject({ reason: 'TX_ALREADY_CLAIMED' });
    expect(
      await infra.table.get({ pk: `LICENCE#${settlement.licence.licenceId}`, sk: 'LICENCE' }),
    ).toBeUndefined();
    expect((await repository.getOrder(settlement.order.orderId))?.status).toBe('awaiting_payment');
  });

  it('writes nothing when the offer is sold out', async () => {
    const settlement = fixture();
    await repository.createOrder(settlement.order);
    await seedOffer(settlement, 2, 2);
    await expect(repository.settle(settlement)).rejects.toMatchObject({ reason: 'SOLD_OUT' });
    await nothingWritten(settlement);
  });

  it('keeps balances exact beyond 2^53 base units', async () => {
    const settlement = fixture();
    const big = 2n ** 80n + 7n;
    settlement.sale.credits = [
      { recipient: settlement.sale.credits[0]?.recipient as Address, role: 'split', amount: big },
    ];
    await repository.createOrder(settlement.order);
    await seedOffer(settlement, null, 0);
    await repository.settle(settlement);
    const balances = await ledger.balancesOf(settlement.sale.credits[0]?.recipient as Address);
    expect(balances).toEqual([
      { recipient: settlement.sale.credits[0]?.recipient, chainId: 31337, currency: 'native', balance: big },
    ]);
  });
});
