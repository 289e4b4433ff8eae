/**
 * Selling and buying through the marketplace contract from the CLI, against the in-process app and
 * the shared anvil: the owner registers the model (`market register`) and signs its offer
 * (`offers sign`); buyers `buy` with each payment method (approve, permit, authorization), from their
 * own keys; the licences are theirs on chain; the owner withdraws the split's earnings
 * (`earnings --withdraw`) and its stablecoin balance rises by exactly its share.
 */
import { Contract, Interface, Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MARKET_ABI } from '#adapters/chain/market-abi.js';
import { EXIT } from '#cli/exit-codes.js';
import { type SignedIn, signIn } from '#test/helpers/auth.js';
import { createPublishedModel, type PublishedModel } from '#test/helpers/catalogue.js';
import { ERC20_ABI, fundedWallet, testProvider } from '#test/helpers/chain.js';
import { requestOk } from '#test/helpers/http.js';
import { stack, testApp } from '#test/helpers/stack.js';
import { routedFetch, runCli } from './harness.js';

const ctx = testApp();
const provider = testProvider();
afterAll(async () => {
  provider.destroy();
  await ctx.close();
});
const fetch = routedFetch(ctx.app);

const PRICE = 25_000_000n; // 25 USD
const OWNER_BPS = 8000n;
const token = new Contract(stack().stablecoin, ERC20_ABI, provider);
const market = new Contract(stack().market.address, MARKET_ABI, provider);
const balanceOf = async (address: string) => (await token.getFunction('balanceOf')(address)) as bigint;

/** The CLI's environment for a signed-in account whose key is local: API token, key, chain. */
const envOf = (account: SignedIn) => ({
  MODEL_COMMONS_TOKEN: account.token,
  MODEL_COMMONS_PRIVATE_KEY: account.wallet.privateKey,
  MODEL_COMMONS_RPC_URL: stack().rpcUrl,
});

let owner: SignedIn;
let model: PublishedModel;
let sales = 0n;

beforeAll(async () => {
  owner = await signIn(ctx.app, await fundedWallet(provider));
  model = await createPublishedModel(ctx.app, owner, {
    price: PRICE.toString(),
    split: [
      { address: owner.address, bps: Number(OWNER_BPS), role: 'author' },
      { address: Wallet.createRandom().address, bps: 10_000 - Number(OWNER_BPS), role: 'data' },
    ],
  });
});

async function buyer(): Promise<SignedIn> {
  return signIn(ctx.app, await fundedWallet(provider, PRICE));
}

/** The licence is the buyer's, active, and its token is in the buyer's wallet; the price left it. */
async function expectLicenceOf(
  account: SignedIn,
  licence: {
    licensee: string;
    state: string;
    offerId: string;
    onChain: { tokenId: string; contract: string };
  },
) {
  expect(licence).toMatchObject({
    licensee: account.address,
    state: 'active',
    offerId: model.offerId,
    onChain: { contract: stack().market.address },
  });
  expect(await market.getFunction('ownerOf')(BigInt(licence.onChain.tokenId))).toBe(account.wallet.address);
  expect(await balanceOf(account.wallet.address)).toBe(0n);
  sales++;
}

describe('model-commons market register and offers sign', () => {
  it('refuses to register with a key that is not the owner’s, sending nothing (exit 3)', async () => {
    const stranger = await signIn(ctx.app, await fundedWallet(provider));
    const run = await runCli(['market', 'register', '--model', model.modelId], {
      fetch,
      env: envOf(stranger),
    });
    expect(run.code).toBe(EXIT.AUTH);
    expect(run.stderr).toContain('only the owner registers it');
    const state = await requestOk(ctx.app, owner, 'GET', `/models/${model.modelId}/market`);
    expect(state.calls).toHaveLength(2);
  });

  it('registers the model with the listed transactions, then has nothing left to do', async () => {
    const run = await runCli(['market', 'register', '--model', model.modelId, '--json'], {
      fetch,
      env: envOf(owner),
    });
    expect(run.code, run.stderr).toBe(0);
    const result = run.json();
    expect(result).toMatchObject({ modelId: model.modelId, market: stack().market.address });
    expect(result.sent).toHaveLength(2);
    for (const sent of result.sent) expect(sent.txHash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(run.stderr).toContain('mined: 0x');

    const again = await runCli(['market', 'register', '--model', model.modelId], {
      fetch,
      env: envOf(owner),
    });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^Nothing to do: .* is registered on market/);
  });

  it('signs the offer’s typed data with the owner’s key: the offer is on sale on chain', async () => {
    const run = await runCli(
      ['offers', 'sign', '--model', model.modelId, '--offer', model.offerId, '--json'],
      {
        fetch,
        env: envOf(owner),
      },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.json().market).toMatchObject({ signed: true });
    const human = await runCli(
      ['offers', 'sign', '--model', model.modelId, '--offer', model.offerId, '--max-fee-bps', '500'],
      { fetch, env: envOf(owner) },
    );
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(
      /^Signed offer off_\S+ for sale on market 0x[0-9a-fA-F]{40} \(chain 31337\) until 20\d\d-/,
    );
    expect(human.stdout).toContain('fees up to 5.0%');
  });
});

