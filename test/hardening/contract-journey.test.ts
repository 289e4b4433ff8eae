/**
 * The success half of the response contract. Fuzzing reaches few success responses deep in a flow
 * (a licence needs a paid order, earnings need a sale), so this file walks the whole product once —
 * publish, put on sale on the marketplace contract, buy from a wallet, confirm, download, see the
 * earnings, revoke — and checks every response against the schema documented for its status with
 * `expectDocumented` (closed objects, no internals). The last test fails when a documented success
 * response is reached by no step: a new route gets a step here.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { JsonRpcProvider, Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { siweMessage } from '#test/helpers/auth.js';
import { fundedWallet, testProvider } from '#test/helpers/chain.js';
import { sendCalls } from '#test/helpers/market-flow.js';
import { chainsWithConfirmations, NEVER_FINAL, stack, testApp } from '#test/helpers/stack.js';
import {
  expectDocumented,
  fetchDocument,
  label,
  type OpenApiDocument,
  type Operation,
  operationsOf,
} from './openapi-operations.js';

// The journey's app takes a sale final after these blocks, which it mines itself; the "still
// confirming" step asks an app that requires NEVER_FINAL, so no other file's mining can answer it.
const CONFIRMATIONS = 2;
const PRICE = 25_000_000n;
const { app, config, close } = testApp({ CHAINS: chainsWithConfirmations(CONFIRMATIONS) });
const confirming = testApp({ CHAINS: chainsWithConfirmations(NEVER_FINAL) });
const provider: JsonRpcProvider = testProvider();
afterAll(async () => {
  provider.destroy();
  await Promise.all([close(), confirming.close()]);
});

let doc: OpenApiDocument;
let operations: Operation[];
/** `METHOD /path status` of every response the journey got (and checked). */
const reached = new Set<string>();

beforeAll(async () => {
  doc = await fetchDocument(app);
  operations = operationsOf(doc);
});

interface Actor {
  wallet: Wallet;
  headers: Record<string, string>;
}

// biome-ignore lint/suspicious/noExplicitAny: the journey navigates response bodies already validated.
type Body = any;

/**
 * Sends `init` to `path` as operation `key` and checks the answer: the expected status, and the
 * documented contract for it. Returns the parsed body and the response headers.
 */
async function step(
  key: string,
  path: string,
  expected: number,
  init: {
    method?: string;
    as?: Actor;
    json?: unknown;
    headers?: Record<string, string>;
    /** Another app on the same table (the one that never sees a sale final). */
    via?: typeof app;
  } = {},
): Promise<{ body: Body; headers: Headers }> {
  const operation = operations.find((op) => label(op) === key);
  if (!operation) throw new Error(`${key} is not documented`);
  const response = await (init.via ?? app).request(path, {
    method: operation.method,
    headers: {
      ...init.as?.headers,
      ...(init.json === undefined ? {} : { 'content-type': 'application/json' }),
      ...init.headers,
    },
    ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
  });
  const status = response.status;
  const body = await expectDocumented(doc, operation, response.clone()).catch((error: Error) => {
    throw new Error(`${error.message}\n${path}`);
  });
  if (status !== expected) {
    throw new Error(`${key} → ${status}, expected ${expected}: ${JSON.stringify(body)}`);
  }
  reached.add(`${key} ${status}`);
  return { body, headers: response.headers };
}

async function signedIn(stablecoinUnits = 0n): Promise<Actor> {
  const wallet = await fundedWallet(provider, stablecoinUnits);
  const { body: nonce } = await step('GET /auth/nonce', '/auth/nonce', 200);
  const message = siweMessage(wallet.address, nonce.nonce);
  const signature = await wallet.signMessage(message);
  const { body } = await step('POST /auth/verify', '/auth/verify', 200, { json: { message, signature } });
  return { wallet, headers: { authorization: `Bearer ${body.token}` } };
}

