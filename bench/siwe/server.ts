/**
 * One side of the SIWE comparison as its own process (bench/siwe-verify.ts forks two):
 *  app — the full API, LOG_LEVEL=info, serving POST /auth/verify as deployed;
 *  raw — the floor: a bare Hono route that recovers the signer with `ethers.verifyMessage` and makes
 *        one conditional write (PutItem if the key is new), nothing else.
 * Driven by the parent over IPC (bench/lib/server-process.ts).
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createApp } from '#api/app.js';
import { answerParent } from '#bench/lib/server-process.js';
import { buildAppDeps, createRuntime } from '#runtime/runtime.js';
import { loadConfig } from '#shared/config.js';

const mode = process.env.BENCH_MODE ?? '';
const config = loadConfig(process.env);
const runtime = createRuntime(config);
const { infra } = runtime;

async function buildFetch(): Promise<(request: Request, env?: unknown) => Response | Promise<Response>> {
  if (mode === 'app') return createApp(buildAppDeps(runtime)).fetch;
  const { verifyMessage } = await import('ethers');
  const { document, tableName } = infra.table;
  const raw = new Hono();
  raw.post('/auth/verify', async (c) => {
    const { message, signature } = await c.req.json<{ message: string; signature: string }>();
    const address = verifyMessage(message, signature);
    await document.send(
      new PutCommand({
        TableName: tableName,
        Item: { pk: `BENCHRAW#${signature.slice(2, 66)}`, sk: 'BENCHRAW', address },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return c.json({ address });
  });
  return raw.fetch;
}

const server = serve(
  { fetch: await buildFetch(), port: Number(process.env.BENCH_PORT), hostname: '127.0.0.1' },
  () => process.send?.('ready'),
);
answerParent(async () => {
  server.close();
  await runtime.close();
});
