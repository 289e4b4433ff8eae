/**
 * Authorization matrix generated from /openapi.json: every operation × {anonymous, read-only token,
 * token without the needed scope, another signed-in user, licensee, model owner} → the documented
 * refusal. Nothing is hand-picked except the documented exceptions below, each with its reason.
 */
import { Contract, type JsonRpcProvider } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken, type SignedIn, signIn } from '#test/helpers/auth.js';
import { createPublishedModel } from '#test/helpers/catalogue.js';
import { ERC20_ABI, fundedWallet, testProvider } from '#test/helpers/chain.js';
import { requestOk } from '#test/helpers/http.js';
import { custodialChains, stack, testApp } from '#test/helpers/stack.js';
import {
  fetchDocument,
  label,
  type OpenApiDocument,
  type Operation,
  operationsOf,
  wellFormedRequest,
} from './openapi-operations.js';

// High confirmations so other files' occasional blocks never settle our payment early; we mine ourselves.
const CONFIRMATIONS = 25;
const { app, close } = testApp({ CHAINS: custodialChains(CONFIRMATIONS) });
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

async function buyLicence(buyer: SignedIn, offerId: string) {
  const wallet = await fundedWallet(provider, 100_000_000n);
  const session = await signIn(app, wallet);
  const quote = await call(session, 'POST', '/orders', { offerId });
  const token = new Contract(stack().stablecoin, ERC20_ABI, wallet);
  const tx = await token.getFunction('transfer')(quote.payTo, BigInt(quote.amount));
  await tx.wait();
  await provider.send('anvil_mine', [`0x${CONFIRMATIONS.toString(16)}`]);
  const paid = await call(session, 'POST', `/orders/${quote.id}/payment`, { txHash: tx.hash });
  Object.assign(buyer, session);
  return { orderId: quote.id as string, licenceId: paid.licence.id as string };
}

beforeAll(async () => {
  doc = await fetchDocument(app);
  operations = operationsOf(doc);
  const owner = await signIn(app);
  const other = await signIn(app);
  const contributor = await signIn(app);
  const buyer = {} as SignedIn;

  const model = await createPublishedModel(app, owner, {
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

  const bought = await buyLicence(buyer, model.offerId);
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
    order: { orderId: bought.orderId },
    licence: { licenceId: bought.licenceId },
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

  it("the model owner cannot transfer a buyer's licence", async () => {
    const response = await app.request(`/licences/${f.licence.licenceId}/transfer`, {
      method: 'POST',
      headers: { ...f.owner.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ to: f.other.address }),
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

  it("the model owner cannot read or pay the buyer's order", async () => {
    const read = await app.request(`/orders/${f.order.orderId}`, { headers: f.owner.headers });
    expect(read.status).toBe(404);
  });
});

async function currentEtag(op: Operation, values: Record<string, string>): Promise<string | undefined> {
  if (!op.parameters.some((p) => p.in === 'header' && p.name === 'if-match')) return undefined;
  const getOp = operations.find((candidate) => candidate.method === 'GET' && candidate.path === op.path);
  if (!getOp) return undefined;
  const [path, init] = wellFormedRequest(doc, getOp, f.owner.headers, values);
  return (await app.request(path, init)).headers.get('etag') ?? undefined;
}
