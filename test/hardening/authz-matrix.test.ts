/**
 * Authorization matrix generated from /openapi.json: every operation × {anonymous, read-only token,
 * token without the needed scope, another signed-in user, licensee, model owner} → the documented
 * refusal. Nothing is hand-picked except the documented exceptions below, each with its reason.
 * The licence is bought through the marketplace contract; the per-object rules of that path (the
 * offer's typed data and signature, someone else's payment, whose earnings) have rows of their own.
 */
import { Interface, type JsonRpcProvider } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MARKET_ABI } from '#adapters/chain/market-abi.js';
import { createApiToken, type SignedIn, signIn } from '#test/helpers/auth.js';
import { fundedWallet, testProvider } from '#test/helpers/chain.js';
import { json, requestOk } from '#test/helpers/http.js';
import {
  buyLicence,
  placeOrder,
  publishForSale,
  sendCalls,
  submitPayment,
} from '#test/helpers/market-flow.js';
import { stack, testApp } from '#test/helpers/stack.js';
import {
  fetchDocument,
  label,
  type OpenApiDocument,
  type Operation,
  operationsOf,
  wellFormedRequest,
} from './openapi-operations.js';

const { app, config, close } = testApp();
// Nothing here asserts "still confirming": we mine exactly what finality needs after each sale.
const CONFIRMATIONS = config.chains[0]?.confirmations ?? 1;
const PRICE = 25_000_000n;
const provider: JsonRpcProvider = testProvider();
afterAll(async () => {
  provider.destroy();
  await close();
});

const SCOPE_CODES = ['INSUFFICIENT_SCOPE', 'SESSION_REQUIRED'];

/**
 * Non-GET operations a read-only API token may call, and what it gets. Everything else that is
 * not GET must refuse a read-only token with 403.
 */
// None today: token management (create and revoke) needs a wallet session, so a leaked read token
// cannot revoke the owner's other tokens.
const READ_TOKEN_EXCEPTIONS: Record<string, { status: number; why: string }> = {};

/** Secured GETs that need more than `read`, and why. */
const GET_NEEDS_MORE_THAN_READ: Record<string, { scope: string; why: string }> = {
  'GET /models/{modelId}/versions/{version}/files/{fileId}/parts': {
    scope: 'publish',
    why: 'resuming an upload is part of publishing; a read-only token never uploads',
  },
};

interface Fixtures {
  owner: SignedIn;
  /** A revenue-split recipient of the published model (not its owner). */
  contributor: SignedIn;
  buyer: SignedIn;
  other: SignedIn;
  readToken: Record<string, string>;
  tokensWithout: Record<string, Record<string, string>>;
  tokensWithOnly: Record<string, Record<string, string>>;
  /** Path values naming real objects, by owner: `draft` and `published` belong to `owner`. */
  draft: Record<string, string>;
  published: Record<string, string>;
  order: Record<string, string>;
  licence: Record<string, string>;
  ownerToken: Record<string, string>;
}

let doc: OpenApiDocument;
let operations: Operation[];
let f: Fixtures;

const call = (user: SignedIn, method: string, path: string, body?: unknown) =>
  requestOk(app, user, method, path, body);

