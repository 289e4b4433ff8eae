/**
 * `push` against the real local S3 server: a folder with a multipart file, interrupted after some
 * parts, then pushed again — only the missing parts travel, and the stored bytes hash right.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FetchFn } from '#cli/client/api-client.js';
import { EXIT } from '#cli/exit-codes.js';
import { signIn } from '#test/helpers/auth.js';
import { json } from '#test/helpers/http.js';
import { testApp } from '#test/helpers/stack.js';
import { storedFile } from '#test/helpers/stored-files.js';
import { routedFetch, runCli } from './harness.js';

const MIB = 1024 * 1024;
// Part sizes are at least 1 MiB (the server rounds up), so 5 MiB + a tail makes 6 parts.
const BIG_SIZE = 5 * MIB + 1234;
const PART_COUNT = 6;

const ctx = testApp({ UPLOAD_PART_BYTES: String(MIB), UPLOAD_SINGLE_PUT_MAX_BYTES: String(64 * 1024) });
afterAll(() => ctx.close());

let token: string;
beforeAll(async () => {
  token = (await signIn(ctx.app)).token;
});

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function modelFolder() {
  const folder = await mkdtemp(join(tmpdir(), 'mc-push-'));
  const big = randomBytes(BIG_SIZE);
  await writeFile(join(folder, 'weights.bin'), big);
  // Unique bytes per folder: the same owner's identical files would be reused instead of uploaded.
  const nonce = randomBytes(4).toString('hex');
  await writeFile(join(folder, 'config.json'), JSON.stringify({ layers: 2, nonce }));
  await mkdir(join(folder, 'docs'));
  await writeFile(join(folder, 'docs', 'README.md'), `# tiny model ${nonce}\n`);
  await writeFile(join(folder, 'notes.tmp'), 'ignored');
  await writeFile(join(folder, '.modelcommonsignore'), '*.tmp\n');
  return { folder, bigSha: sha256(big) };
}

async function createModel(env: Record<string, string>) {
  const slug = `m-${randomBytes(4).toString('hex')}`;
  const run = await runCli(
    ['models', 'create', '--name', 'Tiny', '--slug', slug, '--task', 'text-generation', '--json'],
    {
      fetch: routedFetch(ctx.app),
      env,
    },
  );
  expect(run.code, run.stderr).toBe(0);
  return run.json().modelId as string;
}

/** Counts part PUTs that reached storage successfully; optionally acts after the n-th. */
function countingStorage(afterPart?: { n: number; act: () => void }) {
  const counter = { parts: 0, singles: 0 };
  const storage: FetchFn = async (input, init) => {
    const response = await globalThis.fetch(input, init);
    const url = String(input);
    if (init?.method === 'PUT' && response.ok) {
      if (url.includes('partNumber=')) {
        counter.parts++;
        if (afterPart && counter.parts === afterPart.n) afterPart.act();
      } else counter.singles++;
    }
    return response;
  };
  return { counter, fetch: routedFetch(ctx.app, storage) };
}

