/**
 * Schema fuzzing: fast-check generates valid and mutated requests from the OpenAPI document for every
 * operation, signed in (against objects the fuzzer owns, so bodies reach the services) and anonymous.
 * Every response must keep the documented contract (`ResponseContract` in openapi-operations.ts):
 * never 5xx, a documented status, a body valid against the schema documented for that status (objects
 * closed: no undocumented field), and nothing internal — storage field names, table keys, S3 object
 * keys outside presigned URLs, hashes of the fuzzer's own credentials — in any body or header, even
 * base64url-encoded.
 *
 * FUZZ_RUNS sets the body requests (default 1,000 keeps this file under 30 s on 2 cores); the
 * parameter pass adds FUZZ_RUNS/2, so the issue's ≥ 10,000 is `FUZZ_RUNS=10000` (15,068 requests).
 * FUZZ_SEED replays a run; the seed is printed.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseApiToken, verifySessionToken } from '#domain/auth/credentials.js';
import { type SignedIn, signIn } from '#test/helpers/auth.js';
import { requestOk } from '#test/helpers/http.js';
import { stack, testApp } from '#test/helpers/stack.js';
import {
  contractOf,
  fetchDocument,
  label,
  mutatedArbitrary,
  type OpenApiDocument,
  type Operation,
  operationsOf,
  type ResponseContract,
  sampleValue,
  validArbitrary,
  wellFormedRequest,
} from './openapi-operations.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
/** Requests in flight at once: DynamoDB Local's latency, not our CPU, bounds a sequential run. */
const CONCURRENCY = Number(process.env.FUZZ_CONCURRENCY ?? 8);
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));

const { app, config, close } = testApp();
afterAll(close);

type Who = 'signed-in' | 'anonymous';
/** Three in four requests signed in: anonymous ones mostly stop at 401, signed-in ones go deeper. */
const who: fc.Arbitrary<Who> = fc.oneof(
  { weight: 3, arbitrary: fc.constant<Who>('signed-in') },
  { weight: 1, arbitrary: fc.constant<Who>('anonymous') },
);
/** Mostly JSON; sometimes a type the JSON validator must refuse (415) or none at all. */
const contentType = fc.oneof(
  { weight: 12, arbitrary: fc.constant<string | undefined>('application/json') },
  {
    weight: 1,
    arbitrary: fc.constantFrom<string | undefined>(
      undefined,
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/jsonx',
      'application/merge-patch+json',
    ),
  },
);

let doc: OpenApiDocument;
let contract: ResponseContract;
let operations: Operation[];
let user: SignedIn;
let owned: Record<string, string>;

const call = (method: string, path: string, body?: unknown) => requestOk(app, user, method, path, body);

beforeAll(async () => {
  doc = await fetchDocument(app);
  contract = contractOf(doc);
  operations = operationsOf(doc);
  user = await signIn(app);
  // The session's stored key is the hash of its id: it must never come back in any response.
  contract.neverShow(verifySessionToken(user.token, config.sessionKeys));
  const model = await call('POST', '/models', {
    name: 'Fuzz target',
    slug: `fuzz-${Date.now().toString(36)}`,
    task: 'text-generation',
  });
  const modelId: string = model.id ?? model.modelId;
  await call('POST', `/models/${modelId}/versions`, { version: '1.0.0' });
  const file = await call('POST', `/models/${modelId}/versions/1.0.0/files`, {
    path: 'weights/a.bin',
    size: 5,
    sha256: 'a'.repeat(64),
  });
  const offer = await call('POST', `/models/${modelId}/offers`, {
    name: 'Fuzz offer',
    terms: {
      commercialUse: false,
      derivatives: 'none',
      attribution: true,
      durationDays: 30,
      seats: 1,
      transferable: false,
      spdxId: 'MIT',
    },
    price: { amount: '1', chainId: stack().chainId, currency: stack().stablecoin },
  });
  owned = {
    modelId,
    version: '1.0.0',
    fileId: file.fileId,
    offerId: offer.id ?? offer.offerId,
    path: 'weights/a.bin',
  };
});

