/**
 * SIWE verify: sign-ins per second through `POST /auth/verify` (rate limit, EIP-4361 parse and policy,
 * signature recovery, nonce consumed and session written in one transaction) vs the raw floor of the
 * same work's core: `ethers.verifyMessage` plus one conditional write, behind a bare Hono route. Both
 * on DynamoDB Local, driven by autocannon at the same concurrency, each request with a fresh message
 * signed over a fresh nonce. Run: `npm run bench -- siwe` or `npx tsx bench/siwe-verify.ts`
 * (BENCH_SIWE_SIGNINS per side, default 1000; BENCH_SIWE_CONNECTIONS, default 20; BENCH_PROFILE=1 to
 * CPU-profile the app's sign-ins and print the top frames).
 *
 * Issue 7 sets no goal for this ratio; it is reported for context with the server CPU per sign-in.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Wallet } from 'ethers';
import { createApp } from '#api/app.js';
import { buildAppDeps, createRuntime } from '#runtime/runtime.js';
import { startLocalStack } from '#scripts/local-stack/index.js';
import { loadConfig } from '#shared/config.js';
import { createLogger } from '#shared/logging.js';
import { call, siweMessage } from './lib/api-flows.js';
import { summariseCpuProfile } from './lib/cpu-profile.js';
import { runLoad } from './lib/load.js';
import { ratio, recordResult } from './lib/report.js';
import { cpuMicros, profiled, startSideProcess, stopSideProcess } from './lib/server-process.js';
import { printTable } from './lib/stats.js';

const SIGNINS = Number(process.env.BENCH_SIWE_SIGNINS ?? 1000);
const CONNECTIONS = Number(process.env.BENCH_SIWE_CONNECTIONS ?? 20);
const PROFILE = process.env.BENCH_PROFILE === '1';
const ORIGIN = 'http://localhost:3000';
const BENCHMARK = 'SIWE verify';
const here = fileURLToPath(new URL('.', import.meta.url));

const stack = await startLocalStack({ publicOrigin: ORIGIN, tableName: 'bench-siwe' });
// Every request comes from 127.0.0.1: lift the per-client /auth/* limit (its counter is still written).
const env = { ...stack.env, STAGE: 'test', LOG_LEVEL: 'silent', AUTH_RATE_LIMIT_PER_MINUTE: '1000000' };
const config = loadConfig(env);
const runtime = createRuntime(config);
const servers: ChildProcess[] = [];

async function startServer(mode: 'app' | 'raw'): Promise<{ child: ChildProcess; url: string }> {
  const { child, port } = await startSideProcess(join(here, 'siwe', 'server.ts'), env, { BENCH_MODE: mode });
  servers.push(child);
  return { child, url: `http://127.0.0.1:${port}/auth/verify` };
}

/** `count` sign-in bodies over fresh server nonces, signed by a few wallets in turn. */
async function signedBodies(count: number): Promise<string[]> {
  const app = createApp(buildAppDeps(runtime, { logger: createLogger('silent') }));
  const wallets = Array.from({ length: 10 }, () => new Wallet(Wallet.createRandom().privateKey));
  const bodies: string[] = [];
  for (let index = 0; index < count; index++) {
    const wallet = wallets[index % wallets.length] as Wallet;
    const { nonce } = await call(app, 'GET', '/auth/nonce');
    const message = siweMessage(ORIGIN, wallet.address, stack.chainId, nonce);
    bodies.push(JSON.stringify({ message, signature: await wallet.signMessage(message) }));
  }
  return bodies;
}

try {
  const app = await startServer('app');
  const raw = await startServer('raw');
  const prepared = performance.now();
  const warmUp = await signedBodies(100);
  const bodies = await signedBodies(SIGNINS * 2);
  console.log(
    `Prepared ${bodies.length + warmUp.length} signed messages in ${((performance.now() - prepared) / 1000).toFixed(1)} s`,
  );

  const drive = async (side: { child: ChildProcess; url: string }, list: string[]) => {
    let next = 0;
    const cpuBefore = await cpuMicros(side.child);
    const result = await runLoad({
      url: side.url,
      connections: CONNECTIONS,
      amount: list.length,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      nextBody: () => list[next++ % list.length] as string,
    });
    const cpu = ((await cpuMicros(side.child)) - cpuBefore) / result.requests;
    if (result.non2xx > 0 || result.errors > 0) {
      throw new Error(`${side.url}: ${result.non2xx} non-2xx responses, ${result.errors} errors`);
    }
    return { ...result, cpu };
  };
  // Warm-up both (JIT, ethers loaded lazily, sockets), then each side signs in SIGNINS fresh messages.
  await drive(app, warmUp.slice(0, 50));
  await drive(raw, warmUp.slice(50));
  const ours = await drive(app, bodies.slice(0, SIGNINS));
  const floor = await drive(raw, bodies.slice(SIGNINS));
  if (PROFILE) {
    const file = join(mkdtempSync(join(tmpdir(), 'mc-bench-siwe-')), 'app.cpuprofile');
    const more = await signedBodies(500);
    await profiled(app.child, file, () => drive(app, more));
    console.log(`\nCPU profile of POST /auth/verify under load (${file}), top self time:`);
    printTable(summariseCpuProfile(file, 25), { leftAligned: 2 });
  }

  console.log(`\n${SIGNINS} sign-ins per side, ${CONNECTIONS} connections, DynamoDB Local:`);
  printTable([
    ['side', 'sign-ins/s', 'p50 ms', 'p99 ms', 'server CPU µs/sign-in'],
    [
      'POST /auth/verify (app)',
      ours.requestsPerSecond.toFixed(0),
      ours.p50.toFixed(1),
      ours.p99.toFixed(1),
      ours.cpu.toFixed(0),
    ],
    [
      'verifyMessage + 1 conditional write',
      floor.requestsPerSecond.toFixed(0),
      floor.p50.toFixed(1),
      floor.p99.toFixed(1),
      floor.cpu.toFixed(0),
    ],
  ]);
  recordResult({
    benchmark: BENCHMARK,
    metric: `sign-ins/s ÷ raw floor (${ours.requestsPerSecond.toFixed(0)} vs ${floor.requestsPerSecond.toFixed(0)}/s)`,
    measured: ratio(ours.requestsPerSecond / floor.requestsPerSecond),
    goal: '—',
    note:
      'No goal in issue 7. A sign-in also writes the per-client rate-limit counter (UpdateItem) and consumes ' +
      "the nonce in the same transaction as the session (TransactWriteItems): 2 writes vs the floor's 1.",
  });
  recordResult({
    benchmark: BENCHMARK,
    metric: `server CPU per sign-in ÷ floor (${ours.cpu.toFixed(0)} vs ${floor.cpu.toFixed(0)} µs)`,
    measured: ratio(ours.cpu / floor.cpu),
    goal: '—',
  });
} finally {
  await Promise.all(servers.map(stopSideProcess));
  await runtime.close();
  await stack.stop();
}
