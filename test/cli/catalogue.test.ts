/** `models`, `split`, `offers` from the CLI, end to end against the in-memory app. */
import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '#cli/exit-codes.js';
import { signIn } from '#test/helpers/auth.js';
import { stack, testApp } from '#test/helpers/stack.js';
import { routedFetch, runCli } from './harness.js';

const ctx = testApp();
afterAll(() => ctx.close());
const fetch = routedFetch(ctx.app);

let env: Record<string, string>;
let owner: string;
beforeAll(async () => {
  const user = await signIn(ctx.app);
  env = { MODEL_COMMONS_TOKEN: user.token };
  owner = user.address;
});

async function tempFile(name: string, content: string) {
  const dir = await mkdtemp(join(tmpdir(), 'mc-cat-'));
  await writeFile(join(dir, name), content);
  return join(dir, name);
}

describe('model-commons catalogue commands', () => {
  it('creates a model, sets its split from YAML, adds an offer, pushes, publishes, and finds it in the catalogue', async () => {
    const slug = `cat-${randomBytes(4).toString('hex')}`;
    const created = await runCli(
      [
        'models',
        'create',
        '--name',
        'Catalogue Demo',
        '--slug',
        slug,
        '--task',
        'text-generation',
        '--tags',
        'demo,tiny',
        '--json',
      ],
      { fetch, env },
    );
    expect(created.code, created.stderr).toBe(0);
    const modelId = created.json().modelId as string;

    const contributor = new Wallet(Wallet.createRandom().privateKey).address;
    const splitFile = await tempFile(
      'split.yaml',
      `recipients:\n  - address: "${owner}"\n    bps: 7000\n    role: owner\n  - address: "${contributor}"\n    bps: 3000\n    role: data\n`,
    );
    const split = await runCli(['split', 'set', splitFile, '--model', modelId], { fetch, env });
    expect(split.code, split.stderr).toBe(0);
    expect(split.stdout).toContain(`${contributor}  30.00%  data`);

    const folder = await mkdtemp(join(tmpdir(), 'mc-cat-model-'));
    await writeFile(join(folder, 'model.onnx'), randomBytes(2048));
    const pushed = await runCli(
      ['push', folder, '--model', modelId, '--version', '0.1.0', '--publish', '--json'],
      {
        fetch,
        env,
      },
    );
    expect(pushed.code, pushed.stderr).toBe(0);

    const offer = await runCli(
      [
        'offers',
        'create',
        '--model',
        modelId,
        '--name',
        'Commercial',
        '--price',
        '1000000000000000',
        '--currency',
        'native',
        '--chain-id',
        String(stack().chainId),
        '--spdx',
        'Apache-2.0',
        '--commercial',
        '--json',
      ],
      { fetch, env },
    );
    expect(offer.code, offer.stderr).toBe(0);
    expect(offer.json()).toMatchObject({
      name: 'Commercial',
      price: { amount: '1000000000000000', currency: 'native' },
    });

    const published = await runCli(['models', 'publish', modelId], { fetch, env });
    expect(published.code, published.stderr).toBe(0);

    const shown = await runCli(['models', 'show', modelId], { fetch, env });
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(/\[published\]/);
    expect(shown.stdout).toMatch(/version 0\.1\.0 \[published\] manifest 0x[0-9a-f]{64}/);
    expect(shown.stdout).toMatch(/offer off_\S+ "Commercial"/);

    const offers = await runCli(['offers', 'list', '--model', modelId, '--json'], { fetch });
    expect(offers.json().items).toHaveLength(1);

    const mine = await runCli(['models', 'list', '--json'], { fetch, env });
    expect(mine.json().items.map((item: { modelId: string }) => item.modelId)).toContain(modelId);
  });

  it('checks a split file locally and names the problem (exit 2, nothing sent)', async () => {
    let requests = 0;
    const counting: typeof fetch = async (input, init) => {
      requests++;
      return fetch(input, init);
    };
    const bad = await tempFile('split.json', JSON.stringify({ recipients: [{ address: owner, bps: 9000 }] }));
    const run = await runCli(['split', 'set', bad, '--model', 'mdl_any'], { fetch: counting, env });
    expect(run.code).toBe(EXIT.USAGE);
    expect(run.stderr.trim()).toBe(`model-commons: ${bad}: bps must sum to exactly 10000 (got 9000)`);
    expect(requests).toBe(0);
  });

  it('reports an offer in a currency the marketplace does not accept as rejected (exit 6)', async () => {
    const created = await runCli(
      [
        'models',
        'create',
        '--name',
        'X',
        '--slug',
        `x-${randomBytes(4).toString('hex')}`,
        '--task',
        'tabular',
        '--json',
      ],
      { fetch, env },
    );
    const run = await runCli(
      [
        'offers',
        'create',
        '--model',
        created.json().modelId,
        '--name',
        'Cheap',
        '--price',
        '1',
        '--currency',
        'native',
        '--chain-id',
        '999999',
        '--spdx',
        'MIT',
      ],
      { fetch, env },
    );
    expect(run.code).toBe(EXIT.REJECTED);
    expect(run.stderr).toMatch(/CURRENCY_NOT_ALLOWED, HTTP 400/);
  });
});
