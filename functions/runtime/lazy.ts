/**
 * What loads lazily, and why: the one table that decides it. Every `import()` the composition root
 * (runtime.ts, aws-clients.ts) and the Lambda entries make is listed here, so a module is on the API
 * Lambda's cold path unless this file says otherwise. The deployed bundle is split at each `import()`
 * (infra/constructs/code-splitting.ts), so a deferred module is neither read nor parsed until used.
 *
 * The figures (docs/benchmarks.md, "Cold start"; medians of 30 on a quiet machine): the API's cold
 * start is 241 ms against 261 ms for floor (b), a bare Hono + DynamoDB handler (0.92×). Steps 1–6
 * there (the split bundle, zod off the cold path, services built on first use, the route groups and
 * the health handlers without schemas) took it from 1.94× to 1.16×; reading the secrets on first use
 * instead of before liveness then saved ≈ 14 ms (1.16× → 1.09–1.10×), and loading S3's SDK with the
 * first artifact request took 1.10× → 0.92× (0.45 → 0.31 MiB read at a cold start).
 * test/infra/stack.test.ts checks that the bundle's eager files hold none of S3's or KMS's SDK, the
 * secret readers, ethers, siwe or zod.
 *
 * Deferred elsewhere, by the same rule:
 * - the route groups: routes/index.ts is the light route table; each group's module (schemas,
 *   handlers) loads on its first request (functions/api/http/lazy-routes.ts), so a cold start pays
 *   for the routes it serves, not for the whole API;
 * - the OpenAPI document and Swagger UI (functions/api/app.ts), on the first `/openapi.json` or `/docs`;
 * - ethers and siwe inside the chain adapters and the licence token code, at their point of use;
 * - the secret readers' choice between the extension and Secrets Manager's SDK (shared/adapters/secrets).
 *
 * The DynamoDB client stays eager: nearly every request needs it.
 *
 * One export per deferred module, not one object: a bundle that never calls a loader (the chain
 * indexer never builds the API's services) leaves its module out, which esbuild's tree shaking does
 * for unused exports but not for an object's unused properties.
 */
/** The secret readers (Parameters and Secrets extension, or Secrets Manager's SDK): ≈ 14 ms. */
export const loadSecretReaders = () => import('#adapters/secrets/load-secret-env.js');

/** The domain services, their repositories and schemas (zod), siwe and ethers. */
export const loadServices = () => import('./services.js');

/** S3's SDK client: uploads, downloads and the readiness check only (1.10× → 0.92×). */
export const loadS3Client = () => import('#adapters/s3/clients.js');

/** The artifact store: S3's commands and presigner. */
export const loadS3ArtifactStore = () => import('#adapters/s3/s3-artifact-store.js');

/** KMS's SDK client: the first licence signature or signer address, where the key is in KMS. */
export const loadKmsClient = () => import('#adapters/keys/kms-client.js');

/** A licence signer over a KMS key (the token's schemas and ethers come with it). */
export const loadKmsLicenceSigner = async () => {
  const [{ KmsSecp256k1Signer }, { KmsLicenceSigner }] = await Promise.all([
    import('#adapters/keys/kms-secp256k1-signer.js'),
    import('#adapters/keys/kms-licence-signer.js'),
  ]);
  return { KmsSecp256k1Signer, KmsLicenceSigner };
};

/** A licence signer over a key in memory (npm start, tests). */
export const loadPrivateKeyLicenceSigner = () => import('#adapters/keys/private-key-licence-signer.js');

/** The chain indexer: the market's log source and index repository (never on an API request). */
export const loadChainIndexer = () => import('./chain-indexer.js');

/** The answer to the post-deploy smoke event (functions/api/smoke.ts): never on an HTTP request. */
export const loadSmokeAnswer = () => import('#api/smoke.js');
