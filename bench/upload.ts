/**
 * Benchmark: 1 GiB through our upload and download flows vs the plain AWS SDK, against the same local
 * S3 server, in one run. Run: `npx tsx bench/upload.ts [MiB=1024] [partMiB=64] [concurrency=4]`
 * (or `npm run bench -- upload`). Prints a table of MB/s and ratios, and the API process's peak RSS.
 *
 * - ours multipart: declare → part URLs (one batch) → PUT parts, `concurrency` at a time → complete
 *   (the API streams the object through SHA-256 to verify it). vs lib-storage `Upload` with the same
 *   part size and queue size.
 * - ours single PUT: declare → presigned PUT bound to size + SHA-256 → complete (verification
 *   included). vs a raw `PutObject` of the same stream.
 * - ours download: a presigned GET (what the downloads route hands out) vs a raw `GetObject`.
 *
 * The API runs in its own process (bench/upload/api-server.ts) so that its peak memory is its own;
 * s3rver and the client share this process, as in the planning measurements.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { Wallet } from 'ethers';
import { SiweMessage } from 'siwe';
import { LOCAL_STAND_IN_CREDENTIALS } from '#adapters/local-credentials.js';
import { createS3Client } from '#adapters/s3/clients.js';
import { S3ArtifactStore } from '#adapters/s3/s3-artifact-store.js';
import { startLocalStack } from '#scripts/local-stack/index.js';
import { freePort } from '#scripts/local-stack/processes.js';
import { ratio, recordResult } from './lib/report.js';
import { libStorageUpload } from './lib/sdk-upload.js';
import { printTable } from './lib/stats.js';

const MIB = 1024 * 1024;
const sizeMiB = Number(process.argv[2] ?? 1024);
const partMiB = Number(process.argv[3] ?? 64);
const concurrency = Number(process.argv[4] ?? 4);
const SIZE = sizeMiB * MIB;
const PART = partMiB * MIB;
// The file is one random part-sized block repeated: the bytes are incompressible and the client never
// holds more than one block, so client memory does not distort the figures.
const block = randomBytes(PART);

function body(size: number, offset = 0): Readable {
  let position = offset;
  const end = offset + size;
  return Readable.from(
    (function* () {
      while (position < end) {
        const within = position % PART;
        const take = Math.min(PART - within, end - position);
        yield block.subarray(within, within + take);
        position += take;
      }
    })(),
    { objectMode: false },
  );
}

function sha256Of(size: number): string {
  const hash = createHash('sha256');
  for (let position = 0; position < size; position += PART) {
    hash.update(block.subarray(0, Math.min(PART, size - position)));
  }
  return hash.digest('hex');
}

/**
 * A request with node:http, the same HTTP stack the SDK uses, so the comparison measures the flows
 * rather than fetch vs node:http. Resolves with the status once the response has been drained.
 */
function send(
  method: string,
  url: string,
  headers: Record<string, string>,
  payload?: Buffer | Readable,
  onData?: (chunk: Buffer) => void,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers }, (res) => {
      res.on('data', (chunk: Buffer) => onData?.(chunk));
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (payload instanceof Readable) payload.pipe(req);
    else req.end(payload);
  });
}

const verifySeconds = { multipart: 0, single: 0 };

async function timed(run: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await run();
  return (performance.now() - started) / 1000;
}

const stack = await startLocalStack({
  publicOrigin: 'http://localhost:3000',
  tableName: 'model-commons-bench',
});
const apiPort = await freePort();
const env = {
  ...process.env,
  ...stack.env,
  STAGE: 'test',
  LOG_LEVEL: 'silent',
  BENCH_API_PORT: String(apiPort),
  UPLOAD_SINGLE_PUT_MAX_BYTES: String(SIZE),
  UPLOAD_PART_BYTES: String(PART),
  UPLOAD_URL_TTL_SECONDS: '3600',
  MAX_BODY_BYTES: String(1024 * 1024),
};
const here = fileURLToPath(new URL('.', import.meta.url));
const api: ChildProcess = fork(`${here}upload/api-server.ts`, [], { env, execArgv: ['--import', 'tsx'] });
const startup = await new Promise<{ peakRss: number; rss: number }>((resolve) =>
  api.once('message', (message) => resolve(message as { peakRss: number; rss: number })),
);
const apiMemory = () =>
  new Promise<{ peakRss: number; rss: number }>((resolve) => {
    api.once('message', (message) =>
      resolve((message as { memory: { peakRss: number; rss: number } }).memory),
    );
    api.send('memory');
  });

