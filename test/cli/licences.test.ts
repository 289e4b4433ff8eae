/** `licences verify`: offline verification with the server's own token code; exit 7 when invalid. */
import { Wallet } from 'ethers';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT } from '#cli/exit-codes.js';
import { toChecksumAddress } from '#domain/address.js';
import { licenceDomain, signLicenceToken } from '#domain/licences/licence-token.js';
import { json } from '#test/helpers/http.js';
import { stack, testApp } from '#test/helpers/stack.js';
import { routedFetch, runCli } from './harness.js';

const signer = new Wallet(Wallet.createRandom().privateKey);
const CHAIN_ID = 31337;
const offline: typeof fetch = async () => {
  throw new Error('verify must not touch the network when --signer is given');
};

async function token(overrides: { expiresAt?: number; key?: string; chainId?: number } = {}) {
  const now = Math.floor(Date.now() / 1000);
  return signLicenceToken(
    {
      licenceId: 'lic_1',
      modelId: 'mdl_1',
      offerId: 'off_1',
      licensee: toChecksumAddress(Wallet.createRandom().address),
      termsHash: `0x${'11'.repeat(32)}`,
      manifestHash: `0x${'22'.repeat(32)}`,
      issuedAt: now - 60,
      expiresAt: overrides.expiresAt ?? 0,
    },
    { privateKey: overrides.key ?? signer.privateKey, domain: licenceDomain(overrides.chainId ?? CHAIN_ID) },
  );
}

const verify = (value: string, extra: string[] = []) =>
  runCli(
    ['licences', 'verify', value, '--signer', signer.address, '--chain-id', String(CHAIN_ID), ...extra],
    {
      fetch: offline,
    },
  );

describe('model-commons licences verify', () => {
  it('accepts a token signed by the published signer (exit 0)', async () => {
    const run = await verify(await token());
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^VALID licence/);
    expect(run.stdout).toContain('licence  lic_1');
  });

  it('refuses a token signed by another key (exit 7, INVALID_SIGNATURE)', async () => {
    const forged = await token({ key: Wallet.createRandom().privateKey });
    const run = await verify(forged, ['--json']);
    expect(run.code).toBe(EXIT.INVALID_LICENCE);
    expect(run.json()).toMatchObject({ valid: false, reason: 'INVALID_SIGNATURE' });
  });

  it('refuses a token whose claims were edited after signing', async () => {
    const decoded = JSON.parse(Buffer.from(await token(), 'base64url').toString('utf8'));
    decoded.message.licensee = new Wallet(Wallet.createRandom().privateKey).address;
    const tampered = Buffer.from(JSON.stringify(decoded), 'utf8').toString('base64url');
    const run = await verify(tampered);
    expect(run.code).toBe(EXIT.INVALID_LICENCE);
    expect(run.stdout).toMatch(/^INVALID licence: INVALID_SIGNATURE/);
  });

  it('refuses an expired token, one for another domain, and garbage', async () => {
    const expired = await verify(await token({ expiresAt: Math.floor(Date.now() / 1000) - 1 }));
    expect(expired.stdout).toMatch(/^INVALID licence: EXPIRED/);
    const otherChain = await verify(await token({ chainId: 1 }));
    expect(otherChain.stdout).toMatch(/^INVALID licence: WRONG_DOMAIN/);
    const garbage = await verify('not-a-token');
    expect(garbage.stdout).toMatch(/^INVALID licence: MALFORMED/);
    for (const run of [expired, otherChain, garbage]) expect(run.code).toBe(EXIT.INVALID_LICENCE);
  });

  it('decodes a token without verifying it', async () => {
    const run = await runCli(['licences', 'decode', await token(), '--json'], { fetch: offline });
    expect(run.code, run.stderr).toBe(0);
    expect(run.json().message).toMatchObject({ licenceId: 'lic_1', modelId: 'mdl_1' });
  });
});

describe('model-commons licences verify against a running API', () => {
  const ctx = testApp();
  afterAll(() => ctx.close());

  it('uses the signer from /.well-known/model-commons.json, and --online adds what only the server knows', async () => {
    const doc = await json(await ctx.app.request('/.well-known/model-commons.json'));
    const now = Math.floor(Date.now() / 1000);
    const issued = await signLicenceToken(
      {
        licenceId: 'lic_unknown_to_the_server',
        modelId: 'mdl_1',
        offerId: 'off_1',
        licensee: toChecksumAddress(Wallet.createRandom().address),
        termsHash: `0x${'33'.repeat(32)}`,
        manifestHash: `0x${'44'.repeat(32)}`,
        issuedAt: now - 60,
        expiresAt: 0,
      },
      { privateKey: stack().licenceSigner.privateKey, domain: licenceDomain(doc.eip712Domain.chainId) },
    );
    const fetch = routedFetch(ctx.app);

    const offlineRun = await runCli(['licences', 'verify', issued], { fetch });
    expect(offlineRun.code, offlineRun.stdout + offlineRun.stderr).toBe(0);
    expect(offlineRun.stdout).toContain(
      `signer   ${doc.signer} (http://localhost:3000/.well-known/model-commons.json)`,
    );

    // Genuinely signed, but the marketplace never issued it: only the server can tell.
    const onlineRun = await runCli(['licences', 'verify', issued, '--online', '--json'], { fetch });
    expect(onlineRun.code).toBe(EXIT.INVALID_LICENCE);
    expect(onlineRun.json()).toMatchObject({
      valid: false,
      reason: 'UNKNOWN_LICENCE',
      offline: { valid: true },
    });
  });
});
