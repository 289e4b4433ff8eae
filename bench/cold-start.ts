/**
 * Cold-start benchmark for the API Lambda (issue 6).
 *
 * 1. Bundles the API handler and three reference handlers through the stack's own `ServiceFunction`
 *    construct and bundling options (esbuild, ESM, minified, source maps, ethers aliased) — what we
 *    measure is what we deploy.
 * 2. Starts one local stand-in for the Parameters and Secrets extension, Secrets Manager, DynamoDB, S3
 *    and JSON-RPC (bench/cold-start/stub-endpoints.ts) so every run does the same work. The API answers
 *    `GET /health` (liveness, which needs no secret, service or S3). Context rows: the API without
 *    source maps; with `GET /health/ready` as the first request (its three secrets read through the
 *    extension as deployed, then table, bucket and chain probed), the same with the secrets read
 *    through the Secrets Manager SDK client; and with an anonymous `GET /models` (secrets, the
 *    catalogue's services and schemas, one DynamoDB query), what a browsing visitor's first request costs.
 * 3. Times whole fresh `node --enable-source-maps` processes (start, import, first request), the
 *    variants interleaved, ROUNDS rounds; prints medians and the ratios against the floors:
 *    (a) minimal Hono Lambda; (b) (a) + the same DynamoDB and S3 clients; (c) (b) + ethers, siwe and the
 *    S3 presigner imported eagerly.
 * 4. Reports the bundle sizes: every file, and the files a cold start reads (index.mjs and the chunks
 *    it imports statically; the rest load behind a dynamic `import()`).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { build, type Metafile } from 'esbuild';
import { type SplitBundleFiles, splitBundleFiles } from '#infra/constructs/code-splitting.js';
import { bundlingOptions, ServiceFunction } from '#infra/constructs/service-function.js';
import { ENTRIES, ETHERS_ESM_ENTRY, LOCK_FILE, PROJECT_ROOT } from '#infra/paths.js';
import { startStubEndpoints } from './cold-start/stub-endpoints.js';
import { ratio, recordResult } from './lib/report.js';
import { median, printRatioTable, printTable, quantile } from './lib/stats.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const CHAIN_ID = 84532;
const here = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

const VARIANTS = {
  'floor (a) hono': here('./cold-start/floor-a.ts'),
  'floor (b) +ddb+s3 clients': here('./cold-start/floor-b.ts'),
  'ref (c) +ethers+siwe+presigner eager': here('./cold-start/floor-c.ts'),
  'API handler': ENTRIES.api,
  'floor (b) as one file': here('./cold-start/floor-b.ts'),
} as const;
type Variant = keyof typeof VARIANTS;
const [A, B, C, API, B_ONE_FILE] = Object.keys(VARIANTS) as [Variant, Variant, Variant, Variant, Variant];
/** Context only: floor (b) bundled as NodejsFunction emits it by default, one file, no splitting. */
const UNSPLIT = new Set<Variant>([B_ONE_FILE]);
/** The API again without --enable-source-maps, to show what the deployed NODE_OPTIONS costs. */
const API_NO_MAPS = 'API handler (no --enable-source-maps)';
/** The API again with `GET /health/ready` (secrets read; table, bucket and chain probed) as its first request. */
const API_READY = 'API handler, first request /health/ready';
/** The same, reading its secrets through the Secrets Manager SDK client (no extension attached). */
const API_SDK_SECRETS = 'API handler, /health/ready, secrets via SDK';
/** The API again with an anonymous catalogue search as its first request. */
const API_BROWSE = 'API handler, first request GET /models';

