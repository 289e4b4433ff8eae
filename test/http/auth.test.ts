import { Wallet } from 'ethers';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '#api/app.js';
import { buildAppDeps } from '#runtime/runtime.js';
import { deployContract } from '#scripts/local-stack/contracts.js';
import { createLogger } from '#shared/logging.js';
import {
  createApiToken,
  fetchNonce,
  type SiweFieldOverrides,
  signIn,
  siweMessage,
} from '#test/helpers/auth.js';
import { fundedWallet, testProvider } from '#test/helpers/chain.js';
import { json } from '#test/helpers/http.js';
import { awayFromWindowEdge } from '#test/helpers/rate-window.js';
import { stack, testApp } from '#test/helpers/stack.js';

const { app, infra, runtime, close } = testApp();
const provider = testProvider();
afterAll(async () => {
  provider.destroy();
  await close();
});

const randomWallet = () => new Wallet(Wallet.createRandom().privateKey);

function verify(target: typeof app, message: string, signature: string) {
  return target.request('/auth/verify', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ message, signature }),
  });
}

/** Signs a message built with `overrides` (fresh nonce unless given) and posts it. */
async function attempt(overrides: SiweFieldOverrides = {}, wallet = randomWallet(), target = app) {
  const nonce = overrides.nonce ?? (await fetchNonce(target));
  const message = siweMessage(overrides.address ?? wallet.address, nonce, overrides);
  return verify(target, message, await wallet.signMessage(message));
}

async function expectError(response: Response, status: number, code: string) {
  const body = await json(response);
  expect({ status: response.status, code: body.error?.code }).toEqual({ status, code });
}

/** An app whose clock the test moves. */
function appWithClock(start = Date.now()) {
  let now = start;
  const clock = { now: () => new Date(now) };
  const movable = createApp(buildAppDeps(runtime, { logger: createLogger('silent'), clock }));
  return { app: movable, advance: (seconds: number) => (now += seconds * 1000) };
}

const minutesFromNow = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

describe('GET /auth/nonce', () => {
  it('issues a 128-bit alphanumeric nonce stored with an explicit expiry and a TTL', async () => {
    const response = await app.request('/auth/nonce');
    expect(response.status).toBe(200);
    const { nonce, expiresAt } = await json(response);
    expect(nonce).toMatch(/^[0-9a-f]{32}$/);
    const lifetime = Date.parse(expiresAt) - Date.now();
    expect(lifetime).toBeGreaterThan(290_000);
    expect(lifetime).toBeLessThanOrEqual(300_000);
    const item = await infra.table.get({ pk: `NONCE#${nonce}`, sk: 'NONCE' });
    expect(item?.expiresAtMs).toBe(Date.parse(expiresAt));
    expect(item?.ttl).toBeGreaterThan(Date.parse(expiresAt) / 1000);
  });
});