describe('model-commons buy', () => {
  it('buys by approve + buy (two transactions) and prints the licence, its token and the transaction', async () => {
    const account = await buyer();
    const run = await runCli(['buy', '--offer', model.offerId, '--pay', 'approve'], {
      fetch,
      env: envOf(account),
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('Paying by allowance: 2 transaction(s)');
    expect(run.stdout).toMatch(/^Licence lic_\S+ \(active\)/);
    expect(run.stdout).toMatch(/token \d+ on 0x[0-9a-fA-F]{40} \(chain 31337\), held by 0x/);
    expect(run.stdout).toMatch(/tx {4}0x[0-9a-f]{64}/);
    const licences = await requestOk(ctx.app, account, 'GET', '/me/licences');
    expect(licences.items).toHaveLength(1);
    await expectLicenceOf(account, licences.items[0]);
  });

  it('buys with an EIP-2612 permit by default (one transaction), and --json prints the licence', async () => {
    const account = await buyer();
    const run = await runCli(['buy', '--offer', model.offerId, '--json'], { fetch, env: envOf(account) });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('EIP-2612 permit');
    expect(run.stderr).toContain('buyWithPermit');
    const licence = run.json();
    await expectLicenceOf(account, licence);
    const verified = await runCli(['licences', 'verify', licence.token], { fetch });
    expect(verified.code, verified.stderr).toBe(0);
  });

  it('buys with an EIP-3009 receive authorization', async () => {
    const account = await buyer();
    const run = await runCli(['buy', '--offer', model.offerId, '--pay', 'authorization', '--json'], {
      fetch,
      env: envOf(account),
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('buyWithAuthorization');
    await expectLicenceOf(account, run.json());
  });

  it('with --no-mine waits for blocks the chain makes instead of mining them', async () => {
    const account = await buyer();
    // Someone else makes the blocks.
    const miner = setInterval(() => void provider.send('anvil_mine', ['0x1']).catch(() => undefined), 200);
    try {
      const run = await runCli(['buy', '--offer', model.offerId, '--no-mine', '--json'], {
        fetch,
        env: envOf(account),
      });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).not.toContain('on the local chain');
      await expectLicenceOf(account, run.json());
    } finally {
      clearInterval(miner);
    }
  });

  it('interrupted after paying, says how to resume; --order --tx then gets the licence', async () => {
    const account = await buyer();
    const controller = new AbortController();
    // Ctrl-C just as the CLI submits the payment: the money has moved, the licence is not picked up.
    const interrupting: typeof fetch = async (input, init) => {
      if (String(input).endsWith('/payment')) {
        controller.abort(new Error('interrupted'));
        throw controller.signal.reason;
      }
      return fetch(input, init);
    };
    const run = await runCli(['buy', '--offer', model.offerId, '--pay', 'approve'], {
      fetch: interrupting,
      env: envOf(account),
      signal: controller.signal,
    });
    expect(run.code).toBe(EXIT.INTERRUPTED);
    const resume = run.stderr.match(/model-commons (buy --order \S+ --tx 0x[0-9a-f]{64})/)?.[1];
    expect(resume, run.stderr).toBeDefined();

    const resumed = await runCli([...(resume as string).split(' '), '--json'], {
      fetch,
      env: envOf(account),
    });
    expect(resumed.code, resumed.stderr).toBe(0);
    await expectLicenceOf(account, resumed.json());
  });

  it('refuses to send or sign what does not pay exactly the price to the published market', async () => {
    const attacker = Wallet.createRandom().address;
    const erc20 = new Interface(['function approve(address spender, uint256 value) returns (bool)']);
    // biome-ignore lint/suspicious/noExplicitAny: the tampers edit the order's JSON loosely.
    type SaleJson = Record<string, any>;
    const tampers: Array<{ pay: string; code: string; tamper: (sale: SaleJson) => void }> = [
      {
        pay: 'approve',
        code: 'UNEXPECTED_CALL',
        tamper: (sale) => {
          sale.calls[0].data = erc20.encodeFunctionData('approve', [attacker, PRICE]);
        },
      },
      {
        pay: 'approve',
        code: 'UNEXPECTED_CALL',
        tamper: (sale) => {
          sale.calls[0].data = erc20.encodeFunctionData('approve', [sale.contract, PRICE * 1000n]);
        },
      },
      {
        pay: 'permit',
        code: 'UNEXPECTED_SIGNATURE_REQUEST',
        tamper: (sale) => {
          sale.payWithSignature.permit.typedData.message.spender = attacker;
        },
      },
      {
        pay: 'authorization',
        code: 'UNEXPECTED_SIGNATURE_REQUEST',
        tamper: (sale) => {
          sale.payWithSignature.receiveWithAuthorization.typedData.message.to = attacker;
        },
      },
      {
        pay: 'approve',
        code: 'MARKET_MISMATCH',
        tamper: (sale) => {
          sale.contract = attacker;
        },
      },
    ];
    for (const { pay, code, tamper } of tampers) {
      const account = await buyer();
      const tampering: typeof fetch = async (input, init) => {
        const response = await fetch(input, init);
        if (!(String(input).endsWith('/orders') && init?.method === 'POST')) return response;
        const order = (await response.json()) as { sale: SaleJson };
        tamper(order.sale);
        return new Response(JSON.stringify(order), { status: response.status, headers: response.headers });
      };
      const run = await runCli(['buy', '--offer', model.offerId, '--pay', pay, '--json'], {
        fetch: tampering,
        env: envOf(account),
      });
      expect(run.code, `${code}: ${run.stderr}`).toBe(EXIT.FAILURE);
      expect(run.json().error.code).toBe(code);
      expect(run.stderr).toMatch(/refusing to (send|sign)/);
      expect(await provider.getTransactionCount(account.wallet.address)).toBe(1); // its stablecoin mint
      expect(await balanceOf(account.wallet.address)).toBe(PRICE);
    }
  });

  it('refuses a referrer the marketplace has not registered (exit 6), before any transaction', async () => {
    const account = await buyer();
    const referrer = Wallet.createRandom().address;
    const run = await runCli(['buy', '--offer', model.offerId, '--referrer', referrer], {
      fetch,
      env: envOf(account),
    });
    expect(run.code).toBe(EXIT.REJECTED);
    expect(run.stderr).toContain('REFERRER_NOT_REGISTERED');
    expect(await balanceOf(account.wallet.address)).toBe(PRICE);
  });

  it('needs an RPC URL and a key that is the signed-in account’s (exit 2, exit 3)', async () => {
    const account = await buyer();
    const { MODEL_COMMONS_RPC_URL: _rpc, ...withoutRpc } = envOf(account);
    const noRpc = await runCli(['buy', '--offer', model.offerId], { fetch, env: withoutRpc });
    expect(noRpc.code).toBe(EXIT.USAGE);
    expect(noRpc.stderr).toContain('pass --rpc-url <url> or set MODEL_COMMONS_RPC_URL');

    const otherKey = { ...envOf(account), MODEL_COMMONS_PRIVATE_KEY: Wallet.createRandom().privateKey };
    const wrongKey = await runCli(['buy', '--offer', model.offerId], { fetch, env: otherKey });
    expect(wrongKey.code).toBe(EXIT.AUTH);
    expect(wrongKey.stderr).toContain(`signed in as ${account.address}`);
    expect(wrongKey.stderr).not.toContain(otherKey.MODEL_COMMONS_PRIVATE_KEY.slice(2));
  });
});

describe('model-commons earnings', () => {
  it('shows what the contract holds for the owner, and --withdraw pays it to the owner’s wallet', async () => {
    const toSplit = PRICE - (PRICE * BigInt(ctx.config.fees.platformBps)) / 10_000n;
    const share = (sales * toSplit * OWNER_BPS) / 10_000n;
    expect(sales).toBe(5n);

    const shown = await runCli(['earnings'], { fetch, env: envOf(owner) });
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(/chain 31337 {2}withdrawable 0\.0 USD {2}awaiting distribution 97\.5 USD /);

    const before = await balanceOf(owner.wallet.address);
    const run = await runCli(['earnings', '--withdraw', '--json'], { fetch, env: envOf(owner) });
    expect(run.code, run.stderr).toBe(0);
    expect(run.json().withdrawals).toEqual([
      expect.objectContaining({
        chainId: stack().chainId,
        currency: stack().stablecoin,
        amount: share.toString(),
      }),
    ]);
    expect(await balanceOf(owner.wallet.address)).toBe(before + share);

    const after = await runCli(['earnings', '--withdraw'], { fetch, env: envOf(owner) });
    expect(after.code, after.stderr).toBe(0);
    expect(after.stdout).toContain('Nothing to withdraw.');
  });
});