async function currentEtag(op: Operation): Promise<Record<string, string>> {
  if (!op.parameters.some((p) => p.in === 'header' && p.name === 'if-match')) return {};
  const getOp = operations.find((c) => c.method === 'GET' && c.path === op.path);
  if (!getOp) return {};
  const [path, init] = wellFormedRequest(doc, getOp, user.headers, owned);
  const etag = (await app.request(path, init)).headers.get('etag');
  return etag ? { 'if-match': etag } : {};
}

/** Every `METHOD /path status` any fuzz request got, across the tests of this file. */
const answered = new Set<string>();

/** The first example of each kind of violation per operation and status, and how often each status came. */
class Findings {
  readonly first = new Map<string, string>();
  readonly statuses = new Map<string, number>();
  readonly byWho = { 'signed-in': 0, anonymous: 0 };

  count(op: Operation, status: number, caller: Who) {
    const key = `${label(op)} ${status}`;
    this.statuses.set(key, (this.statuses.get(key) ?? 0) + 1);
    this.byWho[caller]++;
    answered.add(key);
  }

  record(op: Operation, status: number, caller: Who, violation: string, input: string) {
    const key = `${label(op)} ${status} ${caller} ${violation.split(':')[0]}`;
    if (!this.first.has(key)) this.first.set(key, `${input.slice(0, 300)} → ${violation.slice(0, 500)}`);
  }
}

/**
 * Sends one request and checks the response against the contract. Tokens minted on the way are
 * watched too: their stored hashes must never come back.
 */
async function sendAndCheck(
  findings: Findings,
  op: Operation,
  caller: Who,
  [path, init]: [string, RequestInit],
  input: string,
): Promise<void> {
  const response = await app.request(path, init);
  const text = await response.text();
  findings.count(op, response.status, caller);
  if (label(op) === 'POST /me/tokens' && response.status === 201) {
    contract.neverShow(parseApiToken(JSON.parse(text).token).secretHash);
  }
  const violation =
    contract.violation(op, { status: response.status, headers: response.headers, text }) ??
    (caller === 'anonymous' && op.secured && response.status !== 401 && namesOperation(op, path)
      ? `anonymous reached a secured operation: ${text.slice(0, 200)}`
      : undefined);
  if (violation) findings.record(op, response.status, caller, violation, input);
}

/**
 * Whether `path` still names `op` once the URL is normalised: an empty, `.` or `..` parameter makes
 * it another route (or none), which answers for itself.
 */
function namesOperation(op: Operation, path: string): boolean {
  const literal = op.path
    .split(/\{[^}]+\}/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]+');
  return new RegExp(`^${literal}$`).test(new URL(path, 'http://fuzz.invalid').pathname);
}

/** Runs `check` over `inputs`, CONCURRENCY at a time. */
async function inParallel<T>(inputs: T[], check: (input: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < inputs.length) await check(inputs[next++] as T);
    }),
  );
}

function credentials(caller: Who): Record<string, string> {
  return caller === 'signed-in' ? user.headers : {};
}

