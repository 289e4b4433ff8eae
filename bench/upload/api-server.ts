/**
 * The API as its own process for bench/upload.ts, so its peak memory can be measured apart from the
 * client and the S3 server. Environment comes from the parent; answers the parent's IPC "memory"
 * message with VmHWM (peak resident set) and VmRSS from /proc/self/status.
 */
import { readFileSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { createApp } from '#api/app.js';
import { buildAppDeps, createRuntime } from '#runtime/runtime.js';
import { loadConfig } from '#shared/config.js';
import { createLogger } from '#shared/logging.js';

const config = loadConfig(process.env);
const runtime = createRuntime(config);
const app = createApp(buildAppDeps(runtime, { logger: createLogger('silent') }));
const port = Number(process.env.BENCH_API_PORT);

function memory() {
  const status = readFileSync('/proc/self/status', 'utf8');
  const field = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
  return { peakRss: field('VmHWM'), rss: field('VmRSS') };
}

serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => process.send?.({ ready: true, ...memory() }));
process.on('message', (message) => {
  if (message === 'memory') process.send?.({ memory: memory() });
  if (message === 'stop') void runtime.close().then(() => process.exit(0));
});