describe('POST /auth/verify', () => {
  it('opens a session returned as a bearer token and an HttpOnly, Secure, SameSite cookie', async () => {
    const wallet = randomWallet();
    const response = await attempt({}, wallet);
    expect(response.status).toBe(200);
    const body = await json(response);
    expect(body).toMatchObject({ address: wallet.address, chainId: 31337 });
    expect(body.token).toMatch(/^mcs\.local1\./);
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toContain(`mc_session=${body.token}`);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/SameSite=Lax/);
  });

  it('rejects a message for another domain', async () => {
    await expectError(await attempt({ domain: 'evil.example.com' }), 401, 'DOMAIN_MISMATCH');
  });

  it('rejects a message for another port', async () => {
    await expectError(await attempt({ domain: 'localhost:4000' }), 401, 'DOMAIN_MISMATCH');
  });

  it('rejects a message for another scheme', async () => {
    await expectError(await attempt({ scheme: 'https' }), 401, 'SCHEME_MISMATCH');
  });

  it('rejects a message whose URI is on another origin', async () => {
    await expectError(await attempt({ uri: 'http://evil.example.com/login' }), 401, 'URI_MISMATCH');
  });

  it('rejects a chain id that is not allow-listed', async () => {
    await expectError(await attempt({ chainId: 1 }), 401, 'CHAIN_UNSUPPORTED');
  });

  it('accepts a nonce exactly once', async () => {
    const wallet = randomWallet();
    const message = siweMessage(wallet.address, await fetchNonce(app));
    const signature = await wallet.signMessage(message);
    expect((await verify(app, message, signature)).status).toBe(200);
    await expectError(await verify(app, message, signature), 401, 'NONCE_INVALID');
  });

  it('rejects a nonce the server never issued', async () => {
    await expectError(await attempt({ nonce: 'a1b2c3d4e5f60718293a4b5c6d7e8f90' }), 401, 'NONCE_INVALID');
  });

  it('rejects an expired nonce even though TTL has not deleted it yet', async () => {
    const { app: movable, advance } = appWithClock();
    const wallet = randomWallet();
    const nonce = await fetchNonce(movable);
    advance(301);
    const message = siweMessage(wallet.address, nonce, {
      issuedAt: new Date(Date.now() + 301_000).toISOString(),
    });
    await expectError(
      await verify(movable, message, await wallet.signMessage(message)),
      401,
      'NONCE_INVALID',
    );
  });

  it('rejects an expired message', async () => {
    await expectError(
      await attempt({ issuedAt: minutesFromNow(-2), expirationTime: minutesFromNow(-1) }),
      401,
      'MESSAGE_EXPIRED',
    );
  });

  it('rejects a message that is not valid yet', async () => {
    await expectError(await attempt({ notBefore: minutesFromNow(5) }), 401, 'MESSAGE_NOT_YET_VALID');
  });

  it('rejects a message issued in the future', async () => {
    await expectError(await attempt({ issuedAt: minutesFromNow(5) }), 401, 'ISSUED_IN_FUTURE');
  });

  it('rejects a message issued too long ago', async () => {
    await expectError(await attempt({ issuedAt: minutesFromNow(-11) }), 401, 'MESSAGE_TOO_OLD');
  });

  it('rejects garbage time fields', async () => {
    const wallet = randomWallet();
    const valid = siweMessage(wallet.address, await fetchNonce(app));
    const message = valid.replace(/Issued At: .*/, 'Issued At: yesterday-ish');
    await expectError(await verify(app, message, await wallet.signMessage(message)), 401, 'MALFORMED');
  });

  it('rejects a message above 4 KiB with 413', async () => {
    await expectError(await attempt({ statement: 'x'.repeat(4200) }), 413, 'MESSAGE_TOO_LARGE');
  });

  it('rejects a lowercase (non-EIP-55) address', async () => {
    const wallet = randomWallet();
    const valid = siweMessage(wallet.address, await fetchNonce(app));
    const message = valid.replace(wallet.address, wallet.address.toLowerCase());
    await expectError(await verify(app, message, await wallet.signMessage(message)), 401, 'MALFORMED');
  });

  it('rejects bidirectional-override characters', async () => {
    const wallet = randomWallet();
    const valid = siweMessage(wallet.address, await fetchNonce(app));
    const message = valid.replace('Sign in to Model Commons', 'Sign in to \u202Esnommoc');
    await expectError(await verify(app, message, await wallet.signMessage(message)), 401, 'MALFORMED');
  });

  it('rejects text that is not an EIP-4361 message', async () => {
    const wallet = randomWallet();
    await expectError(
      await verify(app, 'hello world', await wallet.signMessage('hello world')),
      401,
      'MALFORMED',
    );
  });

  it('rejects a tampered signature', async () => {
    const wallet = randomWallet();
    const message = siweMessage(wallet.address, await fetchNonce(app));
    const signature = await wallet.signMessage(message);
    const tampered = `${signature.slice(0, 10)}${signature[10] === 'a' ? 'b' : 'a'}${signature.slice(11)}`;
    await expectError(await verify(app, message, tampered), 401, 'SIGNATURE_INVALID');
  });

  it('rejects a signature by another wallet', async () => {
    const claimed = randomWallet();
    const message = siweMessage(claimed.address, await fetchNonce(app));
    await expectError(
      await verify(app, message, await randomWallet().signMessage(message)),
      401,
      'SIGNATURE_INVALID',
    );
  });

  it('lets exactly one of 20 concurrent verifies of one signed message through', async () => {
    const wallet = randomWallet();
    const message = siweMessage(wallet.address, await fetchNonce(app));
    const signature = await wallet.signMessage(message);
    const responses = await Promise.all(Array.from({ length: 20 }, () => verify(app, message, signature)));
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 401)).toHaveLength(19);
  });

  it('caps the session at the message expiry', async () => {
    const expirationTime = minutesFromNow(3);
    const response = await attempt({ expirationTime });
    expect(Date.parse((await json(response)).expiresAt)).toBe(Date.parse(expirationTime));
  });
});