describe(`schema fuzzing (${RUNS} + ${Math.ceil(RUNS / 2)} requests)`, () => {
  it('keeps the documented contract for valid and mutated bodies, signed in and anonymous', async () => {
    const writes = operations.filter((op) => op.bodySchema);
    const generating = performance.now();
    const perOperation = writes.map((op) =>
      fc.tuple(
        fc.constant(op),
        fc.oneof(
          { weight: 1, arbitrary: validArbitrary(doc, op.bodySchema ?? {}) },
          { weight: 2, arbitrary: mutatedArbitrary(doc, op.bodySchema ?? {}) },
        ),
        who,
        contentType,
      ),
    );
    const inputs = fc.sample(fc.oneof(...perOperation), { numRuns: RUNS, seed: SEED });
    const generated = performance.now() - generating;

    const findings = new Findings();
    const timings = new Map<string, [total: number, count: number]>();
    const started = performance.now();
    await inParallel(inputs, async ([op, body, caller, type]) => {
      const etag = caller === 'signed-in' ? await currentEtag(op) : {};
      const [path, init] = wellFormedRequest(doc, op, { ...credentials(caller), ...etag }, owned, body);
      const headers = init.headers as Record<string, string>;
      if (type === undefined) delete headers['content-type'];
      else headers['content-type'] = type;
      const sent = performance.now();
      await sendAndCheck(findings, op, caller, [path, init], `${type} ${JSON.stringify(body)}`);
      const spent = timings.get(label(op)) ?? [0, 0];
      timings.set(label(op), [spent[0] + performance.now() - sent, spent[1] + 1]);
    });
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `fuzz bodies: ${RUNS} requests (${findings.byWho['signed-in']} signed in, ${findings.byWho.anonymous} anonymous) ` +
        `over ${writes.length} operations in ${seconds.toFixed(1)} s ` +
        `(${Math.round(RUNS / seconds)} req/s, ${CONCURRENCY} at a time; generated in ${Math.round(generated)} ms), ` +
        `seed ${SEED}; slowest: ${[...timings]
          .map(([op, [total, count]]) => `${op} ${(total / count).toFixed(0)} ms`)
          .sort((a, b) => Number(b.split(' ').at(-2)) - Number(a.split(' ').at(-2)))
          .slice(0, 4)
          .join(', ')}; statuses: ` +
        JSON.stringify(Object.fromEntries([...findings.statuses].sort())),
    );
    expect(Object.fromEntries(findings.first)).toEqual({});
  }, 300_000);

  it('keeps the documented contract for every operation with well-formed or hostile parameters', async () => {
    const hostile = fc.oneof(
      // Leave the parameter well-formed (and the object the fuzzer's own): success bodies get checked.
      { weight: 3, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
      { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          '',
          '..',
          '.',
          '%',
          '%00',
          '%2F',
          '-1',
          '0',
          '1e400',
          'null',
          'true',
          '[]',
          '{}',
          '0x',
        ),
      },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          'a'.repeat(70),
          'a'.repeat(2100),
          'ß'.repeat(100),
          '\u202e',
          '../../etc/passwd',
        ),
      },
      { weight: 1, arbitrary: fc.bigInt().map(String) },
    );
    const runs = Math.ceil(RUNS / 2);
    const inputs = fc.sample(
      fc.tuple(
        fc.constantFrom(...operations),
        fc.dictionary(fc.string({ maxLength: 12 }), fc.string({ maxLength: 20 }), { maxKeys: 3 }),
        hostile,
        fc.nat(),
        who,
      ),
      { numRuns: runs, seed: SEED },
    );

    const findings = new Findings();
    const started = performance.now();
    await inParallel(inputs, async ([op, junk, value, pick, drawn]) => {
      // Signing out would end the fuzzer's own session for every later request; logout is covered
      // by the auth tests, so here it is only ever sent anonymously.
      const caller: Who = label(op) === 'POST /auth/logout' ? 'anonymous' : drawn;
      const names = op.parameters.filter((p) => p.in !== 'header').map((p) => p.name);
      const target = names.length > 0 ? (names[pick % names.length] as string) : undefined;
      const values: Record<string, string> = { ...owned };
      const query = new URLSearchParams();
      for (const parameter of op.parameters) {
        if (parameter.in !== 'query' || parameter.name !== target) continue;
        // Well-formed is the schema's example or smallest value: limit=1 makes lists return cursors.
        query.set(target, value ?? String(sampleValue(doc, parameter.schema)));
      }
      if (value !== undefined && op.parameters.some((p) => p.in === 'path' && p.name === target))
        values[target as string] = value;
      for (const [key, extra] of Object.entries(junk)) query.append(key, extra);
      const etag = caller === 'signed-in' ? await currentEtag(op) : {};
      const [path, init] = wellFormedRequest(doc, op, { ...credentials(caller), ...etag }, values);
      const input = `${target}=${JSON.stringify(value)?.slice(0, 80)} junk=${JSON.stringify(junk)}`;
      await sendAndCheck(findings, op, caller, [query.size > 0 ? `${path}?${query}` : path, init], input);
    });
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `fuzz parameters: ${runs} requests (${findings.byWho['signed-in']} signed in, ${findings.byWho.anonymous} anonymous) ` +
        `over ${operations.length} operations in ${seconds.toFixed(1)} s; 2xx checked against their schema: ` +
        `${[...findings.statuses].filter(([key]) => / 2\d\d$/.test(key)).reduce((sum, [, n]) => sum + n, 0)}`,
    );
    const successes = operations.flatMap((op) =>
      op.responses.filter((status) => status.startsWith('2')).map((status) => `${label(op)} ${status}`),
    );
    const reached = successes.filter((key) => answered.has(key));
    console.log(
      `fuzz coverage: ${reached.length}/${successes.length} documented success responses reached and ` +
        `validated; not reached: ${successes.filter((key) => !answered.has(key)).join(', ')}`,
    );
    expect(Object.fromEntries(findings.first)).toEqual({});
  }, 300_000);

  it('answers every JSON-body operation 415 for another content type and 413 for an oversized body, as documented', async () => {
    const findings = new Findings();
    const oversized = JSON.stringify({ padding: 'a'.repeat(config.limits.maxBodyBytes) });
    const cases: Array<[type: string | undefined, body: string, status: number, code: string]> = [
      ['text/plain', '{}', 415, 'UNSUPPORTED_MEDIA_TYPE'],
      ['application/x-www-form-urlencoded', 'a=1', 415, 'UNSUPPORTED_MEDIA_TYPE'],
      [undefined, '{}', 415, 'UNSUPPORTED_MEDIA_TYPE'],
      ['application/json', oversized, 413, 'PAYLOAD_TOO_LARGE'],
    ];
    const writes = operations.filter((op) => op.bodySchema);
    for (const op of writes) {
      for (const [type, body, status, code] of cases) {
        const [path, init] = wellFormedRequest(
          doc,
          op,
          { ...user.headers, ...(await currentEtag(op)) },
          owned,
        );
        const headers = init.headers as Record<string, string>;
        delete headers['content-type'];
        if (type) headers['content-type'] = type;
        if (status === 413) headers['content-length'] = String(Buffer.byteLength(body));
        const response = await app.request(path, { ...init, body });
        const text = await response.text();
        const violation =
          contract.violation(op, { status: response.status, headers: response.headers, text }) ??
          (response.status !== status || JSON.parse(text).error?.code !== code
            ? `expected ${status} ${code}: ${text.slice(0, 200)}`
            : undefined);
        if (violation)
          findings.record(op, response.status, 'signed-in', violation, `${type} ${body.length} bytes`);
      }
    }
    expect(writes.length).toBeGreaterThanOrEqual(15);
    expect(Object.fromEntries(findings.first)).toEqual({});
  });
});

