/**
 * `npm run generate:client`: writes `cli/client/openapi.ts`, the API client's types, from the OpenAPI
 * document the app serves (`GET /openapi.json`), with openapi-typescript. The app is built in-process
 * on a fixed offline configuration and asked for the document: no server starts and nothing is
 * contacted (the document needs the route modules, not the table, the bucket or a chain).
 * `test/cli/client-contract.test.ts` regenerates the file in memory and fails if the checked-in one
 * differs, so the client's types cannot drift from the routes' schemas.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import { createApp } from '#api/app.js';
import { buildAppDeps, createRuntime } from '#runtime/runtime.js';
import { loadConfig } from '#shared/config.js';
import { createLogger } from '#shared/logging.js';

/** The checked-in client types. */
export const CLIENT_TYPES_PATH = fileURLToPath(new URL('../cli/client/openapi.ts', import.meta.url));

/**
 * A configuration that needs no secret and no server: the addresses are never dialled, since only
 * `/openapi.json` is requested. Config only changes the document's `servers`, which no type uses.
 */
const OFFLINE_ENV = {
  STAGE: 'test',
  LOG_LEVEL: 'silent',
  PUBLIC_ORIGIN: 'http://localhost:3000',
  TABLE_NAME: 'model-commons',
  BUCKET_NAME: 'model-commons-artifacts',
  SESSION_KEYS: 'generate:0123456789abcdef0123456789abcdef',
  CHAINS: JSON.stringify([
    {
      chainId: 31337,
      rpcUrl: 'http://127.0.0.1:8545',
      currencies: [{ address: 'native', symbol: 'ETH', decimals: 18 }],
    },
  ]),
};

/** The OpenAPI document the app serves, from an in-process app on the offline configuration. */
export async function servedOpenApiDocument(): Promise<OpenAPI3> {
  const config = loadConfig(OFFLINE_ENV);
  const runtime = createRuntime(config);
  try {
    const app = createApp(buildAppDeps(runtime, { logger: createLogger('silent') }));
    const response = await app.request('/openapi.json');
    if (response.status !== 200) throw new Error(`GET /openapi.json answered ${response.status}`);
    return (await response.json()) as OpenAPI3;
  } finally {
    await runtime.close();
  }
}

const HEADER = `/**
 * The Model Commons API's paths and schemas as TypeScript types, generated from GET /openapi.json by
 * \`npm run generate:client\` (scripts/generate-client.ts). Do not edit: change the route schemas in
 * functions/api/routes/ and regenerate; test/cli/client-contract.test.ts fails while this is stale.
 */

`;

/** The source of `cli/client/openapi.ts` for `document`. */
export async function clientTypesSource(document: OpenAPI3): Promise<string> {
  const ast = await openapiTS(document, { defaultNonNullable: false });
  return HEADER + astToString(ast);
}

async function main(): Promise<void> {
  const source = await clientTypesSource(await servedOpenApiDocument());
  const current = await readFile(CLIENT_TYPES_PATH, 'utf8').catch(() => undefined);
  if (current === source) {
    console.log(`${CLIENT_TYPES_PATH}: up to date`);
    return;
  }
  await writeFile(CLIENT_TYPES_PATH, source);
  console.log(`${CLIENT_TYPES_PATH}: written`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