async function heldParts(modelId: string, fileId: string) {
  const response = await ctx.app.request(`/models/${modelId}/versions/1.0.0/files/${fileId}/parts`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return (await response.json()) as { parts: Array<{ partNumber: number }>; partCount: number };
}

async function storedBytes(modelId: string, version: string, path: string) {
  const file = await storedFile(ctx.infra.table, modelId, version, path);
  const { url } = await ctx.infra.artifacts.presignGet({ key: file.storageKey, expiresInSeconds: 60 });
  return Buffer.from(await (await fetch(url)).arrayBuffer());
}

describe('model-commons push', () => {
  it('resumes after an interrupt, sending only the parts storage does not hold', async () => {
    const env = { MODEL_COMMONS_TOKEN: token };
    const modelId = await createModel(env);
    const { folder, bigSha } = await modelFolder();
    const args = ['push', folder, '--model', modelId, '--version', '1.0.0', '--concurrency', '1'];

    // First run: Ctrl-C (the abort signal) right after the second part reached storage.
    const controller = new AbortController();
    const first = countingStorage({ n: 2, act: () => controller.abort(new Error('interrupted')) });
    const interrupted = await runCli(args, { fetch: first.fetch, env, signal: controller.signal });
    expect(interrupted.code).toBe(EXIT.INTERRUPTED);
    expect(interrupted.stderr).toMatch(/interrupted after .* run the same command again to resume/);

    const version = await json(
      await ctx.app.request(`/models/${modelId}/versions/1.0.0`, {
        headers: { authorization: `Bearer ${token}` },
      }),
    );
    const big = version.files.find((file: { path: string }) => file.path === 'weights.bin');
    expect(big.status).toBe('pending');
    const held = await heldParts(modelId, big.fileId);
    expect(held.partCount).toBe(PART_COUNT);
    expect(held.parts.length).toBe(2);

    // Second run: the same command completes, sending exactly the missing parts.
    const second = countingStorage();
    const resumed = await runCli([...args, '--json', '--publish'], { fetch: second.fetch, env });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(second.counter.parts).toBe(PART_COUNT - held.parts.length);
    const result = resumed.json();
    expect(result.partsUploaded).toBe(PART_COUNT - held.parts.length);
    expect(result.files.find((file: { path: string }) => file.path === 'weights.bin')).toMatchObject({
      action: 'resumed',
      partsSent: PART_COUNT - held.parts.length,
    });
    expect(result.files.map((file: { path: string }) => file.path)).toEqual([
      'config.json',
      'docs/README.md',
      'weights.bin',
    ]);
    expect(result.status).toBe('published');
    expect(result.manifestHash).toMatch(/^0x[0-9a-f]{64}$/);

    expect(sha256(await storedBytes(modelId, '1.0.0', 'weights.bin'))).toBe(bigSha);
  });

  it('resumes after storage keeps failing (a crash mid-upload) and finishes with the right bytes', async () => {
    const env = { MODEL_COMMONS_TOKEN: token };
    const modelId = await createModel(env);
    const { folder, bigSha } = await modelFolder();
    let partsAccepted = 0;
    const flaky: FetchFn = async (input, init) => {
      if (String(input).includes('partNumber=') && partsAccepted >= 3) throw new TypeError('fetch failed');
      const response = await globalThis.fetch(input, init);
      if (String(input).includes('partNumber=') && response.ok) partsAccepted++;
      return response;
    };
    const args = ['push', folder, '--model', modelId, '--version', '1.0.0', '--concurrency', '1'];
    const crashed = await runCli([...args, '--retries', '2', '--retry-delay-ms', '1'], {
      fetch: routedFetch(ctx.app, flaky),
      env,
    });
    expect(crashed.code).toBe(EXIT.UNAVAILABLE);
    expect(crashed.stderr).toMatch(/retrying weights\.bin/);
    expect(crashed.stderr.trim().split('\n').at(-1)).toMatch(/^model-commons: storage unreachable/);

    const second = countingStorage();
    const resumed = await runCli([...args, '--json'], { fetch: second.fetch, env });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(second.counter.parts).toBe(PART_COUNT - 3);
    expect(second.counter.singles).toBe(0);
    expect(resumed.json().status).toBe('ready');
    expect(sha256(await storedBytes(modelId, '1.0.0', 'weights.bin'))).toBe(bigSha);
  });

  it('prints plain progress lines when stderr is not a terminal, and a re-run sends nothing', async () => {
    const env = { MODEL_COMMONS_TOKEN: token };
    const modelId = await createModel(env);
    const { folder } = await modelFolder();
    const args = ['push', folder, '--model', modelId, '--version', '1.0.0'];
    const first = await runCli(args, { fetch: routedFetch(ctx.app), env });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/^hashing 3 files: /m);
    expect(first.stderr).toMatch(/^uploading 50% /m);
    expect(first.stderr).not.toMatch(/\r/);
    expect(first.stdout).toMatch(/3 file\(s\) — 3 uploaded, 0 resumed, 0 reused, 0 unchanged/);

    const again = countingStorage();
    const rerun = await runCli(args, { fetch: again.fetch, env });
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(again.counter.parts + again.counter.singles).toBe(0);
    expect(rerun.stdout).toMatch(/0 uploaded, 0 resumed, 0 reused, 3 unchanged/);

    // The same folder into another model of the same owner: every file is copied by the server.
    const other = await createModel(env);
    const copied = countingStorage();
    const reused = await runCli(['push', folder, '--model', other, '--version', '1.0.0'], {
      fetch: copied.fetch,
      env,
    });
    expect(reused.code, reused.stderr).toBe(0);
    expect(copied.counter.parts + copied.counter.singles).toBe(0);
    expect(reused.stdout).toMatch(/0 uploaded, 0 resumed, 3 reused, 0 unchanged/);
  });
});