describe('every success response along a full journey keeps its documented schema', () => {
  let owner: Actor;
  let buyer: Actor;
  let modelId: string;
  let offerId: string;
  let licence: Body;
  const version = '1.0.0';
  const path = 'weights/model.bin';

  it('signs in, manages tokens and reads the public surface', async () => {
    await step('GET /health', '/health', 200);
    await step('GET /health/ready', '/health/ready', 200);
    await step('GET /.well-known/model-commons.json', '/.well-known/model-commons.json', 200);
    owner = await signedIn();
    await step('GET /me', '/me', 200, { as: owner });
    const { body: token } = await step('POST /me/tokens', '/me/tokens', 201, {
      as: owner,
      json: { name: 'journey', scopes: ['read'] },
    });
    await step('GET /me/tokens', '/me/tokens', 200, { as: owner });
    await step('DELETE /me/tokens/{tokenId}', `/me/tokens/${token.apiToken.id}`, 204, { as: owner });
  });

  it('publishes a model with a single-PUT file, a multipart declaration and an offer', async () => {
    const slug = `journey-${randomBytes(4).toString('hex')}`;
    const { body: model } = await step('POST /models', '/models', 201, {
      as: owner,
      json: { name: 'Journey', slug, task: 'text-generation', tags: ['journey'] },
    });
    modelId = model.id ?? model.modelId;
    const { headers } = await step('GET /models/{modelId}', `/models/${modelId}`, 200, { as: owner });
    await step('PATCH /models/{modelId}', `/models/${modelId}`, 200, {
      as: owner,
      json: { description: 'Walked end to end' },
      headers: { 'if-match': headers.get('etag') ?? '' },
    });
    await step('GET /me/models', '/me/models?limit=1', 200, { as: owner });
    const owners = await step('GET /models/{modelId}/split', `/models/${modelId}/split`, 200, { as: owner });
    await step('PUT /models/{modelId}/split', `/models/${modelId}/split`, 200, {
      as: owner,
      json: { recipients: [{ address: owner.wallet.address, bps: 10_000, role: 'author' }] },
      headers: { 'if-match': owners.headers.get('etag') ?? '' },
    });
    const versions = `/models/${modelId}/versions`;
    await step('POST /models/{modelId}/versions', versions, 201, { as: owner, json: { version } });
    await step('GET /models/{modelId}/versions', versions, 200, { as: owner });
    await step('GET /models/{modelId}/versions/{version}', `${versions}/${version}`, 200, { as: owner });

    const files = `${versions}/${version}/files`;
    const bytes = randomBytes(2048);
    const { body: single } = await step('POST /models/{modelId}/versions/{version}/files', files, 201, {
      as: owner,
      json: { path, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') },
    });
    const put = await fetch(single.upload.url, {
      method: 'PUT',
      headers: single.upload.headers,
      body: bytes,
    });
    expect(put.status).toBe(200);
    await step(
      'POST /models/{modelId}/versions/{version}/files/{fileId}/complete',
      `${files}/${single.fileId}/complete`,
      200,
      { as: owner, json: {} },
    );

    // A multipart declaration is never uploaded: its part URLs and part list are checked, then it goes.
    const { body: multipart } = await step('POST /models/{modelId}/versions/{version}/files', files, 201, {
      as: owner,
      json: { path: 'weights/big.bin', size: config.uploads.singlePutMaxBytes + 1, sha256: 'c'.repeat(64) },
    });
    expect(multipart.upload.kind).toBe('multipart');
    const parts = `${files}/${multipart.fileId}/parts`;
    await step('POST /models/{modelId}/versions/{version}/files/{fileId}/parts', parts, 200, {
      as: owner,
      json: {
        parts: [
          { partNumber: 1, sha256: 'a'.repeat(64) },
          { partNumber: 2, sha256: 'b'.repeat(64) },
        ],
      },
    });
    await step('GET /models/{modelId}/versions/{version}/files/{fileId}/parts', parts, 200, { as: owner });
    await step(
      'DELETE /models/{modelId}/versions/{version}/files/{fileId}',
      `${files}/${multipart.fileId}`,
      204,
      { as: owner },
    );
    await step('POST /models/{modelId}/versions/{version}/publish', `${versions}/${version}/publish`, 200, {
      as: owner,
    });

    const offers = `/models/${modelId}/offers`;
    const { body: offer } = await step('POST /models/{modelId}/offers', offers, 201, {
      as: owner,
      json: {
        name: 'Standard',
        terms: {
          commercialUse: true,
          derivatives: 'allowed',
          attribution: true,
          durationDays: null,
          seats: 1,
          transferable: true,
          spdxId: 'MIT',
        },
        price: { amount: PRICE.toString(), chainId: stack().chainId, currency: stack().stablecoin },
      },
    });
    offerId = offer.id ?? offer.offerId;
    await step('GET /models/{modelId}/offers', offers, 200, { as: owner });
    await step('GET /models/{modelId}/offers/{offerId}', `${offers}/${offerId}`, 200, { as: owner });
    await step('PATCH /models/{modelId}/offers/{offerId}', `${offers}/${offerId}`, 200, {
      as: owner,
      json: { name: 'Standard licence' },
    });
    // On-chain selling: the model's market status, and the owner's signature of the offer's typed data.
    await step('GET /models/{modelId}/market', `/models/${modelId}/market`, 200, { as: owner });
    const { body: typed } = await step(
      'GET /models/{modelId}/offers/{offerId}/typed-data',
      `${offers}/${offerId}/typed-data`,
      200,
      { as: owner },
    );
    await step('PUT /models/{modelId}/offers/{offerId}/signature', `${offers}/${offerId}/signature`, 200, {
      as: owner,
      json: {
        signature: await owner.wallet.signTypedData(typed.domain, typed.types, typed.message),
        validUntil: typed.message.validUntil,
        maxFeeBps: typed.message.maxFeeBps,
      },
    });
    await step('POST /models/{modelId}/publish', `/models/${modelId}/publish`, 200, { as: owner });
    await step('GET /models', '/models?tag=journey&limit=1', 200);
  });

  it('sells a licence through the contract: registration, order, confirming payment, final payment, download', async () => {
    // Anyone may read the registration; the owner's wallet sends the transactions it lists.
    const { body: onChain } = await step('GET /models/{modelId}/market', `/models/${modelId}/market`, 200);
    expect(onChain.calls.length).toBeGreaterThan(0);
    await sendCalls(owner.wallet, onChain.calls);

    buyer = await signedIn(PRICE);
    const { body: order } = await step('POST /orders', '/orders', 201, { as: buyer, json: { offerId } });
    await step('GET /orders/{orderId}', `/orders/${order.id}`, 200, { as: buyer });
    await step('GET /me/orders', '/me/orders?limit=1', 200, { as: buyer });
    const txHash = await sendCalls(buyer.wallet, order.sale.calls);
    const payment = `/orders/${order.id}/payment`;
    await step('POST /orders/{orderId}/payment', payment, 202, {
      as: buyer,
      json: { txHash },
      via: confirming.app,
    });
    await provider.send('anvil_mine', [`0x${CONFIRMATIONS.toString(16)}`]);
    const { body: paid } = await step('POST /orders/{orderId}/payment', payment, 200, {
      as: buyer,
      json: { txHash },
    });
    licence = paid.licence;
    const { chainId, tokenId } = licence.onChain;
    await step('GET /metadata/{chainId}/{tokenId}', `/metadata/${chainId}/${tokenId}`, 200);
    await step('GET /me/licences', '/me/licences?limit=1', 200, { as: buyer });
    await step('GET /licences/{licenceId}', `/licences/${licence.id}`, 200, { as: buyer });
    await step('POST /licences/verify', '/licences/verify', 200, { json: { token: licence.token } });
    await step(
      'GET /models/{modelId}/versions/{version}/files/{path}/download',
      `/models/${modelId}/versions/${version}/files/${encodeURIComponent(path)}/download`,
      200,
      { as: buyer },
    );
  });

  it("shows the owner's sales and earnings, revokes the licence, delists and signs out", async () => {
    await step('GET /models/{modelId}/sales', `/models/${modelId}/sales?limit=1`, 200, { as: owner });
    const { body: earnings } = await step('GET /me/earnings', '/me/earnings', 200, { as: owner });
    // The sale's money is on the contract: the owner's earnings carry the transaction that withdraws it.
    expect(
      earnings.onChain.find((entry: { currency: string }) => entry.currency === stack().stablecoin)?.withdraw,
    ).toMatchObject({ to: stack().market.address });
    await step('POST /licences/{licenceId}/revoke', `/licences/${licence.id}/revoke`, 200, {
      as: owner,
      json: { reason: 'journey over' },
    });
    await step('POST /models/{modelId}/delist', `/models/${modelId}/delist`, 200, { as: owner });
    await step('POST /auth/logout', '/auth/logout', 204, { as: owner });
  });

  it('reached every documented success response (a new route needs a step above)', () => {
    const successes = operations.flatMap((op) =>
      op.responses.filter((status) => status.startsWith('2')).map((status) => `${label(op)} ${status}`),
    );
    expect(successes.filter((key) => !reached.has(key))).toEqual([]);
  });
});