beforeAll(async () => {
  doc = await fetchDocument(app);
  operations = operationsOf(doc);
  // The owner registers the model on the contract (gas); the buyer pays for two licences.
  const owner = await signIn(app, await fundedWallet(provider));
  const other = await signIn(app);
  const contributor = await signIn(app);
  const buyer = await signIn(app, await fundedWallet(provider, PRICE * 2n));

  const model = await publishForSale(app, owner, {
    price: PRICE.toString(),
    split: [
      { address: owner.address, bps: 8000, role: 'author' },
      { address: contributor.address, bps: 2000, role: 'data' },
    ],
  });
  const version = await call(owner, 'GET', `/models/${model.modelId}/versions/${model.version}`);
  const published = {
    modelId: model.modelId,
    version: model.version,
    offerId: model.offerId,
    fileId: version.files[0].fileId,
    path: model.path,
  };

  const draftModel = await call(owner, 'POST', '/models', {
    name: 'Draft',
    slug: `d-${Date.now().toString(36)}`,
    task: 'text-generation',
  });
  const draftId: string = draftModel.id ?? draftModel.modelId;
  await call(owner, 'POST', `/models/${draftId}/versions`, { version: '0.1.0' });
  const declared = await call(owner, 'POST', `/models/${draftId}/versions/0.1.0/files`, {
    path: 'weights/draft.bin',
    size: 10,
    sha256: '0'.repeat(64),
  });
  const offer = await call(owner, 'POST', `/models/${draftId}/offers`, {
    name: 'Draft offer',
    terms: {
      commercialUse: true,
      derivatives: 'allowed',
      attribution: true,
      durationDays: null,
      seats: 1,
      transferable: true,
      spdxId: 'MIT',
    },
    price: { amount: '1000', chainId: stack().chainId, currency: stack().stablecoin },
  });
  const draft = {
    modelId: draftId,
    version: '0.1.0',
    fileId: declared.fileId,
    offerId: offer.id ?? offer.offerId,
    path: 'weights/draft.bin',
  };

  const bought = await buyLicence(app, buyer, model.offerId, { confirmations: CONFIRMATIONS });
  const readToken = await createApiToken(app, owner, ['read']);
  const scopes = ['read', 'publish', 'purchase'];
  const tokensWithout: Record<string, Record<string, string>> = {};
  const tokensWithOnly: Record<string, Record<string, string>> = {};
  for (const scope of ['publish', 'purchase']) {
    tokensWithout[scope] = await createApiToken(
      app,
      owner,
      scopes.filter((s) => s !== scope),
    );
    tokensWithOnly[scope] = await createApiToken(app, owner, [scope]);
  }
  const tokens = await call(owner, 'GET', '/me/tokens');
  f = {
    owner,
    contributor,
    buyer,
    other,
    readToken,
    tokensWithout,
    tokensWithOnly,
    draft,
    published,
    order: { orderId: bought.quote.id },
    licence: { licenceId: bought.licence.id },
    ownerToken: { tokenId: tokens.items[0].id },
  };
}, 120_000);

async function send(operation: Operation, credentials: Record<string, string>, pathValues = {}) {
  const [path, init] = wellFormedRequest(doc, operation, credentials, pathValues);
  const response = await app.request(path, init);
  const text = await response.text();
  let code: string | undefined;
  try {
    code = JSON.parse(text)?.error?.code;
  } catch {}
  return { status: response.status, code, details: safeDetails(text), path };
}

function safeDetails(text: string): unknown {
  try {
    return JSON.parse(text)?.error?.details;
  } catch {
    return undefined;
  }
}

/** Runs `check` for every operation and reports all offenders at once (one readable diff). */
async function everyOperation(
  select: (operation: Operation) => boolean,
  check: (operation: Operation) => Promise<string | undefined>,
) {
  const selected = operations.filter(select);
  expect(selected.length).toBeGreaterThan(0);
  const offenders = (await Promise.all(selected.map(check))).filter(Boolean);
  expect(offenders).toEqual([]);
}

const isRead = (operation: Operation) => operation.method === 'GET';

describe('anonymous callers', () => {
  it('get 401 UNAUTHENTICATED from every secured operation, before any lookup of fake ids', async () => {
    await everyOperation(
      (op) => op.secured,
      async (op) => {
        const { status, code, path } = await send(op, {});
        return status === 401 && code === 'UNAUTHENTICATED'
          ? undefined
          : `${label(op)} ${path} → ${status} ${code}`;
      },
    );
  });

  it('get 401 from every secured operation on real objects too', async () => {
    const values = { ...f.published, ...f.order, ...f.licence, ...f.ownerToken };
    await everyOperation(
      (op) => op.secured,
      async (op) => {
        const { status, path } = await send(op, {}, values);
        return status === 401 ? undefined : `${label(op)} ${path} → ${status}`;
      },
    );
  });

  it('get 401 for a garbage bearer credential rather than being treated as anonymous', async () => {
    await everyOperation(
      (op) => op.secured,
      async (op) => {
        const { status } = await send(op, { authorization: 'Bearer mct_not-a-real-token' });
        return status === 401 ? undefined : `${label(op)} → ${status}`;
      },
    );
  });
});

describe('anonymous callers with a malformed body', () => {
  it('are told to sign in (401) before their input is validated', async () => {
    const findings: string[] = [];
    for (const op of operations.filter((o) => o.secured)) {
      const [path, init] = wellFormedRequest(doc, op, {}, {}, { unexpected: [1, 2, 3] });
      for (const body of [JSON.stringify({ unexpected: [1, 2, 3] }), '{"broken":', undefined]) {
        const response = await app.request(path, { ...init, body: op.method === 'GET' ? undefined : body });
        if (response.status !== 401) findings.push(`${label(op)} ${body} → ${response.status}`);
      }
    }
    expect(findings).toEqual([]);
  });

  it('are told to sign in (401) even with malformed path parameters and query strings', async () => {
    const findings: string[] = [];
    for (const op of operations.filter((o) => o.secured)) {
      const path = `${op.path.replace(/\{\w+\}/g, 'x'.repeat(300))}?limit=100000`;
      const response = await app.request(path, { method: op.method });
      if (response.status !== 401) findings.push(`${label(op)} → ${response.status}`);
    }
    expect(findings).toEqual([]);
  });
});