describe('contract wallets (EIP-1271)', () => {
  it('signs in a deployed contract wallet whose owner signed, and refuses the same signature for an undeployed address', async () => {
    const owner = await fundedWallet(provider);
    const walletAddress = await deployContract(owner, 'Eip1271Wallet', [owner.address]);

    const nonce = await fetchNonce(app);
    const message = siweMessage(walletAddress, nonce);
    const signature = await owner.signMessage(message);
    const response = await verify(app, message, signature);
    expect(response.status).toBe(200);
    const me = await app.request('/me', {
      headers: { authorization: `Bearer ${(await json(response)).token}` },
    });
    expect((await json(me)).address).toBe(walletAddress);

    const undeployed = randomWallet().address;
    const other = siweMessage(undeployed, await fetchNonce(app));
    await expectError(await verify(app, other, await owner.signMessage(other)), 401, 'SIGNATURE_INVALID');
  });

  it("refuses a stranger's signature for a wallet, and any contract that reverts the check: 401, not 503", async () => {
    const owner = await fundedWallet(provider);
    const walletAddress = await deployContract(owner, 'Eip1271Wallet', [owner.address]);
    const stranger = randomWallet();
    const forWallet = siweMessage(walletAddress, await fetchNonce(app));
    await expectError(
      await verify(app, forWallet, await stranger.signMessage(forWallet)),
      401,
      'SIGNATURE_INVALID',
    );
    // The stablecoin has no isValidSignature and no fallback: the node answers eth_call with a revert.
    const forToken = siweMessage(stack().stablecoin, await fetchNonce(app));
    await expectError(
      await verify(app, forToken, await stranger.signMessage(forToken)),
      401,
      'SIGNATURE_INVALID',
    );
  });
});

describe('sessions', () => {
  it('returns who you are', async () => {
    const user = await signIn(app);
    const response = await app.request('/me', { headers: user.headers });
    expect(await json(response)).toEqual({
      address: user.address,
      chainId: 31337,
      authKind: 'session',
      scopes: ['read', 'publish', 'purchase'],
    });
  });

  it('answers 401 to anonymous requests to protected routes', async () => {
    await expectError(await app.request('/me'), 401, 'UNAUTHENTICATED');
  });

  it('answers 401 to a malformed Authorization header', async () => {
    await expectError(
      await app.request('/me', { headers: { authorization: 'Basic abc' } }),
      401,
      'CREDENTIAL_INVALID',
    );
  });

  it('revokes the session on logout: reusing it answers 401', async () => {
    const user = await signIn(app);
    expect((await app.request('/auth/logout', { method: 'POST', headers: user.headers })).status).toBe(204);
    await expectError(await app.request('/me', { headers: user.headers }), 401, 'SESSION_REVOKED');
  });

  it('rejects an expired session', async () => {
    const { app: movable, advance } = appWithClock();
    const user = await signIn(movable);
    advance(24 * 3600 + 1);
    await expectError(await movable.request('/me', { headers: user.headers }), 401, 'SESSION_EXPIRED');
  });

  it('rejects a forged session token', async () => {
    const user = await signIn(app);
    const forged = `${user.token.slice(0, -4)}AAAA`;
    await expectError(
      await app.request('/me', { headers: { authorization: `Bearer ${forged}` } }),
      401,
      'SESSION_INVALID',
    );
  });

  it('keeps sessions signed with a rotated-out key valid while that key is still listed', async () => {
    const oldKeys = 'old:old-session-signing-key-0123456789abcdef';
    const before = testApp({ SESSION_KEYS: oldKeys });
    const after = testApp({ SESSION_KEYS: `new:new-session-signing-key-0123456789abcdef,${oldKeys}` });
    const retired = testApp({ SESSION_KEYS: 'new:new-session-signing-key-0123456789abcdef' });
    try {
      const user = await signIn(before.app);
      expect((await after.app.request('/me', { headers: user.headers })).status).toBe(200);
      expect((await signIn(after.app)).token).toMatch(/^mcs\.new\./);
      await expectError(await retired.app.request('/me', { headers: user.headers }), 401, 'SESSION_INVALID');
    } finally {
      await Promise.all([before.close(), after.close(), retired.close()]);
    }
  });

  it('accepts the session cookie, and requires an allowed Origin for state-changing cookie requests', async () => {
    const user = await signIn(app);
    const cookie = { cookie: `mc_session=${user.token}` };
    expect((await app.request('/me', { headers: cookie })).status).toBe(200);
    await expectError(
      await app.request('/auth/logout', { method: 'POST', headers: cookie }),
      403,
      'CSRF_REJECTED',
    );
    await expectError(
      await app.request('/auth/logout', {
        method: 'POST',
        headers: { ...cookie, origin: 'https://evil.example.com' },
      }),
      403,
      'CSRF_REJECTED',
    );
    const allowed = await app.request('/auth/logout', {
      method: 'POST',
      headers: { ...cookie, origin: 'http://localhost:3000' },
    });
    expect(allowed.status).toBe(204);
  });
});

