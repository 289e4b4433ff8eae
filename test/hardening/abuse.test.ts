/**
 * Abuse: oversized and deeply nested bodies, huge page sizes, malformed JSON and nonce farming get
 * their documented 4xx (never a 5xx), and other clients keep being served while it happens.
 * Latency is measured and printed, never asserted (timings flake on a loaded 2-core machine).
 */
import { randomBytes } from 'node:crypto';
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedIn, siweMessage } from '#test/helpers/auth.js';
import { json } from '#test/helpers/http.js';
import { awayFromWindowEdge } from '#test/helpers/rate-window.js';
import { testApp } from '#test/helpers/stack.js';
import {
  fetchDocument,
  label,
  type OpenApiDocument,
  type Operation,
  operationsOf,
  wellFormedRequest,
} from './openapi-operations.js';

const AUTH_LIMIT = 20;
const UPLOADS_IN_FLIGHT = 10;
const { app, config, close } = testApp({
  AUTH_RATE_LIMIT_PER_MINUTE: String(AUTH_LIMIT),
  UPLOAD_MAX_CONCURRENT: String(UPLOADS_IN_FLIGHT),
});
afterAll(close);

let doc: OpenApiDocument;
let operations: Operation[];
let user: SignedIn;

/** Node-server bindings naming the client's address: the per-client limit keys on it. */
const fromClient = (address: string) => ({ incoming: { socket: { remoteAddress: address } } });
/** A fresh client address per call site, so parallel runs never share a rate-limit bucket. */
const newClient = () => `10.${randomBytes(3).join('.')}`;

/**
 * app.request from a fresh client address. This app's /auth limit is low and its buckets live in the
 * shared table, where the default client ('unknown') is every other test file's: never use it here.
 */
const send = (path: string, init: RequestInit = {}) => app.request(path, init, fromClient(newClient()));

/**
 * signIn() from a given client address: every /auth request here names its client, because the
 * limiter's buckets live in the shared table and the default 'unknown' client is every other file's.
 */
async function signInFrom(client: string): Promise<SignedIn> {
  const wallet = new Wallet(Wallet.createRandom().privateKey);
  const nonce = (await json(await app.request('/auth/nonce', {}, fromClient(client)))).nonce;
  const message = siweMessage(wallet.address, nonce);
  const response = await app.request(
    '/auth/verify',
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message, signature: await wallet.signMessage(message) }),
    },
    fromClient(client),
  );
  if (response.status !== 200) throw new Error(`sign-in: ${response.status} ${await response.text()}`);
  const { token, address } = await json(response);
  return { token, address, wallet, headers: { authorization: `Bearer ${token}` } };
}

beforeAll(async () => {
  doc = await fetchDocument(app);
  operations = operationsOf(doc);
  user = await signInFrom(newClient());
});

async function expectError(response: Response, status: number, code: string) {
  const text = await response.text();
  let body: { error?: { code?: string; message?: string } } = {};
  try {
    body = JSON.parse(text);
  } catch {}
  expect({ status: response.status, code: body.error?.code }, text.slice(0, 300)).toEqual({ status, code });
  expect(typeof body.error?.message).toBe('string');
}

const postRaw = (path: string, body: string, headers: Record<string, string> = {}) =>
  send(path, {
    method: 'POST',
    headers: { ...user.headers, 'content-type': 'application/json', ...headers },
    body,
  });

