/** Failures a creator meets most: each is one clear line on stderr and a distinct exit code. */
import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '#cli/exit-codes.js';
import { signIn } from '#test/helpers/auth.js';
import { testApp } from '#test/helpers/stack.js';
import { routedFetch, runCli } from './harness.js';

const ctx = testApp();
afterAll(() => ctx.close());
const fetch = routedFetch(ctx.app);

let env: Record<string, string>;
beforeAll(async () => {
  env = { MODEL_COMMONS_TOKEN: (await signIn(ctx.app)).token };
});

async function folderWith(content: string) {
  const folder = await mkdtemp(join(tmpdir(), 'mc-err-'));
  await writeFile(join(folder, 'model.bin'), content);
  return folder;
}

/** The failure is exactly one line, the last one on stderr (progress lines may come before it). */
function expectOneLine(stderr: string): string {
  const lines = stderr.trim().split('\n');
  const errors = lines.filter((line) => line.startsWith('model-commons: '));
  expect(errors).toHaveLength(1);
  expect(lines.at(-1)).toBe(errors[0]);
  return errors[0] as string;
}

describe('model-commons errors', () => {
  it('rejects bad credentials with exit 3 and one line', async () => {
    const run = await runCli(['whoami'], { fetch, env: { MODEL_COMMONS_TOKEN: 'mct_not-a-real-token' } });
    expect(run.code).toBe(EXIT.AUTH);
    expect(expectOneLine(run.stderr)).toMatch(/HTTP 401/);
  });

  it('refuses to push without credentials before sending anything', async () => {
    let requests = 0;
    const counting: typeof fetch = async (input, init) => {
      requests++;
      return fetch(input, init);
    };
    const run = await runCli(['push', await folderWith('x'), '--model', 'mdl_x', '--version', '1.0.0'], {
      fetch: counting,
    });
    expect(run.code).toBe(EXIT.AUTH);
    expect(expectOneLine(run.stderr)).toMatch(
      /Not signed in to http:\/\/localhost:3000: run `model-commons login`/,
    );
    expect(requests).toBe(0);
  });

  it('reports an unknown model with exit 4 and one line', async () => {
    const run = await runCli(
      ['push', await folderWith('x'), '--model', 'mdl_doesnotexist', '--version', '1.0.0'],
      {
        fetch,
        env,
      },
    );
    expect(run.code).toBe(EXIT.NOT_FOUND);
    expect(expectOneLine(run.stderr)).toMatch(/MODEL_NOT_FOUND, HTTP 404/);
  });

  it('reports pushing different files to a published version as a conflict (exit 5)', async () => {
    const created = await runCli(
      [
        'models',
        'create',
        '--name',
        'C',
        '--slug',
        `c-${randomBytes(4).toString('hex')}`,
        '--task',
        'tabular',
        '--json',
      ],
      { fetch, env },
    );
    const modelId = created.json().modelId;
    const first = await runCli(
      ['push', await folderWith('v1'), '--model', modelId, '--version', '1.0.0', '--publish'],
      {
        fetch,
        env,
      },
    );
    expect(first.code, first.stderr).toBe(0);

    const conflict = await runCli(
      ['push', await folderWith('v2'), '--model', modelId, '--version', '1.0.0'],
      {
        fetch,
        env,
      },
    );
    expect(conflict.code).toBe(EXIT.CONFLICT);
    expect(expectOneLine(conflict.stderr)).toMatch(
      /version 1\.0\.0 of .* is already published with different files/,
    );

    const same = await runCli(['push', await folderWith('v1'), '--model', modelId, '--version', '1.0.0'], {
      fetch,
      env,
    });
    expect(same.code, same.stderr).toBe(0);
  });

  it("treats someone else's draft model as unknown (exit 4)", async () => {
    const created = await runCli(
      [
        'models',
        'create',
        '--name',
        'O',
        '--slug',
        `o-${randomBytes(4).toString('hex')}`,
        '--task',
        'tabular',
        '--json',
      ],
      { fetch, env },
    );
    const other = { MODEL_COMMONS_TOKEN: (await signIn(ctx.app)).token };
    const run = await runCli(
      ['push', await folderWith('x'), '--model', created.json().modelId, '--version', '1.0.0'],
      { fetch, env: other },
    );
    // A draft is invisible to others: 404 rather than leaking its existence.
    expect(run.code).toBe(EXIT.NOT_FOUND);
    expectOneLine(run.stderr);
  });

  it('answers usage errors with exit 2', async () => {
    const missing = await runCli(['push', '.'], { fetch, env });
    expect(missing.code).toBe(EXIT.USAGE);
    expect(missing.stderr).toMatch(/required option '--model <modelId>' not specified/);
    const unknown = await runCli(['frobnicate'], { fetch, env });
    expect(unknown.code).toBe(EXIT.USAGE);
    const badNumber = await runCli(
      ['push', '.', '--model', 'm', '--version', '1.0.0', '--concurrency', 'lots'],
      {
        fetch,
        env,
      },
    );
    expect(badNumber.code).toBe(EXIT.USAGE);
  });

  it('reports an unreachable API with exit 8 and a hint', async () => {
    const down: typeof fetch = async () => {
      throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:3000') });
    };
    const run = await runCli(['models', 'list', '--all'], { fetch: down, env });
    expect(run.code).toBe(EXIT.UNAVAILABLE);
    expect(expectOneLine(run.stderr)).toMatch(
      /cannot reach http:\/\/localhost:3000 \(connect ECONNREFUSED.*is the API running\?/,
    );
  });

  it('also writes the error as JSON on stdout with --json', async () => {
    const run = await runCli(['models', 'show', 'mdl_nope', '--json'], { fetch, env });
    expect(run.code).toBe(EXIT.NOT_FOUND);
    expect(run.json()).toMatchObject({ error: { code: 'MODEL_NOT_FOUND', exitCode: EXIT.NOT_FOUND } });
  });
});
