/**
 * What the deployment (infra/) and the running code agree on: names and files that cross the deploy
 * boundary. Both sides import them from here, so the stack never reaches into an adapter or a route
 * module (and never loads their dependencies at synth), and neither side can drift from the other.
 * Plain data only: no imports.
 */

/**
 * The suffix that marks a variable as "the ARN of the secret holding variable <NAME>": the stack sets
 * `<NAME>_SECRET_ARN`, and at start-up shared/adapters/secrets/secret-env.ts reads it into `<NAME>`.
 */
export const SECRET_ARN_SUFFIX = '_SECRET_ARN';

/**
 * Swagger UI's files that `/docs` serves (functions/api/http/docs-assets.ts), with their content types.
 * Served from `${DOCS_ASSETS_BASE}/swagger-ui-dist/<file>`.
 */
export const DOCS_ASSETS: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
};

/**
 * What a deployment must copy beside the Lambda bundle (infra/stacks/model-commons-stack.ts), as
 * `node_modules/swagger-ui-dist/<file>`: the served files, the package.json resolution needs, and the
 * licence notices that travel with redistributed code.
 */
export const DOCS_ASSET_PACKAGE = {
  name: 'swagger-ui-dist',
  files: ['package.json', ...Object.keys(DOCS_ASSETS), 'LICENSE', 'NOTICE'],
} as const;

/**
 * Where uploads land until they are verified (shared/domain/catalogue/upload-service.ts): inside the
 * API's `artifacts/` prefix, expired by the artifact bucket's lifecycle rule (infra/constructs/
 * artifact-bucket.ts), so leftovers — abandoned uploads, bytes PUT again to an old upload URL — go.
 */
export const ARTIFACT_STAGING_PREFIX = 'artifacts/uploads/';
