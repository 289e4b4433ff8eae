/**
 * One side of the P1 comparison as its own process (bench/p1-overhead.ts forks four): the full app or
 * a bare Hono route, each on DynamoDB Local or in memory, serving `GET /models/{modelId}` to one
 * signed-in caller. Separate processes keep the load generator off the server's event loop.
 *
 * BENCH_MODE: app-dynamo | app-memory | bare-dynamo | bare-memory. The bare routes do the same storage
 * reads as the app (the caller's session by the hash of its id, then the model's item collection, both
 * strongly consistent) and nothing else: no middleware, no token signature check, no validation, no
 * domain rules. They build keys through the table layout (pure string functions, as the app does); the
 * parent checks that every side answers 200 with the same model before it measures anything.
 */
import { createHash } from 'node:crypto';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { DynamoAuthRepository } from '#adapters/dynamodb/auth-repository.js';
import { DynamoCatalogueRepository } from '#adapters/dynamodb/catalogue-repository.js';
import { createApp } from '#api/app.js';
import { MemoryAuthRepository, MemoryCatalogueRepository } from '#bench/lib/memory-repositories.js';
import { answerParent } from '#bench/lib/server-process.js';
import { verifySessionToken } from '#domain/auth/credentials.js';
import { buildAppDeps, createRuntime } from '#runtime/runtime.js';
import { loadConfig } from '#shared/config.js';
import { tableKeys } from '#shared/table-layout.js';

const mode = process.env.BENCH_MODE ?? '';
const port = Number(process.env.BENCH_PORT);
const modelId = process.env.BENCH_MODEL_ID ?? '';
const token = process.env.BENCH_SESSION_TOKEN ?? '';

const config = loadConfig(process.env);
const runtime = createRuntime(config);
const { infra } = runtime;
const idHash = verifySessionToken(token, config.sessionKeys);
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

async function memoryState() {
  const session = await new DynamoAuthRepository(infra.table).getSession(idHash);
  const collection = await new DynamoCatalogueRepository(infra.table).getModelCollection(modelId);
  if (!session || !collection) throw new Error('the seeded session or model is missing');
  return { session, collection };
}

// biome-ignore lint/suspicious/noExplicitAny: either app's fetch.
async function buildFetch(): Promise<(request: Request, env?: any) => Response | Promise<Response>> {
  if (mode === 'app-dynamo') return createApp(buildAppDeps(runtime)).fetch;
  if (mode === 'app-memory') {
    const { session, collection } = await memoryState();
    const auth = new MemoryAuthRepository();
    auth.load(session);
    const catalogue = new MemoryCatalogueRepository();
    catalogue.load(collection);
    return createApp(buildAppDeps(runtime, { repositories: { auth, catalogue } })).fetch;
  }
  const bare = new Hono();
  const sessionIdHash = (authorization: string | undefined) =>
    sha256(authorization?.slice('Bearer '.length).split('.')[2] ?? '');
  if (mode === 'bare-dynamo') {
    const { document, tableName } = infra.table;
    bare.get('/models/:modelId', async (c) => {
      const session = await document.send(
        new GetCommand({
          TableName: tableName,
          Key: tableKeys.session.key({ idHash: sessionIdHash(c.req.header('authorization')) }),
          ConsistentRead: true,
        }),
      );
      if (!session.Item) return c.json({ error: 'unauthorized' }, 401);
      const items = await document.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: {
            ':pk': tableKeys.model.partition({ modelId: c.req.param('modelId') }),
          },
          ConsistentRead: true,
        }),
      );
      return c.json({ modelId: c.req.param('modelId'), items: items.Items ?? [] });
    });
  } else if (mode === 'bare-memory') {
    const { session, collection } = await memoryState();
    const sessions = new Map([[session.idHash, session]]);
    const collections = new Map([[modelId, collection]]);
    bare.get('/models/:modelId', (c) => {
      if (!sessions.get(sessionIdHash(c.req.header('authorization')))) {
        return c.json({ error: 'unauthorized' }, 401);
      }
      return c.json({ modelId: c.req.param('modelId'), ...collections.get(c.req.param('modelId')) });
    });
  } else {
    throw new Error(`unknown BENCH_MODE ${mode}`);
  }
  return bare.fetch;
}

const fetch = await buildFetch();
const server = serve({ fetch, port, hostname: '127.0.0.1' }, () => process.send?.('ready'));
answerParent(async () => {
  server.close();
  await runtime.close();
});
