/**
 * Local entry (`npm start`): starts the embedded DynamoDB Local, S3 server and anvil chain with data
 * under .data/, then serves the same Hono app as Lambda on http://localhost:3000 (PORT to change).
 * Every server listens on 127.0.0.1 only, unless HOST says otherwise. The API's URL is recorded in
 * .data/local-stack.json for tools (npm run demo). Ctrl-C stops everything it started.
 */
import { buildAppDeps, createRuntime } from '#runtime/runtime.js';
import { createApp } from './app.js';
import { runLocalServer } from './local-server.js';

runLocalServer(async (config) => {
  const runtime = createRuntime(config);
  const app = createApp(buildAppDeps(runtime));
  return {
    fetch: app.fetch,
    chainIndexer: await runtime.chainIndexer(),
    close: runtime.close,
  };
});
