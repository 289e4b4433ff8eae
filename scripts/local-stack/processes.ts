/** Child-process and port helpers for the embedded local stack. */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** Where every local server listens unless `HOST` says otherwise: this machine only. */
export const LOOPBACK = '127.0.0.1';

/** The `HOST` a user set for the local servers (`npm start`), else loopback. */
export function hostFromEnv(env: Record<string, string | undefined>): string {
  return env.HOST?.trim() || LOOPBACK;
}

/** True for an address that means "every interface" (`HOST=0.0.0.0` or `HOST=::`). */
export function isWildcardHost(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '';
}

/**
 * The host part of a URL that reaches, from this machine, a server listening on `host`: loopback for
 * a wildcard listener, brackets around an IPv6 address.
 */
export function connectHost(host: string): string {
  if (isWildcardHost(host)) return LOOPBACK;
  return host.includes(':') ? `[${host}]` : host;
}

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** True if something already listens on the port (on `host`, loopback by default). */
export function portInUse(port: number, host = LOOPBACK): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(true));
    server.listen(port, host, () => server.close(() => resolve(false)));
  });
}

export interface ManagedProcess {
  child: ChildProcess;
  /** Recent output, for error messages when the process dies during start-up. */
  output(): string;
  stop(): Promise<void>;
}

/** Spawns a long-running child whose output is kept (bounded) and which is killed on `stop()`. */
export function startProcess(command: string, args: string[], name: string, cwd?: string): ManagedProcess {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd });
  let buffer = '';
  const keep = (chunk: Buffer) => {
    buffer = (buffer + chunk.toString()).slice(-8000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.on('error', (error) => {
    buffer += `\n${name} failed to start: ${error.message}`;
  });
  return {
    child,
    output: () => buffer,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** Polls `probe` until it resolves true, the process dies, or the deadline passes. */
export async function waitUntilReady(
  name: string,
  managed: ManagedProcess,
  probe: () => Promise<boolean>,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (managed.child.exitCode !== null) {
      throw new Error(`${name} exited with code ${managed.child.exitCode}:\n${managed.output()}`);
    }
    if (await probe().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await managed.stop();
  throw new Error(`${name} did not become ready within ${timeoutMs} ms:\n${managed.output()}`);
}