const s3 = createS3Client({
  region: 'us-east-1',
  endpoint: stack.s3Endpoint,
  credentials: LOCAL_STAND_IN_CREDENTIALS,
  requestTimeoutMs: 600_000,
});
const store = new S3ArtifactStore(s3, stack.bucketName);
const base = `http://127.0.0.1:${apiPort}`;
/** How often the plain-SDK baseline had to recover from a lost CompleteMultipartUpload answer. */
let sdkCompletesRecovered = 0;

async function sdkMultipartUpload(key: string, size: number): Promise<void> {
  const { recovered } = await libStorageUpload(s3, {
    bucket: stack.bucketName,
    key,
    body: body(size),
    size,
    partSize: PART,
    queueSize: concurrency,
  });
  if (recovered) sdkCompletesRecovered++;
}

/**
 * An API call on a fresh connection: verification can keep the API busy for longer than its keep-alive
 * timeout, and a POST on a connection the server is closing cannot be retried safely.
 */
// biome-ignore lint/suspicious/noExplicitAny: the bench navigates API JSON loosely.
function request(method: string, path: string, token?: string, payload?: unknown): Promise<any> {
  const data = payload === undefined ? undefined : Buffer.from(JSON.stringify(payload));
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${base}${path}`,
      {
        method,
        agent: false,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(data ? { 'content-type': 'application/json', 'content-length': String(data.length) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if ((res.statusCode ?? 500) >= 300)
            reject(new Error(`${method} ${path}: ${res.statusCode} ${text}`));
          else resolve(text ? JSON.parse(text) : undefined);
        });
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

try {
  // Sign in with SIWE like a client would.
  const wallet = new Wallet(Wallet.createRandom().privateKey);
  const { nonce } = await request('GET', '/auth/nonce');
  const message = new SiweMessage({
    scheme: 'http',
    domain: 'localhost:3000',
    address: wallet.address,
    statement: 'Sign in to Model Commons',
    uri: 'http://localhost:3000',
    version: '1',
    chainId: stack.chainId,
    nonce,
    issuedAt: new Date().toISOString(),
  }).prepareMessage();
  const { token } = await request('POST', '/auth/verify', undefined, {
    message,
    signature: await wallet.signMessage(message),
  });
  const { modelId } = await request('POST', '/models', token, {
    name: 'Bench',
    slug: 'bench',
    task: 'bench',
  });
  await request('POST', `/models/${modelId}/versions`, token, { version: '1.0.0' });
  const files = `/models/${modelId}/versions/1.0.0/files`;

  // 1. Multipart: one byte over the single-PUT threshold, so the same API config serves both flows.
  const multipartSize = SIZE + 1;
  const multipartSha = sha256Of(multipartSize);
  const oursMultipart = await timed(async () => {
    const declared = await request('POST', files, token, {
      path: 'multipart.bin',
      size: multipartSize,
      sha256: multipartSha,
    });
    const partCount: number = declared.upload.partCount;
    const partSize: number = declared.upload.partSize;
    // Each part URL is bound to the part's SHA-256 (a part is a prefix of the repeated block).
    const partSha = (partNumber: number) =>
      createHash('sha256')
        .update(block.subarray(0, Math.min(partSize, multipartSize - (partNumber - 1) * partSize)))
        .digest('hex');
    const urls: Array<{ partNumber: number; url: string; headers: Record<string, string> }> = [];
    for (let first = 1; first <= partCount; first += 100) {
      const parts = Array.from({ length: Math.min(100, partCount - first + 1) }, (_, i) => ({
        partNumber: first + i,
        sha256: partSha(first + i),
      }));
      urls.push(...(await request('POST', `${files}/${declared.fileId}/parts`, token, { parts })).parts);
    }
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < urls.length) {
          const part = urls[next++];
          if (!part) break;
          const offset = (part.partNumber - 1) * declared.upload.partSize;
          const length = Number(part.headers['content-length']);
          const status = await send(
            'PUT',
            part.url,
            part.headers,
            block.subarray(offset % PART, (offset % PART) + length),
          );
          if (status !== 200) throw new Error(`part ${part.partNumber}: ${status}`);
        }
      }),
    );
    verifySeconds.multipart = await timed(() =>
      request('POST', `${files}/${declared.fileId}/complete`, token),
    );
  });
  const sdkMultipart = await timed(() => sdkMultipartUpload('bench/sdk-multipart', multipartSize));

  // 2. Single PUT of SIZE bytes.
  const singleSha = sha256Of(SIZE);
  let singleKey = '';
  const oursSingle = await timed(async () => {
    const declared = await request('POST', files, token, {
      path: 'single.bin',
      size: SIZE,
      sha256: singleSha,
    });
    const status = await send('PUT', declared.upload.url, declared.upload.headers, body(SIZE));
    if (status !== 200) throw new Error(`single PUT: ${status}`);
    verifySeconds.single = await timed(() => request('POST', `${files}/${declared.fileId}/complete`, token));
  });
  const rawPut = await timed(async () => {
    await s3.send(
      new PutObjectCommand({
        Bucket: stack.bucketName,
        Key: 'bench/raw-put',
        Body: body(SIZE),
        ContentLength: SIZE,
      }),
    );
  });
  const version = await request('GET', `/models/${modelId}/versions/1.0.0`, token);
  singleKey = `artifacts/${modelId}/${version.files.find((file: { path: string }) => file.path === 'single.bin').fileId}`;

  // 3. Download SIZE bytes.
  const drain = async (stream: AsyncIterable<Uint8Array>) => {
    let bytes = 0;
    for await (const chunk of stream) bytes += chunk.length;
    if (bytes !== SIZE) throw new Error(`downloaded ${bytes} bytes`);
  };
  const oursGetOnce = () =>
    timed(async () => {
      const { url } = await store.presignGet({ key: singleKey, expiresInSeconds: 300 });
      let bytes = 0;
      const status = await send('GET', url, {}, undefined, (chunk) => {
        bytes += chunk.length;
      });
      if (status !== 200 || bytes !== SIZE) throw new Error(`presigned GET: ${status}, ${bytes} bytes`);
    });
  const rawGetOnce = () =>
    timed(async () => {
      const result = await s3.send(new GetObjectCommand({ Bucket: stack.bucketName, Key: 'bench/raw-put' }));
      await drain(result.Body as AsyncIterable<Uint8Array>);
    });

  // Alternate and keep the best of two: the first read of an object pays for cold page cache.
  const gets = { ours: Number.POSITIVE_INFINITY, raw: Number.POSITIVE_INFINITY };
  for (let round = 0; round < 2; round++) {
    gets.raw = Math.min(gets.raw, await rawGetOnce());
    gets.ours = Math.min(gets.ours, await oursGetOnce());
  }
  const oursGet = gets.ours;
  const rawGet = gets.raw;

  const memory = await apiMemory();
  const mbps = (bytes: number, seconds: number) => (bytes / 1e6 / seconds).toFixed(0);
  const row = (name: string, bytes: number, ours: number, theirs: number): string[] => [
    name,
    `${mbps(bytes, ours)} MB/s (${ours.toFixed(1)} s)`,
    `${mbps(bytes, theirs)} MB/s (${theirs.toFixed(1)} s)`,
    (theirs / ours).toFixed(2),
  ];
  console.log(
    `\n${sizeMiB} MiB, ${partMiB} MiB parts, concurrency ${concurrency}, s3rver at ${stack.s3Endpoint}`,
  );
  printTable([
    ['flow', 'ours', 'plain SDK', 'ours/SDK'],
    row('multipart upload, all API calls + verify', multipartSize, oursMultipart, sdkMultipart),
    row(
      'multipart upload, excluding verify',
      multipartSize,
      oursMultipart - verifySeconds.multipart,
      sdkMultipart,
    ),
    row('single PUT, + verify', SIZE, oursSingle, rawPut),
    row('single PUT, excluding verify', SIZE, oursSingle - verifySeconds.single, rawPut),
    row('download (presigned GET)', SIZE, oursGet, rawGet),
  ]);
  if (sdkCompletesRecovered > 0) {
    console.log(
      `plain SDK: ${sdkCompletesRecovered} CompleteMultipartUpload answer(s) lost and recovered (NoSuchUpload, object present)`,
    );
  }
  console.log(
    `server-side verification (streaming SHA-256 of what S3 holds): multipart ${verifySeconds.multipart.toFixed(1)} s, ` +
      `single ${verifySeconds.single.toFixed(1)} s`,
  );
  const throughputRatio = (flow: string, ours: number, theirs: number) =>
    recordResult({
      benchmark: 'Upload',
      metric: `${flow}: ours ÷ plain SDK throughput (${sizeMiB} MiB)`,
      measured: ratio(theirs / ours),
      goal: '—',
    });
  throughputRatio('multipart upload incl. verify', oursMultipart, sdkMultipart);
  throughputRatio('single PUT incl. verify', oursSingle, rawPut);
  throughputRatio('download (presigned GET)', oursGet, rawGet);
  recordResult({
    benchmark: 'Upload',
    metric: `API peak RSS after moving ${(2 * SIZE) / MIB} MiB`,
    measured: `${(memory.peakRss / MIB).toFixed(0)} MiB`,
    goal: '—',
  });
  const mb = (bytes: number) => `${(bytes / MIB).toFixed(0)} MiB`;
  console.log(
    `API process peak RSS: ${mb(startup.peakRss)} after start, ${mb(memory.peakRss)} after moving ${mb(2 * SIZE)} through it ` +
      `(current RSS ${mb(memory.rss)})`,
  );
} finally {
  api.send('stop');
  s3.destroy();
  await stack.stop();
}