describe('API tokens', () => {
  it('shows the secret once, stores only its hash, and lists tokens without secrets', async () => {
    const user = await signIn(app);
    const created = await app.request('/me/tokens', {
      method: 'POST',
      headers: { ...user.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'ci', scopes: ['read', 'publish'], expiresInDays: 30 }),
    });
    expect(created.status).toBe(201);
    const { token, apiToken } = await json(created);
    expect(token).toMatch(/^mct_[0-9a-f]{24}_[A-Za-z0-9_-]{43}$/);
    // The secret is everything after the id (base64url may itself contain "_").
    const secret = token.slice(token.indexOf('_', 'mct_'.length) + 1);
    expect(secret).toHaveLength(43);

    const listed = await app.request('/me/tokens', { headers: user.headers });
    const listText = await listed.text();
    expect(listText).not.toContain(secret);
    expect(JSON.parse(listText).items).toEqual([apiToken]);

    const stored = await infra.table.get({ pk: `APITOKEN#${apiToken.id}`, sk: 'APITOKEN' });
    expect(JSON.stringify(stored)).not.toContain(secret);
    expect(stored?.secretHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('authenticates scripts with the token scopes only', async () => {
    const user = await signIn(app);
    const headers = await createApiToken(app, user, ['read']);
    const me = await json(await app.request('/me', { headers }));
    expect(me).toEqual({ address: user.address, chainId: 31337, authKind: 'token', scopes: ['read'] });
  });

  it('does not let a token mint more tokens', async () => {
    const user = await signIn(app);
    const headers = await createApiToken(app, user, ['read', 'publish', 'purchase']);
    const response = await app.request('/me/tokens', {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'more', scopes: ['read'] }),
    });
    await expectError(response, 403, 'SESSION_REQUIRED');
  });

  it('stops working once revoked', async () => {
    const user = await signIn(app);
    const headers = await createApiToken(app, user, ['read']);
    const [{ id }] = (await json(await app.request('/me/tokens', { headers: user.headers }))).items;
    expect((await app.request(`/me/tokens/${id}`, { method: 'DELETE', headers: user.headers })).status).toBe(
      204,
    );
    await expectError(await app.request('/me', { headers }), 401, 'TOKEN_REVOKED');
  });

  it('does not let a token revoke tokens (a leaked token cannot lock the owner out)', async () => {
    const user = await signIn(app);
    const headers = await createApiToken(app, user, ['read', 'publish', 'purchase']);
    const [{ id }] = (await json(await app.request('/me/tokens', { headers: user.headers }))).items;
    await expectError(
      await app.request(`/me/tokens/${id}`, { method: 'DELETE', headers }),
      403,
      'SESSION_REQUIRED',
    );
  });

  it("cannot revoke someone else's token", async () => {
    const owner = await signIn(app);
    await createApiToken(app, owner, ['read']);
    const [{ id }] = (await json(await app.request('/me/tokens', { headers: owner.headers }))).items;
    const intruder = await signIn(app);
    await expectError(
      await app.request(`/me/tokens/${id}`, { method: 'DELETE', headers: intruder.headers }),
      404,
      'TOKEN_NOT_FOUND',
    );
  });

  it('rejects an expired token', async () => {
    const { app: movable, advance } = appWithClock();
    const user = await signIn(movable);
    const headers = await createApiToken(movable, user, ['read']);
    advance(86_401);
    await expectError(await movable.request('/me', { headers }), 401, 'TOKEN_EXPIRED');
  });

  it('rejects a token with a wrong secret', async () => {
    const user = await signIn(app);
    const headers = await createApiToken(app, user, ['read']);
    const wrong = `${headers.authorization?.slice(0, -3)}abc`;
    await expectError(await app.request('/me', { headers: { authorization: wrong } }), 401, 'TOKEN_INVALID');
  });

  it('validates scopes and lifetime', async () => {
    const user = await signIn(app);
    const response = await app.request('/me/tokens', {
      method: 'POST',
      headers: { ...user.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x', scopes: ['admin'], expiresInDays: 9999 }),
    });
    await expectError(response, 400, 'INVALID_INPUT');
  });
});

describe('rate limiting on /auth/*', () => {
  it('answers 429 with Retry-After once a client exceeds the limit, and other clients are unaffected', async () => {
    const limited = testApp({ AUTH_RATE_LIMIT_PER_MINUTE: '3' });
    try {
      const client = (ip: string) => ({ incoming: { socket: { remoteAddress: ip } } });
      const ip = `198.51.100.${Math.floor(Math.random() * 250)}-${Date.now()}`;
      await awayFromWindowEdge(60, 5); // the four requests below must share one window
      for (let i = 0; i < 3; i++) {
        expect((await limited.app.request('/auth/nonce', {}, client(ip))).status).toBe(200);
      }
      const blocked = await limited.app.request('/auth/nonce', {}, client(ip));
      await expectError(blocked, 429, 'RATE_LIMITED');
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await limited.app.request('/auth/nonce', {}, client(`${ip}-other`))).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
