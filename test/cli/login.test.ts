/** `login` / `whoami` / `logout`: SIWE with a local key or an API token; credentials stored 0600. */
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encryptKeystoreJsonSync, Wallet } from 'ethers';
import { afterAll, describe, expect, it } from 'vitest';
import { credentialsPath } from '#cli/credentials.js';
import { EXIT } from '#cli/exit-codes.js';
import { createApiToken, signIn } from '#test/helpers/auth.js';
import { stack, testApp } from '#test/helpers/stack.js';
import { routedFetch, runCli, tempConfigDir } from './harness.js';

const ctx = testApp();
afterAll(() => ctx.close());
const fetch = routedFetch(ctx.app);

function freshWallet() {
  return new Wallet(Wallet.createRandom().privateKey);
}

describe('model-commons login', () => {
  it('signs in with a key from the environment and stores the session with mode 0600, never printing the key', async () => {
    const wallet = freshWallet();
    const configDir = join(await tempConfigDir(), 'nested');
    const env = { MODEL_COMMONS_PRIVATE_KEY: wallet.privateKey };
    const run = await runCli(['login', '--chain-id', String(stack().chainId)], { fetch, env, configDir });

    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`as ${wallet.address}`);
    const everything = run.stdout + run.stderr;
    expect(everything).not.toContain(wallet.privateKey.slice(2));
    expect((await stat(credentialsPath(configDir))).mode & 0o777).toBe(0o600);
    expect((await stat(configDir)).mode & 0o777).toBe(0o700);

    const whoami = await runCli(['whoami', '--json'], { fetch, configDir });
    expect(whoami.code, whoami.stderr).toBe(0);
    expect(whoami.json()).toMatchObject({ address: wallet.address, authKind: 'session' });
  });

  it('logs out: the session is revoked on the server and forgotten locally', async () => {
    const configDir = await tempConfigDir();
    const env = { MODEL_COMMONS_PRIVATE_KEY: freshWallet().privateKey };
    await runCli(['login', '--chain-id', String(stack().chainId)], { fetch, env, configDir });
    const stored = JSON.parse(await readFile(credentialsPath(configDir), 'utf8'));
    const token = stored.credentials['http://localhost:3000'].token as string;

    const logout = await runCli(['logout'], { fetch, configDir });
    expect(logout.code, logout.stderr).toBe(0);
    const me = await ctx.app.request('/me', { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(401);
    const after = await runCli(['whoami'], { fetch, configDir });
    expect(after.code).toBe(EXIT.AUTH);
  });

  it('signs in from an encrypted keystore; a wrong password is an auth failure', async () => {
    const wallet = freshWallet();
    const keystore = join(await tempConfigDir(), 'key.json');
    const json = encryptKeystoreJsonSync(wallet, 'correct horse', { scrypt: { N: 1024 } });
    await writeFile(keystore, json);
    const chain = ['--chain-id', String(stack().chainId)];

    const wrong = await runCli(['login', '--keystore', keystore, ...chain], {
      fetch,
      env: { MODEL_COMMONS_KEYSTORE_PASSWORD: 'battery staple' },
    });
    expect(wrong.code).toBe(EXIT.AUTH);
    expect(wrong.stderr).toMatch(/cannot decrypt keystore/);

    const right = await runCli(['login', '--keystore', keystore, ...chain, '--json'], {
      fetch,
      env: { MODEL_COMMONS_KEYSTORE_PASSWORD: 'correct horse' },
    });
    expect(right.code, right.stderr).toBe(0);
    expect(right.json().address).toBe(wallet.address);
  });

  it('rejects a malformed key without echoing it', async () => {
    const secret = 'deadbeef'.repeat(7);
    const run = await runCli(['login', '--chain-id', '1'], {
      fetch,
      env: { MODEL_COMMONS_PRIVATE_KEY: secret },
    });
    expect(run.code).toBe(EXIT.USAGE);
    expect(run.stderr).toMatch(
      /MODEL_COMMONS_PRIVATE_KEY is not a 32-byte hex private key \(its value is not shown\)/,
    );
    expect(run.stdout + run.stderr).not.toContain(secret);
  });

  it('stores an API token after checking it, and uses it only for the API it belongs to', async () => {
    const user = await signIn(ctx.app);
    const { authorization } = await createApiToken(ctx.app, user, ['read', 'publish']);
    const token = authorization?.replace('Bearer ', '') ?? '';
    const configDir = await tempConfigDir();

    const login = await runCli(['login', '--token', token], { fetch, configDir });
    expect(login.code, login.stderr).toBe(0);
    expect(login.stdout).toContain(`as ${user.address} with an API token (scopes: read, publish)`);

    const mine = await runCli(['models', 'list', '--json'], { fetch, configDir });
    expect(mine.code, mine.stderr).toBe(0);
    expect(mine.json().items).toEqual([]);

    // Another API origin gets nothing from this store (a localhost token never goes elsewhere).
    let requests = 0;
    const elsewhere = await runCli(['--api', 'https://api.example.com', 'whoami'], {
      fetch: async () => {
        requests++;
        throw new TypeError('unreachable');
      },
      configDir,
    });
    expect(elsewhere.code).toBe(EXIT.AUTH);
    expect(requests).toBe(0);
  });

  it('does not store a token the API rejects', async () => {
    const configDir = await tempConfigDir();
    const run = await runCli(['login', '--token', 'mct_forged'], { fetch, configDir });
    expect(run.code).toBe(EXIT.AUTH);
    await expect(stat(credentialsPath(configDir))).rejects.toThrow();
  });

  it('explains what it needs when there is nothing to sign in with', async () => {
    const run = await runCli(['login'], { fetch });
    expect(run.code).toBe(EXIT.USAGE);
    expect(run.stderr).toMatch(/nothing to sign in with: pass --token/);
  });
});