describe('oversized bodies', () => {
  it('answers 413 PAYLOAD_TOO_LARGE when Content-Length declares too much', async () => {
    const body = JSON.stringify({
      name: 'x',
      slug: 'big',
      task: 'tt',
      description: 'a'.repeat(config.limits.maxBodyBytes),
    });
    await expectError(
      await postRaw('/models', body, { 'content-length': String(body.length) }),
      413,
      'PAYLOAD_TOO_LARGE',
    );
  });

  it('answers 413 for a streamed body without Content-Length that grows past the limit', async () => {
    const chunk = new TextEncoder().encode('a'.repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > config.limits.maxBodyBytes * 2) return controller.close();
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const response = await send('/models', {
      method: 'POST',
      headers: { ...user.headers, 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    await expectError(response, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('answers 413 on public routes too (before any sign-in)', async () => {
    const body = JSON.stringify({ token: 'a'.repeat(config.limits.maxBodyBytes) });
    const response = await send('/licences/verify', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(body.length) },
      body,
    });
    await expectError(response, 413, 'PAYLOAD_TOO_LARGE');
  });
});

describe('deeply nested JSON', () => {
  const deepArray = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
  const deepObject = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

  it.each([
    ['10k nested arrays as the whole body', () => deepArray(10_000)],
    ['10k nested objects as the whole body', () => deepObject(10_000)],
    ['10k nested arrays inside a known field', () => `{"name":${deepArray(10_000)},"slug":"ab","task":"tt"}`],
    ['40k nested arrays (as deep as the body limit allows)', () => deepArray(40_000)],
  ])('answers 400 (not 500) for %s', async (_, body) => {
    const response = await postRaw('/models', body());
    expect(response.status).toBe(400);
    expect((await json(response)).error.code).toBe('INVALID_INPUT');
  });

  it('ignores 10k nested objects under an unknown field (stripped, never stored or echoed)', async () => {
    const slug = `deep-${randomBytes(4).toString('hex')}`;
    const response = await postRaw(
      '/models',
      `{"name":"n","slug":"${slug}","task":"tt","x":${deepObject(10_000)}}`,
    );
    expect(response.status).toBe(201);
    expect(await json(response)).not.toHaveProperty('x');
  });

  it('answers 400 for deep JSON on every documented body, signed in', async () => {
    const findings: string[] = [];
    for (const op of operations.filter((o) => o.bodySchema)) {
      const [path, init] = wellFormedRequest(doc, op, user.headers);
      const response = await send(path, { ...init, body: deepObject(10_000) });
      if (response.status >= 500 || response.status < 400) findings.push(`${label(op)} → ${response.status}`);
    }
    expect(findings).toEqual([]);
  });
});

describe('page sizes', () => {
  it('answers 400 INVALID_INPUT for limit=100000 on every paged operation', async () => {
    const paged = operations.filter((op) =>
      op.parameters.some((p) => p.in === 'query' && p.name === 'limit'),
    );
    expect(paged.length).toBeGreaterThanOrEqual(4);
    for (const op of paged) {
      const [path, init] = wellFormedRequest(doc, op, user.headers);
      for (const limit of ['100000', '0', '-1', '1e9', 'abc', '']) {
        const response = await send(`${path}?limit=${limit}`, init);
        if (limit === '') {
          expect(response.status, `${label(op)} limit=''`).toBeLessThan(500);
          continue;
        }
        await expectError(response, 400, 'INVALID_INPUT');
      }
    }
  });
});

describe('malformed JSON', () => {
  it.each(['{"name":', '{name: 1}', "{'a':1}", '[1,]', 'NaN', '\u0000', '{"a":1}}'])(
    'answers 400 INVALID_JSON for %j on every documented body',
    async (text) => {
      const findings: string[] = [];
      for (const op of operations.filter((o) => o.bodySchema)) {
        const [path, init] = wellFormedRequest(doc, op, user.headers);
        const response = await send(path, { ...init, body: text });
        const code = response.status === 400 ? (await json(response)).error?.code : undefined;
        if (code !== 'INVALID_JSON') findings.push(`${label(op)} → ${response.status} ${code ?? ''}`);
      }
      expect(findings).toEqual([]);
    },
  );

  it('answers a 4xx in the envelope for a body that is not JSON at all', async () => {
    const response = await postRaw('/models', 'name=x&slug=ab', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(typeof (await json(response)).error.code).toBe('string');
  });
});

describe('many uploads at once', () => {
  it(`lets exactly ${UPLOADS_IN_FLIGHT} of 40 concurrent file declarations through; the rest get 409, none 5xx`, async () => {
    const model = await json(
      await postRaw(
        '/models',
        JSON.stringify({ name: 'Uploads', slug: `up-${randomBytes(4).toString('hex')}`, task: 'tt' }),
      ),
    );
    const modelId: string = model.id ?? model.modelId;
    expect((await postRaw(`/models/${modelId}/versions`, JSON.stringify({ version: '1.0.0' }))).status).toBe(
      201,
    );
    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        postRaw(
          `/models/${modelId}/versions/1.0.0/files`,
          JSON.stringify({ path: `shard-${i}.bin`, size: 10, sha256: 'b'.repeat(64) }),
        ),
      ),
    );
    const outcomes = await Promise.all(
      responses.map(async (response) =>
        `${response.status} ${(await json(response)).error?.code ?? ''}`.trim(),
      ),
    );
    const tally = Object.fromEntries(
      [...new Set(outcomes)].map((o) => [o, outcomes.filter((x) => x === o).length]),
    );
    expect(tally).toEqual({
      '201': UPLOADS_IN_FLIGHT,
      '409 QUOTA_CONCURRENT_UPLOADS': 40 - UPLOADS_IN_FLIGHT,
    });
  });
});

describe('nonce farming', () => {
  function percentile(samples: number[], p: number): number {
    const sorted = [...samples].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
  }

  /** Alternates a pure-app read with /health/ready, which reads DynamoDB, S3 and the chain. */
  async function timedNormalRequests(count: number, client: string): Promise<number[]> {
    const samples: number[] = [];
    for (let i = 0; i < count; i++) {
      const started = performance.now();
      const path = i % 2 === 0 ? '/.well-known/model-commons.json' : '/health/ready';
      const response = await app.request(path, {}, fromClient(client));
      await response.arrayBuffer();
      expect(response.status).toBe(200);
      samples.push(performance.now() - started);
    }
    return samples;
  }

  it(`limits one client to ${AUTH_LIMIT} /auth requests a minute while another still signs in`, async () => {
    const attacker = fromClient(newClient());
    const bystander = newClient();
    const baseline = await timedNormalRequests(30, bystander);

    // The attacker fires 10× its allowance in waves while a normal client keeps browsing, all
    // within one rate-limit window (the farm takes ≈ 1.5 s).
    await awayFromWindowEdge(60, 10);
    const farm = (async () => {
      const statuses: number[] = [];
      for (let wave = 0; wave < 10; wave++) {
        const responses = await Promise.all(
          Array.from({ length: AUTH_LIMIT }, () => app.request('/auth/nonce', {}, attacker)),
        );
        statuses.push(...responses.map((response) => response.status));
        await Promise.all(responses.map((response) => response.arrayBuffer()));
      }
      return statuses;
    })();
    const during = await timedNormalRequests(30, bystander);
    const statuses = await farm;

    expect(statuses.filter((status) => status === 200)).toHaveLength(AUTH_LIMIT);
    expect(statuses.filter((status) => status === 429)).toHaveLength(AUTH_LIMIT * 9);
    const blocked = await app.request('/auth/nonce', {}, attacker);
    await expectError(blocked.clone(), 429, 'RATE_LIMITED');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);

    // Another client is unaffected: a full sign-in from a different address succeeds.
    const other = await signInFrom(newClient());
    expect(other.token).toBeTruthy();

    console.log(
      `abuse: normal GETs (/.well-known, /health/ready) p50 ${percentile(baseline, 50).toFixed(1)} ms before, ` +
        `${percentile(during, 50).toFixed(1)} ms during ${AUTH_LIMIT * 10} farmed nonce requests ` +
        `(p95 ${percentile(baseline, 95).toFixed(1)} → ${percentile(during, 95).toFixed(1)} ms)`,
    );
  });
});
