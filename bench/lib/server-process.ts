/**
 * The benchmark servers' side processes (bench/p1/server.ts, bench/siwe/server.ts) and how the parent
 * drives them over IPC: "ready" once listening; "cpu" → its CPU time so far; "profile-start" /
 * {profileStop: file} → a V8 CPU profile of just the load in between (not start-up and compilation);
 * "stop" → close and exit.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { freePort } from '#scripts/local-stack/processes.js';

/** In the side process: answers the parent's IPC messages. */
export function answerParent(close: () => Promise<void>): void {
  const profiler = new Session();
  process.on('message', async (message: unknown) => {
    if (message === 'cpu') {
      const { user, system } = process.cpuUsage();
      process.send?.({ cpuMicros: user + system });
    } else if (message === 'profile-start') {
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.setSamplingInterval', { interval: 100 });
      await profiler.post('Profiler.start');
      process.send?.('profiling');
    } else if (typeof message === 'object' && message !== null && 'profileStop' in message) {
      const { profile } = await profiler.post('Profiler.stop');
      writeFileSync(String(message.profileStop), JSON.stringify(profile));
      profiler.disconnect();
      process.send?.('profiled');
    } else if (message === 'stop') {
      await close();
      process.exit(0);
    }
  });
}

/**
 * In the parent: forks `script` under tsx on a free port (`BENCH_PORT`), with `env` and the server's
 * own `BENCH_*` variables, and waits until it listens. It logs at LOG_LEVEL=info, as in production;
 * its stdout (the access log) goes to /dev/null: written, but not shown.
 */
export async function startSideProcess(
  script: string,
  env: NodeJS.ProcessEnv,
  variables: Record<string, string>,
): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  const child = fork(script, [], {
    env: { ...process.env, ...env, LOG_LEVEL: 'info', ...variables, BENCH_PORT: String(port) },
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`${script} exited (${code}) before listening`)));
  });
  return { child, port };
}

function ask<T>(child: ChildProcess, message: unknown): Promise<T> {
  return new Promise((resolve) => {
    child.once('message', (answer) => resolve(answer as T));
    child.send(message as string);
  });
}

/** The side process's CPU time so far (user + system), in microseconds. */
export async function cpuMicros(child: ChildProcess): Promise<number> {
  return (await ask<{ cpuMicros: number }>(child, 'cpu')).cpuMicros;
}

/** CPU-profiles the side process while `load` runs; the profile is written to `file`. */
export async function profiled<T>(child: ChildProcess, file: string, load: () => Promise<T>): Promise<T> {
  await ask(child, 'profile-start');
  const result = await load();
  await ask(child, { profileStop: file });
  return result;
}

export function stopSideProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.send('stop');
  });
}