describe('cookie sessions (CSRF)', () => {
  it('every state-changing secured operation refuses a session cookie without an allowed Origin', async () => {
    const cookie = `mc_session=${f.owner.token}`;
    await everyOperation(
      (op) => op.secured && !isRead(op),
      async (op) => {
        for (const origin of [undefined, 'https://evil.example', 'null']) {
          const headers: Record<string, string> = { cookie, ...(origin ? { origin } : {}) };
          const { status, code } = await send(op, headers, f.draft);
          if (status !== 403 || code !== 'CSRF_REJECTED')
            return `${label(op)} origin=${origin} → ${status} ${code}`;
        }
        return undefined;
      },
    );
  });

  it('the same cookie works for reads without an Origin (GET is safe)', async () => {
    const response = await app.request('/me', { headers: { cookie: `mc_session=${f.owner.token}` } });
    expect(response.status).toBe(200);
  });
});

describe('API tokens with too few scopes', () => {
  it('a read-only token gets 403 from every state-changing operation (documented exceptions aside)', async () => {
    const values = { ...f.draft, ...f.order, ...f.licence };
    await everyOperation(
      (op) => op.secured && !isRead(op),
      async (op) => {
        const exception = READ_TOKEN_EXCEPTIONS[label(op)];
        const { status, code } = await send(op, f.readToken, exception ? {} : values);
        if (exception) return status === exception.status ? undefined : `${label(op)} → ${status} ${code}`;
        return status === 403 && SCOPE_CODES.includes(code ?? '')
          ? undefined
          : `${label(op)} → ${status} ${code}`;
      },
    );
  });

  it('a read-only token never gets a 2xx from a non-GET operation, whatever the object', async () => {
    const valueSets = [{}, f.draft, f.published, { ...f.order, ...f.licence }];
    await everyOperation(
      (op) => op.secured && !isRead(op),
      async (op) => {
        for (const values of valueSets) {
          const { status, path } = await send(op, f.readToken, values);
          if (status < 300) return `${label(op)} ${path} → ${status}`;
        }
        return undefined;
      },
    );
  });

  it('the scope a route asks for is the one that unlocks it, and no other combination does', async () => {
    await everyOperation(
      (op) => op.secured && !isRead(op),
      async (op) => {
        const refused = await send(op, f.readToken);
        if (refused.code !== 'INSUFFICIENT_SCOPE') return undefined; // session-only or exception
        const needed = (refused.details as { scope?: string })?.scope;
        if (needed !== 'publish' && needed !== 'purchase') return `${label(op)} asks for ${needed}`;
        const without = await send(op, f.tokensWithout[needed] as Record<string, string>);
        const only = await send(op, f.tokensWithOnly[needed] as Record<string, string>);
        if (without.status !== 403 || without.code !== 'INSUFFICIENT_SCOPE')
          return `${label(op)} without ${needed} → ${without.status} ${without.code}`;
        if (only.code === 'INSUFFICIENT_SCOPE') return `${label(op)} with only ${needed} still refused`;
        return undefined;
      },
    );
  });

  it('a read-only token is enough for every secured GET (documented exceptions aside)', async () => {
    await everyOperation(
      (op) => op.secured && isRead(op),
      async (op) => {
        const { status, code, details } = await send(op, f.readToken);
        const exception = GET_NEEDS_MORE_THAN_READ[label(op)];
        if (exception) {
          const scope = (details as { scope?: string })?.scope;
          return status === 403 && scope === exception.scope ? undefined : `${label(op)} → ${status} ${code}`;
        }
        return status === 401 || status === 403 ? `${label(op)} → ${status} ${code}` : undefined;
      },
    );
  });
});

