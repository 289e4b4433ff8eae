/**
 * `npm run smoke`'s core (`runSmoke`) against an in-process app and the real Lambda handler invoked
 * in-process, as the script invokes the deployed function; and how it finds a stack's API.
 */
import { Wallet } from 'ethers';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { smokeClaims } from '#api/smoke.js';
import { licenceDomain, signLicenceToken } from '#domain/licences/licence-token.js';
import { formatSmokeReport, runSmoke, type SmokeOptions, smokeTargets } from '#scripts/smoke.js';
import { stack, testApp } from '#test/helpers/stack.js';

const API = 'https://api.example.com';
const ctx = testApp();
const saved = { ...process.env };
afterAll(async () => {
  process.env = saved;
  await ctx.close();
});

/** GETs to API go to the in-process app. */
const fetchApp =
  (app = ctx.app): NonNullable<SmokeOptions['fetch']> =>
  async (input, init) =>
    app.fetch(new Request(input, init));

/** The API function as deployed with the local stack's settings, invoked in-process. */
async function invokeHandler(event: unknown): Promise<unknown> {
  process.env = { ...saved, ...stack().env, LOG_LEVEL: 'silent', STAGE: 'test' };
  vi.resetModules();
  const { handler } = await import('#api/handler.js');
  return handler(event as never);
}

/** A function that signs the smoke claims with `key` (e.g. not the published one). */
function signingWith(key: string): SmokeOptions['invoke'] {
  return async () => ({
    ok: true,
    stage: 'test',
    token: await signLicenceToken(smokeClaims(new Date()), {
      privateKey: key,
      domain: licenceDomain(stack().chainId),
    }),
    signer: new Wallet(key).address,
  });
}

const failed = (report: Awaited<ReturnType<typeof runSmoke>>) =>
  report.checks.filter((check) => !check.ok).map((check) => `${check.name}: ${check.detail}`);

describe('runSmoke', () => {
  it('passes when the function signs with the published signer and domain', async () => {
    const report = await runSmoke({ apiUrl: API, invoke: invokeHandler, fetch: fetchApp() });

    expect(failed(report)).toEqual([]);
    expect(report.pass).toBe(true);
    expect(report.checks.map((check) => check.name)).toEqual([
      'sign',
      'well-known',
      'signer',
      'token',
      'published types',
      'smoke claims',
    ]);
    expect(formatSmokeReport(report, 'ModelCommons-test')).toMatch(
      /^PASS sign: .*\nSmoke check of ModelCommons-test: PASS \(6 checks\)$/s,
    );
  });

  it('fails when the function signs with a key other than the published signer', async () => {
    const other = Wallet.createRandom();
    const report = await runSmoke({ apiUrl: API, invoke: signingWith(other.privateKey), fetch: fetchApp() });

    expect(report.pass).toBe(false);
    expect(failed(report)).toEqual([
      expect.stringContaining(`signer: the function signs as ${other.address} but`),
      `token: the token does not verify: INVALID_SIGNATURE (${other.address})`,
      expect.stringContaining(
        `published types: plain ethers with the published domain and types gives ${other.address}`,
      ),
    ]);
    expect(formatSmokeReport(report, 'x')).toContain('Smoke check of x: FAIL (3 of 6 checks failed)');
  });

  it('fails when the published domain is for another chain than the tokens', async () => {
    const drifted = testApp({ LICENCE_CHAIN_ID: String(stack().chainId + 1) });
    try {
      const report = await runSmoke({
        apiUrl: API,
        invoke: signingWith(stack().licenceSigner.privateKey),
        fetch: fetchApp(drifted.app),
      });
      expect(failed(report)).toContain('token: the token does not verify: WRONG_DOMAIN');
    } finally {
      await drifted.close();
    }
  });

  it('fails with the reason when the function cannot sign or cannot be invoked', async () => {
    const cannot = await runSmoke({
      apiUrl: API,
      invoke: async () => ({ ok: false, error: 'DependencyError: KMS could not sign' }),
      fetch: fetchApp(),
    });
    expect(failed(cannot)).toEqual([
      'sign: the API function could not sign a licence: DependencyError: KMS could not sign',
    ]);

    const crashed = await runSmoke({
      apiUrl: API,
      invoke: async () => {
        throw new Error('Unhandled: Task timed out');
      },
      fetch: fetchApp(),
    });
    expect(failed(crashed)).toEqual(['sign: invoking the API function failed: Unhandled: Task timed out']);

    const http = await runSmoke({
      apiUrl: API,
      invoke: async () => ({ statusCode: 404, body: '' }),
      fetch: fetchApp(),
    });
    expect(failed(http)).toEqual([expect.stringContaining('sign: the API function answered something else')]);
  });

  it('fails when the well-known document cannot be read', async () => {
    const report = await runSmoke({
      apiUrl: `${API}/`,
      invoke: signingWith(stack().licenceSigner.privateKey),
      fetch: async () => new Response('{"error":{}}', { status: 503 }),
    });
    expect(failed(report)).toEqual([
      `well-known: GET ${API}/.well-known/model-commons.json failed: HTTP 503: {"error":{}}`,
    ]);
  });
});

describe('smokeTargets', () => {
  it('prefers the public origin over the execute-api URL', () => {
    const base = { ApiUrl: 'https://abc.execute-api.eu-west-1.amazonaws.com/', ApiFunctionName: 'fn' };
    expect(smokeTargets(base, 's')).toEqual({
      apiUrl: 'https://abc.execute-api.eu-west-1.amazonaws.com',
      functionName: 'fn',
    });
    expect(smokeTargets({ ...base, PublicOrigin: 'https://models.example' }, 's').apiUrl).toBe(
      'https://models.example',
    );
  });

  it('names the missing output', () => {
    expect(() => smokeTargets({ ApiUrl: 'https://x' }, 'ModelCommons-dev')).toThrowError(
      'stack ModelCommons-dev has no ApiFunctionName output',
    );
    expect(() => smokeTargets({ ApiFunctionName: 'fn' }, 'ModelCommons-dev')).toThrowError('no PublicOrigin');
  });
});