/** The checks above are only as good as the contract check: each case here must be caught. */
describe('the response contract check', () => {
  const operation = (key: string) => {
    const found = operations.find((op) => label(op) === key);
    if (!found) throw new Error(`${key} is not documented`);
    return found;
  };
  const jsonResponse = (status: number, body: unknown, headers: Record<string, string> = {}) => ({
    status,
    headers: new Headers({ 'content-type': 'application/json', ...headers }),
    text: JSON.stringify(body),
  });
  const me = {
    address: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
    chainId: 31337,
    authKind: 'session',
    scopes: ['read'],
  };
  const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

  it('passes a real list page with its cursor, and a real presigned upload URL', async () => {
    const model = await call('POST', '/models', {
      name: 'Second',
      slug: `fuzz2-${Date.now().toString(36)}`,
      task: 'text-generation',
    });
    const modelId: string = model.id ?? model.modelId;
    await call('POST', `/models/${modelId}/versions`, { version: '1.0.0' });
    const observe = async (response: Response) => ({
      status: response.status,
      headers: response.headers,
      text: await response.text(),
    });

    const page = await observe(await app.request('/me/models?limit=1', { headers: user.headers }));
    const declared = await observe(
      await app.request(`/models/${modelId}/versions/1.0.0/files`, {
        method: 'POST',
        headers: { ...user.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ path: 'weights/b.bin', size: 5, sha256: 'b'.repeat(64) }),
      }),
    );

    expect(JSON.parse(page.text).nextCursor).toEqual(expect.any(String));
    expect(contract.violation(operation('GET /me/models'), page)).toBeUndefined();
    expect(JSON.parse(declared.text).upload.url).toMatch(/artifacts\/.*X-Amz-Signature=/);
    expect(
      contract.violation(operation('POST /models/{modelId}/versions/{version}/files'), declared),
    ).toBeUndefined();
  });

  it.each([
    ['an undocumented field', 200, { ...me, extra: 1 }, {}, /body does not match.*additional properties/],
    ['a storage field', 200, { ...me, pk: 'X' }, {}, /internal value: field pk/],
    ['a wrong type', 200, { ...me, chainId: '31337' }, {}, /body does not match.*chainId must be integer/],
    ['a table key as a value', 200, { ...me, address: 'ORDER#ord_1' }, {}, /table key/],
    ['a sort key as a value', 200, { ...me, address: '2026-01-01T00:00:00.000Z#mdl_1' }, {}, /sort key/],
    [
      'a table key in a base64url cursor',
      200,
      { ...me, address: `${base64url({ p: { sk: 'MODEL' } })}.mac` },
      {},
      /field sk|table key/,
    ],
    ['an S3 object key', 200, { ...me, address: 'see artifacts/mdl_1/fil_2' }, {}, /S3 key/],
    ['an S3 object key in a header', 200, me, { etag: 'artifacts/mdl_1/fil_2' }, /S3 key/],
    ['an undocumented status', 418, me, {}, /undocumented status/],
    ['a server error', 500, { error: { code: 'INTERNAL', message: 'x' } }, {}, /server error/],
    ['an error outside the envelope', 401, { message: 'no' }, {}, /body does not match/],
  ])('catches %s', (_, status, body, headers, expected) => {
    const violation = contract.violation(operation('GET /me'), jsonResponse(status, body, headers));
    expect(violation).toMatch(expected);
  });

  it('catches a hash it was told to watch, a body on 204 and a non-JSON body', () => {
    contract.neverShow('f00d'.repeat(16));
    expect(
      contract.violation(operation('GET /me'), jsonResponse(200, { ...me, address: 'f00d'.repeat(16) })),
    ).toMatch(/secret hash/);
    expect(
      contract.violation(operation('POST /auth/logout'), { status: 204, headers: new Headers(), text: 'x' }),
    ).toMatch(/body on a status documented without one/);
    expect(
      contract.violation(operation('GET /me'), { status: 200, headers: new Headers(), text: '<html>' }),
    ).toMatch(/not JSON/);
  });

  it('lets a presigned URL name its object', () => {
    const url = 'http://127.0.0.1:4569/bucket/artifacts/mdl_1/fil_2?X-Amz-Signature=abc';
    const download = operation('GET /models/{modelId}/versions/{version}/files/{path}/download');
    const body = { url, expiresAt: new Date().toISOString(), size: 5, sha256: 'a'.repeat(64) };
    expect(contract.violation(download, jsonResponse(200, body))).toBeUndefined();
  });
});