function bundleAll(): Record<Variant, string> {
  const outdir = mkdtempSync(join(tmpdir(), 'mc-bench-'));
  const app = new App({ outdir });
  const stack = new Stack(app, 'ColdStartBench');
  const bundling = bundlingOptions(ETHERS_ESM_ENTRY);
  const functions = Object.entries(VARIANTS).map(([name, entry], index) => {
    const fn = new ServiceFunction(stack, `Variant${index}`, {
      entry,
      projectRoot: PROJECT_ROOT,
      lockFile: LOCK_FILE,
      bundling,
      // The stack splits the API at each import(); the floors are bundled the same way.
      codeSplitting: !UNSPLIT.has(name as Variant),
      description: name,
      environment: {},
      logRetention: logs.RetentionDays.ONE_DAY,
      logRemovalPolicy: RemovalPolicy.DESTROY,
    });
    return [name as Variant, fn] as const;
  });
  app.synth();
  const template = JSON.parse(readFileSync(join(outdir, 'ColdStartBench.template.json'), 'utf8'));
  const resources = Object.values(template.Resources) as Array<{
    Type: string;
    Properties: { Description?: string; Code: { S3Key: string } };
  }>;
  const bundles = {} as Record<Variant, string>;
  for (const [name] of functions) {
    const fn = resources.find(
      (resource) => resource.Type === 'AWS::Lambda::Function' && resource.Properties.Description === name,
    );
    const hash = String(fn?.Properties.Code.S3Key).replace(/\.zip$/, '');
    bundles[name] = join(outdir, `asset.${hash}`, 'index.mjs');
  }
  return bundles;
}

/** The packages the API loads only behind a dynamic import(), largest first, from esbuild's metafile. */
async function lazyPackages(entry: string): Promise<Array<[string, number]>> {
  const options = bundlingOptions(ETHERS_ESM_ENTRY);
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    outdir: join(tmpdir(), 'mc-bench-meta'),
    platform: 'node',
    format: 'esm',
    target: options.target,
    minify: true,
    treeShaking: true,
    mainFields: options.mainFields,
    alias: { ethers: ETHERS_ESM_ENTRY },
    banner: { js: options.banner ?? '' },
    metafile: true,
    logLevel: 'silent',
    absWorkingDir: PROJECT_ROOT,
  });
  const metafile: Metafile = result.metafile;
  const output = Object.values(metafile.outputs).find((candidate) => candidate.entryPoint);
  if (!output?.entryPoint) throw new Error('no entry output in metafile');
  const reachable = new Set<string>();
  const queue = [output.entryPoint];
  while (queue.length > 0) {
    const path = queue.pop() as string;
    if (reachable.has(path)) continue;
    reachable.add(path);
    for (const edge of metafile.inputs[path]?.imports ?? []) {
      if (edge.kind !== 'dynamic-import' && !edge.external) queue.push(edge.path);
    }
  }
  const lazyByPackage = new Map<string, number>();
  for (const [path, input] of Object.entries(output.inputs)) {
    if (reachable.has(path)) continue;
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? '(project)';
    lazyByPackage.set(pkg, (lazyByPackage.get(pkg) ?? 0) + input.bytesInOutput);
  }
  return [...lazyByPackage.entries()].sort((a, b) => b[1] - a[1]).slice(0, 6);
}

interface Run {
  wallMs: number;
  importMs: number;
  requestMs: number;
  status: number;
}

interface Trial {
  name: string;
  bundle: string;
  env: Record<string, string>;
  sourceMaps: boolean;
  path?: string;
}

function coldStart({ bundle, env, sourceMaps, path = '/health' }: Trial): Promise<Run> {
  return new Promise((resolve, reject) => {
    const args = [
      ...(sourceMaps ? ['--enable-source-maps'] : []),
      here('../test/helpers/invoke-bundle.mjs'),
      bundle,
      path,
    ];
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('close', (code) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      const line = stdout.split('\n').find((candidate) => candidate.startsWith('@@invoke '));
      if (code !== 0 || !line) {
        reject(new Error(`cold start of ${bundle} failed (exit ${code}): ${stderr.slice(0, 2000)}`));
        return;
      }
      const { importMs, results } = JSON.parse(line.slice('@@invoke '.length)) as {
        importMs: number;
        results: Array<{ status: number; ms: number }>;
      };
      const [first] = results;
      resolve({ wallMs, importMs, requestMs: first?.ms ?? Number.NaN, status: first?.status ?? 0 });
    });
  });
}