describe("other signed-in users on someone else's objects", () => {
  /** The fixture objects, and whether an unsecured GET may show them to anyone. */
  const objects = () => [
    { name: 'draft model', values: f.draft, publicReads: false },
    { name: 'published model', values: f.published, publicReads: true },
    { name: "buyer's order and licence", values: { ...f.order, ...f.licence }, publicReads: false },
    { name: "owner's API token", values: f.ownerToken, publicReads: false },
  ];

  const pathParams = (op: Operation) => [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);

  it('never get a 2xx, only 403 or 404, from any operation naming those objects', async () => {
    const offenders: string[] = [];
    for (const object of objects()) {
      const applicable = operations.filter((op) => {
        const params = pathParams(op);
        return (
          params.length > 0 && params.every((p) => p in object.values) && (op.secured || !object.publicReads)
        );
      });
      expect(applicable.length, object.name).toBeGreaterThan(0);
      for (const op of applicable) {
        // Send the owner's current ETag so a 412 cannot stand in for the ownership check.
        const etag = await currentEtag(op, object.values);
        const [path, init] = wellFormedRequest(
          doc,
          op,
          { ...f.other.headers, ...(etag ? { 'if-match': etag } : {}) },
          object.values,
        );
        const response = await app.request(path, init);
        if (![403, 404].includes(response.status))
          offenders.push(`${object.name}: ${label(op)} → ${response.status} ${await response.text()}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('a licensee cannot revoke their own licence (only the model owner can)', async () => {
    const response = await app.request(`/licences/${f.licence.licenceId}/revoke`, {
      method: 'POST',
      headers: { ...f.buyer.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'self-service refund?' }),
    });
    expect([403, 404]).toContain(response.status);
  });

  it('a split contributor cannot change the model: every non-GET on it → 403 or 404', async () => {
    const offenders: string[] = [];
    const applicable = operations.filter(
      (op) => op.secured && !isRead(op) && op.path.startsWith('/models/{modelId}'),
    );
    expect(applicable.length).toBeGreaterThan(5);
    for (const op of applicable) {
      const etag = await currentEtag(op, f.published);
      const [path, init] = wellFormedRequest(
        doc,
        op,
        { ...f.contributor.headers, ...(etag ? { 'if-match': etag } : {}) },
        f.published,
      );
      const response = await app.request(path, init);
      if (![403, 404].includes(response.status)) offenders.push(`${label(op)} → ${response.status}`);
    }
    expect(offenders).toEqual([]);
  });

  it('a split contributor may download the files and see the sales (DESIGN.md access table)', async () => {
    const { modelId, version, path } = f.published as Record<string, string>;
    const download = await app.request(
      `/models/${modelId}/versions/${version}/files/${encodeURIComponent(path as string)}/download`,
      { headers: f.contributor.headers },
    );
    const sales = await app.request(`/models/${modelId}/sales`, { headers: f.contributor.headers });
    expect({ download: download.status, sales: sales.status }).toEqual({ download: 200, sales: 200 });
  });

  it("nobody can order a draft model's offer, not even its owner", async () => {
    for (const user of [f.other, f.owner]) {
      const response = await app.request('/orders', {
        method: 'POST',
        headers: { ...user.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ offerId: f.draft.offerId }),
      });
      expect([404, 409]).toContain(response.status);
    }
  });

  it("the model owner cannot read the buyer's order", async () => {
    const read = await app.request(`/orders/${f.order.orderId}`, { headers: f.owner.headers });
    expect(read.status).toBe(404);
  });
});

describe('the contract path, object by object', () => {
  const offerPath = () => `/models/${f.published.modelId}/offers/${f.published.offerId}`;

  async function errorOf(response: Response) {
    return { status: response.status, code: (await json(response)).error?.code };
  }

  it("nobody but the owner gets an offer's typed data, not even a split contributor", async () => {
    for (const user of [f.other, f.contributor, f.buyer]) {
      const response = await app.request(`${offerPath()}/typed-data`, { headers: user.headers });
      expect(await errorOf(response)).toEqual({ status: 404, code: 'OFFER_NOT_FOUND' });
    }
  });

  it("nobody but the owner can attach a signature, even the owner's own valid one", async () => {
    // The owner signs a revision with a deadline of our choosing, so its digest differs from the current one.
    const typed = await call(f.owner, 'GET', `${offerPath()}/typed-data`);
    const message = { ...typed.message, validUntil: (BigInt(typed.message.validUntil) + 3600n).toString() };
    const body = {
      signature: await f.owner.wallet.signTypedData(typed.domain, typed.types, message),
      validUntil: message.validUntil,
      maxFeeBps: message.maxFeeBps,
    };
    const before = await call(f.owner, 'GET', offerPath());
    for (const user of [f.other, f.contributor, f.buyer]) {
      const ownSignature = await user.wallet.signTypedData(typed.domain, typed.types, message);
      for (const attempt of [body, { ...body, signature: ownSignature }]) {
        const response = await app.request(`${offerPath()}/signature`, {
          method: 'PUT',
          headers: { ...user.headers, 'content-type': 'application/json' },
          body: JSON.stringify(attempt),
        });
        expect(await errorOf(response)).toEqual({ status: 404, code: 'OFFER_NOT_FOUND' });
      }
    }
    expect((await call(f.owner, 'GET', offerPath())).market).toEqual(before.market);
    // The refused signature was valid: the owner attaches the same body and it becomes current.
    const signed = await call(f.owner, 'PUT', `${offerPath()}/signature`, body);
    expect(signed.market).toMatchObject({
      signed: true,
      validUntil: new Date(Number(message.validUntil) * 1000).toISOString(),
    });
    expect(signed.market.offerDigest).not.toBe(before.market.offerDigest);
  });

  it("nobody else can submit the payment of the buyer's order, even with its real, final transaction", async () => {
    const ordered = await placeOrder(app, f.buyer, f.published.offerId as string);
    expect(ordered.status).toBe(201);
    const txHash = await sendCalls(f.buyer.wallet, ordered.body.sale.calls);
    await provider.send('anvil_mine', [`0x${CONFIRMATIONS.toString(16)}`]);

    for (const user of [f.other, f.owner, f.contributor]) {
      const refused = await submitPayment(app, user, ordered.body.id, txHash);
      expect({ status: refused.status, code: refused.body.error?.code }).toEqual({
        status: 404,
        code: 'ORDER_NOT_FOUND',
      });
    }
    expect((await call(f.buyer, 'GET', `/orders/${ordered.body.id}`)).status).toBe('awaiting_payment');

    // The same transaction on one's own order buys nothing: it was the sale of the buyer's order.
    const own = await placeOrder(app, f.other, f.published.offerId as string);
    const claimed = await submitPayment(app, f.other, own.body.id, txHash);
    expect({ status: claimed.status, code: claimed.body.error?.code }).toEqual({
      status: 422,
      code: 'SALE_OF_ANOTHER_ORDER',
    });

    const paid = await submitPayment(app, f.buyer, ordered.body.id, txHash);
    expect(paid.status).toBe(200);
    expect(paid.body.licence.licensee).toBe(f.buyer.address);
    const otherLicences = await call(f.other, 'GET', '/me/licences');
    expect(otherLicences.items).toEqual([]);
  });

  it('GET /me/earnings shows each caller only its own credits, and a withdrawal that pays only the caller', async () => {
    const { modelId } = f.published;
    const sales = await call(f.owner, 'GET', `/models/${modelId}/sales?limit=100`);
    const market = new Interface(MARKET_ABI);
    type Line = { saleId: string; role: string; amount: string };
    type Sale = { saleId: string; credits: Array<{ recipient: string; role: string; amount: string }> };
    const sorted = (lines: Line[]) =>
      lines.map(({ saleId, role, amount }) => `${saleId} ${role} ${amount}`).sort();

    for (const user of [f.owner, f.contributor, f.buyer, f.other]) {
      const earnings = await call(user, 'GET', '/me/earnings');
      // What the sales say this caller earned: exactly what its history must list, nothing more.
      const expected: Line[] = sales.items.flatMap((sale: Sale) =>
        sale.credits
          .filter((credit) => credit.recipient === user.address)
          .map((credit) => ({ saleId: sale.saleId, role: credit.role, amount: credit.amount })),
      );
      const history = earnings.history.filter((credit: { modelId: string }) => credit.modelId === modelId);
      expect(sorted(history), user.address).toEqual(sorted(expected));

      const earns = user === f.owner || user === f.contributor;
      expect(expected.length > 0, user.address).toBe(earns);
      const held = earnings.onChain.filter(
        (entry: { market: string }) => entry.market === stack().market.address,
      );
      expect(held.length).toBeGreaterThan(0);
      for (const entry of held) {
        if (!entry.withdraw) continue;
        const [, account] = market.decodeFunctionData('distributeAndWithdraw', entry.withdraw.data);
        expect({ to: entry.withdraw.to, account }).toEqual({
          to: stack().market.address,
          account: user.address,
        });
      }
      const withdrawals = held.filter((entry: { withdraw: unknown }) => entry.withdraw !== null);
      expect(withdrawals.length > 0, user.address).toBe(earns);
    }
  });
});

async function currentEtag(op: Operation, values: Record<string, string>): Promise<string | undefined> {
  if (!op.parameters.some((p) => p.in === 'header' && p.name === 'if-match')) return undefined;
  const getOp = operations.find((candidate) => candidate.method === 'GET' && candidate.path === op.path);
  if (!getOp) return undefined;
  const [path, init] = wellFormedRequest(doc, getOp, f.owner.headers, values);
  return (await app.request(path, init)).headers.get('etag') ?? undefined;
}
