/**
 * P1 overhead: an authenticated `GET /models/{modelId}` through the full app vs a bare Hono route doing
 * the same storage reads, at the same concurrency (autocannon), measured two ways:
 *  (i)  both on DynamoDB Local — what a deployment sees, though the emulator dominates;
 *  (ii) both on in-memory repositories — isolates our own middleware, authentication, validation and
 *       serialisation cost.
 * Goal in both: p50 latency ≤ 1.25× and throughput ≥ 0.8× the bare route's.
 *
 * Run: `npm run bench -- p1` or `npx tsx bench/p1-overhead.ts`. Environment: BENCH_P1_SECONDS (per
 * measurement, default 8), BENCH_P1_ROUNDS (default 3; medians are reported), BENCH_P1_CONNECTIONS
 * (default 20), BENCH_PROFILE=1 to CPU-profile the in-memory app even when it meets its goal (a miss is
 * always profiled, and the summary's note names where the time goes).
 *
 * The full app runs as deployed: LOG_LEVEL=info, so every request writes its access-log line (to
 * /dev/null here). Each side is its own process (bench/p1/server.ts); the load generator is this one.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '#api/app.js';
import { buildAppDeps, createRuntime } from '#runtime/runtime.js';
import { startLocalStack } from '#scripts/local-stack/index.js';
import { loadConfig } from '#shared/config.js';
import { createLogger } from '#shared/logging.js';
import { publishModel } from '#test/helpers/publish-flow.js';
import { signIn } from './lib/api-flows.js';
import { summariseCpuProfile, topOwners } from './lib/cpu-profile.js';
import { type LoadResult, runLoad } from './lib/load.js';
import { ratio, recordResult } from './lib/report.js';
import { cpuMicros, profiled, startSideProcess, stopSideProcess } from './lib/server-process.js';
import { median, printTable } from './lib/stats.js';

const SECONDS = Number(process.env.BENCH_P1_SECONDS ?? 8);
const ROUNDS = Number(process.env.BENCH_P1_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_P1_CONNECTIONS ?? 20);
const PROFILE = process.env.BENCH_PROFILE === '1';
const ORIGIN = 'http://localhost:3000';
const MODES = ['bare-dynamo', 'app-dynamo', 'bare-memory', 'app-memory'] as const;
type Mode = (typeof MODES)[number];

const here = fileURLToPath(new URL('.', import.meta.url));
const stack = await startLocalStack({ publicOrigin: ORIGIN, tableName: 'bench-p1' });
const env = { ...stack.env, STAGE: 'test', LOG_LEVEL: 'silent', AUTH_RATE_LIMIT_PER_MINUTE: '1000000' };
const config = loadConfig(env);
const runtime = createRuntime(config);
const servers = new Map<Mode, { child: ChildProcess; url: string }>();

async function startServer(mode: Mode, modelId: string, token: string) {
  const { child, port } = await startSideProcess(join(here, 'p1', 'server.ts'), env, {
    BENCH_MODE: mode,
    BENCH_MODEL_ID: modelId,
    BENCH_SESSION_TOKEN: token,
  });
  return { child, url: `http://127.0.0.1:${port}/models/${modelId}` };
}

try {
  // The state to read: a published model (one version, one file, one offer) and its owner's session.
  const seedApp = createApp(buildAppDeps(runtime, { logger: createLogger('silent') }));
  const owner = await signIn(seedApp, { origin: ORIGIN, chainId: stack.chainId });
  const { modelId } = await publishModel(seedApp, owner, {
    chainId: stack.chainId,
    currency: stack.stablecoin,
    price: '25000000',
  });
  for (const mode of MODES) servers.set(mode, await startServer(mode, modelId, owner.token));

  // Every side must answer 200 about the same model, or the comparison means nothing.
  for (const [mode, server] of servers) {
    const response = await fetch(server.url, { headers: owner.headers });
    const body = await response.text();
    if (response.status !== 200 || !body.includes(modelId)) {
      throw new Error(`${mode}: ${response.status} ${body.slice(0, 300)}`);
    }
  }

  const measure = (url: string, seconds = SECONDS) =>
    runLoad({ url, connections: CONNECTIONS, durationSeconds: seconds, headers: owner.headers });
  // Warm-up: JIT, lazily loaded route modules, keep-alive sockets to DynamoDB Local.
  for (const server of servers.values()) await measure(server.url, 2);

  const runs = new Map<Mode, Array<LoadResult & { cpuPerRequest: number }>>(MODES.map((mode) => [mode, []]));
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate the order within each pair so neither side always runs first.
    const order: Mode[] =
      round % 2 === 0 ? [...MODES] : ['app-dynamo', 'bare-dynamo', 'app-memory', 'bare-memory'];
    for (const mode of order) {
      const server = servers.get(mode) as { child: ChildProcess; url: string };
      const cpuBefore = await cpuMicros(server.child);
      const result = await measure(server.url);
      const cpuPerRequest = ((await cpuMicros(server.child)) - cpuBefore) / result.requests;
      if (result.non2xx > 0 || result.errors > 0) {
        throw new Error(`${mode}: ${result.non2xx} non-2xx responses, ${result.errors} errors`);
      }
      runs.get(mode)?.push({ ...result, cpuPerRequest });
    }
  }

  const summary = (mode: Mode) => {
    const list = runs.get(mode) ?? [];
    return {
      rps: median(list.map((run) => run.requestsPerSecond)),
      p50: median(list.map((run) => run.p50)),
      p99: median(list.map((run) => run.p99)),
      cpu: median(list.map((run) => run.cpuPerRequest)),
    };
  };
  console.log(
    `\nGET /models/{id}, authenticated, ${CONNECTIONS} connections, ${SECONDS} s × ${ROUNDS} rounds (medians):`,
  );
  printTable([
    ['side', 'req/s', 'p50 ms', 'p99 ms', 'server CPU µs/request'],
    ...MODES.map((mode) => {
      const { rps, p50, p99, cpu } = summary(mode);
      return [mode, rps.toFixed(0), p50.toFixed(2), p99.toFixed(2), cpu.toFixed(0)];
    }),
  ]);

  const compare = (storage: 'dynamo' | 'memory') => {
    const app = summary(`app-${storage}`);
    const bare = summary(`bare-${storage}`);
    return { app, bare, latency: app.p50 / bare.p50, throughput: app.rps / bare.rps };
  };
  const missed = (storage: 'dynamo' | 'memory') =>
    compare(storage).latency > 1.25 || compare(storage).throughput < 0.8;

  // A miss is explained by a profile: where the in-memory app's CPU time goes, under the same load.
  let profileNote: string | undefined;
  if (PROFILE || missed('memory')) {
    const side = servers.get('app-memory') as { child: ChildProcess; url: string };
    const file = join(mkdtempSync(join(tmpdir(), 'mc-bench-p1-')), 'app-memory.cpuprofile');
    await profiled(side.child, file, () => measure(side.url));
    console.log(`\nCPU profile of app-memory under load (${file}), top self time:`);
    printTable(summariseCpuProfile(file, 30), { leftAligned: 2 });
    profileNote = `app-memory's CPU profile, self time by package: ${topOwners(file, 6)}`;
  }

  for (const [storage, label] of [
    ['dynamo', 'P1 overhead (i) DynamoDB Local'],
    ['memory', 'P1 overhead (ii) in memory'],
  ] as const) {
    const { app, bare, latency, throughput } = compare(storage);
    const cpu = `server CPU ${app.cpu.toFixed(0)} vs ${bare.cpu.toFixed(0)} µs per request`;
    const note = !missed(storage)
      ? undefined
      : storage === 'memory'
        ? `${cpu}; ${profileNote ?? ''}. See docs/benchmarks.md (P1) for what is left and why.`
        : `${cpu}. DynamoDB Local, both servers and the load generator share this machine's cores, so ` +
          'our extra CPU per request (the in-memory row) comes out of the emulator’s capacity.';
    recordResult({
      benchmark: label,
      metric: `p50 latency app ÷ bare (${app.p50.toFixed(2)} vs ${bare.p50.toFixed(2)} ms)`,
      measured: ratio(latency),
      goal: '≤ 1.25×',
      met: latency <= 1.25,
      note,
    });
    recordResult({
      benchmark: label,
      metric: `throughput app ÷ bare (${app.rps.toFixed(0)} vs ${bare.rps.toFixed(0)} req/s)`,
      measured: ratio(throughput),
      goal: '≥ 0.8×',
      met: throughput >= 0.8,
    });
  }
} finally {
  await Promise.all([...servers.values()].map((server) => stopSideProcess(server.child)));
  await runtime.close();
  await stack.stop();
}