async function main() {
  const bundleStarted = performance.now();
  const bundles = bundleAll();
  console.log(
    `Bundled ${Object.keys(bundles).length} handlers through ServiceFunction in ${Math.round(performance.now() - bundleStarted)} ms`,
  );

  const secretArn = (name: string) => `arn:aws:secretsmanager:us-east-1:123456789012:secret:bench-${name}`;
  const secrets: Record<string, string> = {
    [secretArn('session')]: JSON.stringify({ kid: 'k1', secret: 's'.repeat(64) }),
  };
  const extensionToken = 'bench-session-token';
  const endpoints = await startStubEndpoints({ chainId: CHAIN_ID, secrets, extensionToken });
  // The private RPC URL (from the RPC secret, as in AWS) points the chain at the stand-in.
  secrets[secretArn('rpc')] = JSON.stringify({ [CHAIN_ID]: endpoints.url });

  // What Lambda gives every function, plus the stack's environment for the API (secrets by ARN).
  const baseEnv: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  const apiEnv: Record<string, string> = {
    ...baseEnv,
    STAGE: 'dev',
    LOG_LEVEL: 'info',
    PUBLIC_ORIGIN: 'https://api.example.com',
    TABLE_NAME: 'bench-table',
    BUCKET_NAME: 'bench-bucket',
    DYNAMODB_ENDPOINT: endpoints.url,
    S3_ENDPOINT: endpoints.url,
    CHAINS: JSON.stringify([
      {
        chainId: CHAIN_ID,
        name: 'bench',
        rpcUrl: 'https://public-rpc.invalid',
        confirmations: 3,
        currencies: [{ address: 'native', symbol: 'ETH', decimals: 18 }],
      },
    ]),
    SESSION_KEYS_SECRET_ARN: secretArn('session'),
    // As deployed: licences are signed in KMS, and only when a licence is issued (never on this path).
    LICENCE_SIGNER_KMS_KEY_ID: 'alias/bench-licence-signer',
    PLATFORM_FEE_RECIPIENT: '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359',
    RPC_URLS_SECRET_ARN: secretArn('rpc'),
    // As deployed: the secrets come through the Parameters and Secrets extension (here, the stand-in).
    PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: String(endpoints.port),
    AWS_SESSION_TOKEN: extensionToken,
  };
  // The same API reading its secrets through the Secrets Manager SDK client instead.
  const { PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: _port, ...sdkSecretsEnv } = apiEnv;
  sdkSecretsEnv.AWS_ENDPOINT_URL_SECRETS_MANAGER = endpoints.url;

  const plan: Trial[] = [
    { name: A, bundle: bundles[A], env: baseEnv, sourceMaps: true },
    { name: B, bundle: bundles[B], env: baseEnv, sourceMaps: true },
    { name: C, bundle: bundles[C], env: baseEnv, sourceMaps: true },
    { name: B_ONE_FILE, bundle: bundles[B_ONE_FILE], env: baseEnv, sourceMaps: true },
    { name: API, bundle: bundles[API], env: apiEnv, sourceMaps: true },
    { name: API_NO_MAPS, bundle: bundles[API], env: apiEnv, sourceMaps: false },
    { name: API_READY, bundle: bundles[API], env: apiEnv, sourceMaps: true, path: '/health/ready' },
    {
      name: API_SDK_SECRETS,
      bundle: bundles[API],
      env: sdkSecretsEnv,
      sourceMaps: true,
      path: '/health/ready',
    },
    { name: API_BROWSE, bundle: bundles[API], env: apiEnv, sourceMaps: true, path: '/models' },
  ];
  // One untimed warm-up of each (file-system cache), then interleaved timed rounds. A variant that
  // does not answer 200 is broken, not fast: stop rather than time it.
  for (const variant of plan) {
    const warmUp = await coldStart(variant);
    if (warmUp.status !== 200) throw new Error(`${variant.name}: status ${warmUp.status}, not 200`);
  }
  const runs = new Map<string, Run[]>(plan.map((variant) => [variant.name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const variant of plan) runs.get(variant.name)?.push(await coldStart(variant));
  }
  await endpoints.close();

  console.log(
    `\nWhole-process cold start, ${ROUNDS} runs each (node ${process.version}, ${process.platform}/${process.arch}):`,
  );
  const rows: string[][] = [
    ['variant', 'median ms', 'p90 ms', 'min ms', 'import ms', 'request ms', 'status'],
  ];
  const medians = new Map<string, number>();
  for (const variant of plan) {
    const list = runs.get(variant.name) ?? [];
    const wall = list.map((run) => run.wallMs);
    medians.set(variant.name, median(wall));
    rows.push([
      variant.name,
      median(wall).toFixed(0),
      quantile(wall, 0.9).toFixed(0),
      Math.min(...wall).toFixed(0),
      median(list.map((run) => run.importMs)).toFixed(0),
      median(list.map((run) => run.requestMs)).toFixed(0),
      [...new Set(list.map((run) => run.status))].join('/'),
    ]);
  }
  printTable(rows);
  console.log('\nRatios of medians (goal: API ≤ 1.10× floor (b)):');
  printRatioTable(
    medians,
    [API, API_NO_MAPS, API_READY, API_SDK_SECRETS, API_BROWSE, C],
    [A, B, C, B_ONE_FILE],
  );

  console.log('\nBundles (minified ESM split at each import(), as deployed):');
  const sizes: string[][] = [
    ['variant', 'eager files', 'eager bytes', 'eager .map bytes', 'all files', 'all bytes'],
  ];
  const files = {} as Record<Variant, SplitBundleFiles>;
  for (const name of Object.keys(VARIANTS) as Variant[]) {
    const dir = dirname(bundles[name]);
    files[name] = splitBundleFiles(dir);
    const maps = files[name].eager.reduce((sum, file) => sum + statSync(join(dir, `${file}.map`)).size, 0);
    sizes.push([
      name,
      String(files[name].eager.length),
      String(files[name].eagerBytes),
      String(maps),
      String(files[name].fileCount),
      String(files[name].totalBytes),
    ]);
  }
  printTable(sizes);
  const api = files[API];
  const lazyTop = await lazyPackages(ENTRIES.api);
  const MiB = 1024 * 1024;
  console.log(
    `\nAPI bundle: ${(api.totalBytes / MiB).toFixed(2)} MiB in ${api.fileCount} files; read at a cold start: ` +
      `${(api.eagerBytes / MiB).toFixed(2)} MiB in ${api.eager.length} files (goal ≤ 1 MiB); ` +
      `behind dynamic import(): ${((api.totalBytes - api.eagerBytes) / MiB).toFixed(2)} MiB`,
  );
  console.log(
    `Largest lazily-loaded packages: ${lazyTop.map(([pkg, bytes]) => `${pkg} ${(bytes / 1024).toFixed(0)} KiB`).join(', ')}`,
  );
  console.log(`Stub requests served: ${JSON.stringify(endpoints.counts)}`);

  // Headline figures for the `npm run bench` summary table (bench/lib/report.ts).
  const coldRatio = (medians.get(API) ?? Number.NaN) / (medians.get(B) ?? Number.NaN);
  recordResult({
    benchmark: 'Cold start',
    metric: `API ÷ floor (b), medians (${medians.get(API)?.toFixed(0)} vs ${medians.get(B)?.toFixed(0)} ms)`,
    measured: ratio(coldRatio),
    goal: '≤ 1.10×',
    met: coldRatio <= 1.1,
  });
  const oneFileRatio = (medians.get(API) ?? Number.NaN) / (medians.get(B_ONE_FILE) ?? Number.NaN);
  recordResult({
    benchmark: 'Cold start',
    metric: `API ÷ floor (b) as one file (${medians.get(API)?.toFixed(0)} vs ${medians.get(B_ONE_FILE)?.toFixed(0)} ms)`,
    measured: ratio(oneFileRatio),
    goal: '—',
    note: 'Context: floor (b) bundled as NodejsFunction emits it by default; the goal compares floors bundled as the API is.',
  });
  recordResult({
    benchmark: 'Cold start',
    metric: 'API bundle evaluated eagerly',
    measured: `${(api.eagerBytes / MiB).toFixed(2)} MiB`,
    goal: '≤ 1 MiB',
    met: api.eagerBytes <= MiB,
  });
}

await main();
