/**
 * Benchmark: verification throughput — what `complete` (and later the verification worker) does with
 * an uploaded object: S3ArtifactStore.digest streams it from the local S3 server through SHA-256 —
 * vs the plain SDK's GetObject piped through SHA-256, in the same run, alternating, medians of
 * `rounds`. Run: `npx tsx bench/verify-throughput.ts [MiB=512] [rounds=5]` (or `npm run bench -- verify`).
 * Goal (issue 18): ≥ 0.9× the plain SDK.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { LOCAL_STAND_IN_CREDENTIALS } from '#adapters/local-credentials.js';
import { createS3Client } from '#adapters/s3/clients.js';
import { S3ArtifactStore } from '#adapters/s3/s3-artifact-store.js';
import { startLocalStack } from '#scripts/local-stack/index.js';
import { ratio, recordResult } from './lib/report.js';
import { printTable } from './lib/stats.js';

const MIB = 1024 * 1024;
const sizeMiB = Number(process.argv[2] ?? 512);
const rounds = Number(process.argv[3] ?? 5);
const SIZE = sizeMiB * MIB;
const BENCHMARK = 'Verification throughput';

const stack = await startLocalStack({ publicOrigin: 'http://localhost:3000', tableName: 'bench-verify' });
const s3 = createS3Client({
  region: 'us-east-1',
  endpoint: stack.s3Endpoint,
  credentials: LOCAL_STAND_IN_CREDENTIALS,
  requestTimeoutMs: 600_000,
  idleTimeoutMs: 600_000,
});
const store = new S3ArtifactStore(s3, stack.bucketName);
const key = 'artifacts/bench/verify.bin';

try {
  // One random 8 MiB block repeated: incompressible, and the client never holds the whole object.
  const block = randomBytes(8 * MIB);
  const body = Readable.from(
    (function* () {
      for (let sent = 0; sent < SIZE; sent += block.length) {
        yield block.subarray(0, Math.min(block.length, SIZE - sent));
      }
    })(),
  );
  await new Upload({
    client: s3,
    params: { Bucket: stack.bucketName, Key: key, Body: body },
    partSize: 64 * MIB,
  }).done();

  const plainSdk = async (): Promise<string> => {
    const result = await s3.send(new GetObjectCommand({ Bucket: stack.bucketName, Key: key }));
    const hash = createHash('sha256');
    for await (const chunk of result.Body as Readable) hash.update(chunk as Buffer);
    return hash.digest('hex');
  };
  const ours = async (): Promise<string> => (await store.digest(key))?.sha256Hex ?? '';

  const timings: Record<'ours' | 'sdk', number[]> = { ours: [], sdk: [] };
  let expected: string | undefined;
  for (let round = 0; round < rounds; round++) {
    for (const [name, run] of [
      ['sdk', plainSdk],
      ['ours', ours],
    ] as const) {
      const started = performance.now();
      const digest = await run();
      timings[name].push((performance.now() - started) / 1000);
      expected ??= digest;
      if (digest !== expected) throw new Error(`${name} hashed ${digest}, expected ${expected}`);
    }
  }
  const median = (values: number[]) =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
  const mbps = (seconds: number) => SIZE / 1e6 / seconds;
  const oursRate = mbps(median(timings.ours));
  const sdkRate = mbps(median(timings.sdk));
  printTable([
    ['flow', 'median', 'MB/s'],
    ['S3ArtifactStore.digest (ours)', `${median(timings.ours).toFixed(2)} s`, oursRate.toFixed(0)],
    ['GetObject | SHA-256 (plain SDK)', `${median(timings.sdk).toFixed(2)} s`, sdkRate.toFixed(0)],
  ]);
  recordResult({
    benchmark: BENCHMARK,
    metric: `ours ÷ plain SDK, MB/s streaming SHA-256 of ${sizeMiB} MiB (${oursRate.toFixed(0)} vs ${sdkRate.toFixed(0)})`,
    measured: ratio(oursRate / sdkRate),
    goal: '≥ 0.9×',
    met: oursRate / sdkRate >= 0.9,
  });
} finally {
  s3.destroy();
  await stack.stop();
}
