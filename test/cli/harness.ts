/**
 * Runs the CLI in-process against an in-memory app: API requests go to `app.fetch`, presigned storage
 * URLs go over real HTTP to the local S3 server, and each run gets captured stdout/stderr.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Hono } from 'hono';
import type { FetchFn } from '#cli/client/api-client.js';
import { main } from '#cli/main.js';

/** The origin the test apps are configured with (SIWE domain and URI). */
export const API = 'http://localhost:3000';

// biome-ignore lint/suspicious/noExplicitAny: any Hono app built by createApp.
type AnyApp = Hono<any, any, any>;

/** API calls to the in-memory app, everything else (S3 URLs) to the network stack. */
export function routedFetch(app: AnyApp, storage: FetchFn = globalThis.fetch): FetchFn {
  return async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (url.startsWith(`${API}/`)) return app.fetch(new Request(url, init));
    return storage(input, init);
  };
}

export class Captured extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: string, callback: () => void) {
    this.text += chunk.toString();
    callback();
  }
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests navigate the --json output.
  json(): any;
}

export async function tempConfigDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'mc-cli-'));
}

export async function runCli(
  argv: string[],
  options: {
    fetch: FetchFn;
    env?: Record<string, string | undefined>;
    configDir?: string;
    signal?: AbortSignal;
  },
): Promise<CliRun> {
  const stdout = new Captured();
  const stderr = new Captured();
  const code = await main(argv, {
    fetch: options.fetch,
    stdout,
    stderr,
    env: { MODEL_COMMONS_API_URL: API, ...options.env },
    configDir: options.configDir ?? (await tempConfigDir()),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return { code, stdout: stdout.text, stderr: stderr.text, json: () => JSON.parse(stdout.text) };
}
