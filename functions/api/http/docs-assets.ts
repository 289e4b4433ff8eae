/**
 * Swagger UI's own files for `/docs`, served by the API itself from the `swagger-ui-dist` package, so
 * the API reference renders offline and loads no code from a third-party host. The files are found the
 * way Node finds any package (`node_modules/swagger-ui-dist/`): from the checkout when run locally,
 * and from the copy the deployment puts beside the Lambda bundle (esbuild bundles code, not these
 * ~1.9 MB of static files). They are read on the first request for them, never at a cold start.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Handler } from 'hono';
// The files served, and the package a deployment ships beside the bundle: shared with infra/.
import { DOCS_ASSET_PACKAGE, DOCS_ASSETS } from '#shared/deployment-contract.js';
import type { AppEnv } from './env.js';
import { errorBody } from './errors.js';

/** Where the page finds them: `${DOCS_ASSETS_BASE}/swagger-ui-dist/<file>`. */
export const DOCS_ASSETS_BASE = '/docs/assets';
export const DOCS_ASSETS_ROUTE = `${DOCS_ASSETS_BASE}/swagger-ui-dist/:file`;

const loaded = new Map<string, Promise<Buffer>>();

function load(file: string): Promise<Buffer> {
  let bytes = loaded.get(file);
  if (!bytes) {
    bytes = (async () => {
      const packageJson = createRequire(import.meta.url).resolve(`${DOCS_ASSET_PACKAGE.name}/package.json`);
      return readFile(join(dirname(packageJson), file));
    })();
    // A failed read is not remembered: the next request tries again.
    bytes.catch(() => loaded.delete(file));
    loaded.set(file, bytes);
  }
  return bytes;
}

/** `GET /docs/assets/swagger-ui-dist/:file`: one of `DOCS_ASSETS`, else 404. */
export const serveDocsAsset: Handler<AppEnv> = async (c) => {
  const file = c.req.param('file') ?? '';
  const contentType = Object.hasOwn(DOCS_ASSETS, file) ? DOCS_ASSETS[file] : undefined;
  if (!contentType) return c.json(errorBody('NOT_FOUND', `No route for GET ${c.req.path}`), 404);
  let bytes: Buffer;
  try {
    bytes = await load(file);
  } catch (error) {
    c.get('logger').error('API reference asset missing from this deployment', { file, error: String(error) });
    return c.json(errorBody('NOT_FOUND', `${file} is not part of this deployment`), 404);
  }
  return c.body(new Uint8Array(bytes), 200, {
    'Content-Type': contentType,
    // Not versioned in the URL: cache for a day, not forever.
    'Cache-Control': 'public, max-age=86400',
  });
};
